// "Their PA" on a young person's page, for managers (their team's PAs) and admins (every PA
// in the council): choose another PA to move them to. PAs cannot reallocate.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, Select } from '../components/form';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, generalError, useForm } from '../lib/form-errors';
import { t } from './i18n';
import type { Adviser, AdviserList, YoungPersonOut } from '../api/types';
import { staffPaths } from './paths';

const TARGET = { pa: 'move-pa' };

export function Reallocate({ person, onMoved }: { person: YoungPersonOut; onMoved: (name: string) => void }) {
  const [advisers, setAdvisers] = useState<Adviser[] | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm(TARGET, { pa: '' });
  const { fail, clear } = form;

  useEffect(() => {
    send<AdviserList>('GET', staffPaths.advisers).then(
      (list) => setAdvisers(list.advisers),
      (error: unknown) => fail({}, generalError(error)),
    );
  }, [person.allocated_pa_id]);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = advisers?.find((adviser) => adviser.id === form.values.pa);
    if (!chosen || chosen.id === person.allocated_pa_id) return fail({ pa: t('staff.person.paSame') });
    setBusy(true);
    clear();
    try {
      await send<YoungPersonOut>('PATCH', staffPaths.youngPerson(person.id), { allocated_pa_id: chosen.id });
      form.reset();
      onMoved(chosen.display_name);
    } catch (error) {
      const wrongPa = error instanceof ApiError && fieldsWithErrors(error.fields, { pa: 'body.allocated_pa_id' }).length > 0;
      fail(wrongPa ? { pa: t('staff.person.paSame') } : {}, wrongPa ? '' : generalError(error));
    } finally {
      setBusy(false);
    }
  };

  const current = advisers?.find((adviser) => adviser.id === person.allocated_pa_id);
  const found = form.summary(TARGET.pa);
  return (
    <section aria-labelledby="pa-heading">
      <h2 id="pa-heading">{t('staff.person.paHeading')}</h2>
      {current && <p>{t('staff.person.paCurrent', { name: current.display_name })}</p>}
      {found.length > 0 && <ErrorSummary attempt={form.attempt} errors={found} />}
      <form onSubmit={submit} noValidate>
        <Select
          id={TARGET.pa}
          label={t('staff.person.paLabel')}
          hint={t('staff.person.paHint')}
          {...form.choice('pa')}
          placeholder={t('staff.add.paChoose')}
          options={(advisers ?? []).map((adviser) => [adviser.id, t('staff.person.paOption', { name: adviser.display_name, count: adviser.caseload ?? 0 })])}
        />
        <button type="submit" class="button button--secondary" disabled={busy || advisers === null}>
          {t('staff.person.paSubmit')}
        </button>
      </form>
    </section>
  );
}
