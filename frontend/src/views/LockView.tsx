// "/c/:slug/lock": the young person turns the app lock on or off on this phone, and chooses
// when it asks again (decision 020). The lock code is theirs alone and is never their sign-in
// PIN: the server never sees it.
import { refusal } from '../features/lock/words';
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, Form, FormPage, PasswordInput, Radios } from '../components/form';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { t } from '../core/i18n';
import { chooseLockAfter, DEFAULT_LOCK_AFTER, LOCK_AFTER, lockAfterChosen, lockIsOn, lockNow, turnOff, turnOn, type LockAfter } from '../features/lock/lock';
import { PhoneLockSetting } from '../features/lock/PhoneLockSetting';
import { useForm } from '../lib/form-errors';

const TARGETS = { code: 'lock-new-code', again: 'lock-again', after: 'lock-after-60' };
const OFF_TARGETS = { code: 'lock-off-code' };

function AfterChoice({ value, onChange }: { value: string; onChange: (after: string) => void }) {
  return (
    <Radios
      id="lock-after"
      legend={t('lock.after')}
      options={LOCK_AFTER.map(String)}
      label={(option) => t(`lock.after.${option}` as 'lock.after.0')}
      value={value}
      onChange={onChange}
    />
  );
}

function TurnOn({ onDone }: { onDone: () => void }) {
  const form = useForm(TARGETS, { code: '', again: '', after: String(DEFAULT_LOCK_AFTER) });
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { code, again, after } = form.values;
    if (!/^\d{4,8}$/.test(code)) return form.fail({ code: t('lock.error.code') });
    if (again !== code) return form.fail({ again: t('lock.error.again') });
    setBusy(true);
    try {
      await turnOn(code, Number(after) as LockAfter);
      onDone();
    } catch {
      form.fail({}, t('lock.error.notOn')); // turnOn put everything back as it was
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormPage heading={t('lock.title')} summary={form.summary('lock-new-code')} attempt={form.attempt} intro={<p class="lead">{t('lock.intro')}</p>}>
      <Form onSubmit={submit}>
        <p class="inset">{t('lock.notPin')}</p>
        <PasswordInput {...form.field('code')} label={t('lock.code')} hint={t('lock.codeHint')} inputMode="numeric" width="short" isNew />
        <PasswordInput {...form.field('again')} label={t('lock.again')} inputMode="numeric" width="short" isNew />
        <AfterChoice {...form.choice('after')} />
        <p>{t('lock.forgetNote')}</p>
        <button type="submit" class="button" disabled={busy}>
          {t('lock.turnOn')}
        </button>
      </Form>
    </FormPage>
  );
}

/** Turning the lock off asks for the code: someone handed the unlocked phone must not be able
 * to take the lock off. */
function TurnOff({ onOff }: { onOff: () => void }) {
  const form = useForm(OFF_TARGETS, { code: '' });
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const code = form.values.code;
    if (!/^\d{4,8}$/.test(code)) return form.fail({ code: t('lock.error.code') });
    setBusy(true);
    try {
      const result = await turnOff(code);
      if (result.ok) return onOff();
      form.reset();
      form.fail({ code: refusal(result) });
    } catch {
      form.fail({}, t('lock.error.notOff'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="lock-off-heading">
      <h2 id="lock-off-heading">{t('lock.off.heading')}</h2>
      {form.summary('lock-off-code').length > 0 && <ErrorSummary attempt={form.attempt} errors={form.summary('lock-off-code')} />}
      <Form onSubmit={submit}>
        <PasswordInput {...form.field('code')} label={t('lock.off.code')} inputMode="numeric" width="short" />
        <button type="submit" class="button button--warning" disabled={busy}>
          {t('lock.turnOff')}
        </button>
      </Form>
    </section>
  );
}

function LockIsOn({ onOff }: { onOff: () => void }) {
  const [after, setAfter] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => void lockAfterChosen().then((chosen) => setAfter(String(chosen))), []);
  if (after === null) return <Page title={t('lock.title')} busy />;
  return (
    <Page title={t('lock.title')}>
      <p class="lead" data-testid="lock-state">
        {t('lock.isOn')}
      </p>
      <Form onSubmit={() => chooseLockAfter(Number(after) as LockAfter).then(() => setSaved(true))}>
        <AfterChoice
          value={after}
          onChange={(chosen) => {
            setAfter(chosen);
            setSaved(false);
          }}
        />
        <p role="status">{saved ? t('lock.saved') : ''}</p>
        <button type="submit" class="button button--secondary">
          {t('lock.save')}
        </button>
      </Form>
      <PhoneLockSetting />
      <p>
        <button type="button" class="button" onClick={() => void lockNow()}>
          {t('lock.lockNow')}
        </button>
      </p>
      <TurnOff onOff={onOff} />
    </Page>
  );
}

export function LockView({ slug }: { slug: string }) {
  const [on, setOn] = useState(lockIsOn);
  return (
    <YoungPersonOnly slug={slug} title={t('lock.title')}>
      {() => (on ? <LockIsOn onOff={() => setOn(false)} /> : <TurnOn onDone={() => setOn(true)} />)}
    </YoungPersonOnly>
  );
}
