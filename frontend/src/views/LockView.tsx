// "/c/:slug/lock": the young person turns the app lock on or off on this phone, and chooses
// when it asks again (decision 020). The lock code is theirs alone and is never their sign-in
// PIN: the server never sees it.
import '../features/lock/words';
import { useEffect, useState } from 'preact/hooks';
import { Form, FormPage, PasswordInput, Radios } from '../components/form';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { t } from '../core/i18n';
import { chooseLockAfter, DEFAULT_LOCK_AFTER, LOCK_AFTER, lockAfterChosen, lockIsOn, lockNow, turnOff, turnOn, type LockAfter } from '../features/lock/lock';
import { PhoneLockSetting } from '../features/lock/PhoneLockSetting';
import { useForm } from '../lib/form-errors';

const TARGETS = { code: 'lock-new-code', again: 'lock-again', after: 'lock-after-60' };

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
    await turnOn(code, Number(after) as LockAfter);
    setBusy(false);
    onDone();
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

function LockIsOn({ onOff }: { onOff: () => void }) {
  const [after, setAfter] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => void lockAfterChosen().then((chosen) => setAfter(String(chosen))), []);
  if (after === null) return <Page title={t('lock.title')} busy />;
  const off = async () => {
    setBusy(true);
    await turnOff();
    onOff();
  };
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
      <div class="button-group">
        <button type="button" class="button" onClick={() => void lockNow()}>
          {t('lock.lockNow')}
        </button>
        <button type="button" class="button button--warning" disabled={busy} onClick={() => void off()}>
          {t('lock.turnOff')}
        </button>
      </div>
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
