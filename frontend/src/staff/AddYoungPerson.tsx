// "/staff/young-people/new": add a young person to a caseload, then show their invite code.
// The server's refusals are shown against the field they name (`fields`).
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DateInput, FormPage, Select, TextInput } from '../components/form';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, generalError } from '../lib/form-errors';
import { t } from './i18n';
import { navigate } from '../core/router';
import type { SignedInPerson } from '../core/session';
import { LEGAL_STATUSES, type LegalStatus } from '../lib/types';
import { LegalStatusRadios } from './LegalStatusRadios';
import { handOver } from './invite';
import type { Adviser, AdviserList, YoungPersonCreated } from '../api/types';
import { isoDate } from './dates';
import { staffPaths } from './paths';

type Field = 'name' | 'dob' | 'status' | 'pa';
const SERVER_FIELDS: Record<Field, string> = {
  name: 'body.preferred_name',
  dob: 'body.date_of_birth',
  status: 'body.legal_status',
  pa: 'body.allocated_pa_id',
};
const TARGET: Record<Field, string> = {
  name: 'add-name',
  dob: 'add-dob-day',
  status: `add-status-${LEGAL_STATUSES[0]}`,
  pa: 'add-pa',
};
const MESSAGE = {
  name: 'staff.add.error.name',
  dob: 'staff.add.error.dob',
  status: 'staff.add.error.status',
  pa: 'staff.add.error.pa',
} as const;

export function AddYoungPerson({ me }: { me: SignedInPerson }) {
  const [name, setName] = useState('');
  const [dob, setDob] = useState({ day: '', month: '', year: '' });
  const [status, setStatus] = useState<LegalStatus | ''>('');
  const admin = me.role === 'council_admin';
  const chooser = admin || me.role === 'team_manager';
  // A manager's own caseload by default; an admin has none, so they must choose.
  const [pa, setPa] = useState(chooser && !admin ? me.id : '');
  const [pas, setPas] = useState<Adviser[] | null>(null);
  const [errors, setErrors] = useState<Field[]>([]);
  const [problem, setProblem] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  // Managers and admins choose the PA (a manager within their team); a PA adds to their own.
  useEffect(() => {
    if (!chooser) return;
    send<AdviserList>('GET', staffPaths.advisers).then(
      (list) => setPas(list.advisers),
      (error: unknown) => setProblem(generalError(error)),
    );
  }, []);

  const fail = (fields: Field[], text = '') => {
    setErrors(fields);
    setProblem(text);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const date = isoDate(dob.day, dob.month, dob.year);
    const missing: Field[] = [];
    if (!name.trim()) missing.push('name');
    if (!date) missing.push('dob');
    if (!status) missing.push('status');
    if (admin && !pa) missing.push('pa');
    if (missing.length > 0) return fail(missing);
    setBusy(true);
    try {
      const created = await send<YoungPersonCreated>('POST', staffPaths.youngPeople, {
        preferred_name: name.trim(),
        date_of_birth: date,
        legal_status: status,
        ...(pa ? { allocated_pa_id: pa } : {}),
      });
      handOver(created.young_person.id, created.invite);
      navigate(`/staff/young-people/${encodeURIComponent(created.young_person.id)}`);
    } catch (error) {
      setBusy(false);
      const fields = error instanceof ApiError ? fieldsWithErrors(error.fields, SERVER_FIELDS) : [];
      if (fields.length > 0) return fail(fields);
      fail([], generalError(error));
    }
  };

  const errorFor = (field: Field) => (errors.includes(field) ? t(MESSAGE[field]) : undefined);
  const summary = [
    ...(problem ? [{ target: 'add-name', text: problem }] : []),
    ...errors.map((field) => ({ target: TARGET[field], text: t(MESSAGE[field]) })),
  ];

  return (
    <FormPage heading={t('staff.add.title')} summary={summary} attempt={attempt} before={<a class="back-link" href="/staff">{t('staff.person.back')}</a>}>
      <form onSubmit={submit} noValidate>
        <TextInput id="add-name" label={t('staff.add.name')} hint={t('staff.add.nameHint')} error={errorFor('name')} value={name} onInput={setName} autoComplete="off" />
        <DateInput id="add-dob" legend={t('staff.add.dob')} hint={t('staff.add.dobHint')} error={errorFor('dob')} value={dob} onInput={setDob} />
        <LegalStatusRadios id="add-status" error={errorFor('status')} value={status} onChange={setStatus} />
        {chooser && (
          <Select id="add-pa" label={t('staff.add.pa')} error={errorFor('pa')} value={pa} onChange={setPa} placeholder={t('staff.add.paChoose')} options={(pas ?? []).map((member) => [member.id, member.display_name])} />
        )}
        <button type="submit" class="button" disabled={busy}>
          {t('staff.add.submit')}
        </button>
      </form>
    </FormPage>
  );
}
