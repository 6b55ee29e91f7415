// "/staff/join": a new local staff account. Invite code and passphrase, then the TOTP key
// (as text and as an otpauth:// link; no QR service, which would send the key elsewhere)
// and the recovery codes, with a "save these now" step before going on.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Choice, CodeInput, ErrorSummary, FormPage, PasswordInput } from '../components/form';
import { Page } from '../components/Page';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, generalError, useForm } from '../lib/form-errors';
import { t } from './i18n';
import { navigate } from '../core/router';
import { authPaths } from '../core/session';

interface Joined {
  totp_secret: string;
  totp_uri: string;
  recovery_codes: string[];
}
type Field = 'code' | 'passphrase' | 'again';
const TARGETS: Record<Field, string> = {
  code: 'staff-join-code',
  passphrase: 'staff-join-passphrase',
  again: 'staff-join-again',
};

export function StaffJoin() {
  const [joined, setJoined] = useState<Joined | null>(null);
  return joined ? <SaveThese joined={joined} /> : <JoinForm onJoined={setJoined} />;
}

function JoinForm({ onJoined }: { onJoined: (joined: Joined) => void }) {
  const form = useForm(TARGETS, { code: '', passphrase: '', again: '' });
  const { fail } = form;
  const [busy, setBusy] = useState(false);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const { code, passphrase, again } = form.values;
    const found: Partial<Record<Field, string>> = {};
    if (!/^[A-Za-z0-9]{8}$/.test(code.replace(/[\s-]/g, ''))) found.code = t('staff.join.error.code');
    if (passphrase.length < 12) found.passphrase = t('staff.join.error.passphrase');
    else if (again !== passphrase) found.again = t('staff.join.error.again');
    if (Object.keys(found).length > 0) return fail(found);
    setBusy(true);
    try {
      onJoined(await send<Joined>('POST', authPaths.staffJoin, { code: code.trim(), passphrase }));
    } catch (error) {
      setBusy(false);
      if (!(error instanceof ApiError)) return fail({}, generalError(error));
      if (error.status === 401) return fail({ code: t('staff.join.error.badCode') });
      if (error.status === 429) return fail({}, t('staff.signIn.error.slowDown', { count: error.retryAfter ?? 60 }));
      const [field] = fieldsWithErrors(error.fields, { code: 'body.code', passphrase: 'body.passphrase' });
      if (field) return fail({ [field]: t(field === 'code' ? 'staff.join.error.badCode' : 'staff.join.error.passphrase') });
      fail({}, generalError(error));
    }
  };

  return (
    <FormPage heading={t('staff.join.title')} summary={form.summary(TARGETS.code)} attempt={form.attempt}>
      <p>{t('staff.join.intro')}</p>
      <form onSubmit={submit} noValidate>
        <CodeInput {...form.field('code')} label={t('staff.join.code')} autoComplete="off" />
        <PasswordInput {...form.field('passphrase')} label={t('staff.join.passphrase')} hint={t('staff.join.passphraseHint')} isNew />
        <PasswordInput {...form.field('again')} label={t('staff.join.again')} isNew />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.join.submit')}
        </button>
      </form>
    </FormPage>
  );
}

/** The key in groups of four, easier to type into an app: "ABCD EFGH ...". */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function SaveThese({ joined }: { joined: Joined }) {
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState('');
  const [attempt, setAttempt] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const next = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!saved) {
      setError(t('staff.join.confirmError'));
      setAttempt((n) => n + 1);
      return;
    }
    navigate('/staff/sign-in');
  };

  return (
    <Page title={t('staff.join.savedTitle')} headingRef={headingRef}>
      {error && <ErrorSummary attempt={attempt} errors={[{ target: 'staff-join-saved', text: error }]} />}
      <p class="inset inset--warning">{t('staff.join.savedIntro')}</p>
      <h2>{t('staff.join.totpHeading')}</h2>
      <p>{t('staff.join.totpText')}</p>
      <p class="secret-text" data-testid="totp-secret">
        {grouped(joined.totp_secret)}
      </p>
      <p>
        <a href={joined.totp_uri}>{t('staff.join.totpLink')}</a>
      </p>
      <h2>{t('staff.join.recoveryHeading')}</h2>
      <p>{t('staff.join.recoveryText')}</p>
      <ul class="recovery-codes" data-testid="recovery-codes">
        {joined.recovery_codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <form onSubmit={next} noValidate>
        <div class={error ? 'form-group form-group--error' : 'form-group'}>
          <Choice
            type="checkbox"
            id="staff-join-saved"
            name="saved"
            value="yes"
            label={t('staff.join.confirm')}
            checked={saved}
            onChange={setSaved}
          />
        </div>
        <button type="submit" class="button">
          {t('staff.join.continue')}
        </button>
      </form>
    </Page>
  );
}
