// "/c/:slug/join": a young person joins with the code their PA gave them. Three steps, one
// question each: the code (checked with the server at once, so a typo is caught before they
// choose anything), a username (skipped when they already have one: a new code after an
// access reset keeps it), then a PIN or passphrase typed twice. Nothing typed here ever goes
// in the address. Then, where the browser can, an offer of a passkey.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CodeInput, FormPage, PasswordInput, Radios, UsernameInput } from '../components/form';
import { PasskeyOffer } from '../components/PasskeyOffer';
import { PrivacyNote } from '../components/PrivacyNote';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, generalError, useForm } from '../lib/form-errors';
import { t } from '../core/i18n';
import { weakPin } from '../lib/pin';
import { navigate } from '../core/router';
import type { InviteUsable, Me } from '../api/types';
import { authPaths, canUsePasskeys, signedIn } from '../core/session';

type Step = 'code' | 'username' | 'secret';
type Field = 'code' | 'username' | 'kind' | 'secret' | 'again';
type Errors = Partial<Record<Field, string>>;

const CODE = /^[A-Za-z0-9]{8}$/;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const PIN = /^[0-9]{6,12}$/;
/** The step that asks for each field. */
const STEP_OF: Record<Field, Step> = { code: 'code', username: 'username', kind: 'secret', secret: 'secret', again: 'secret' };
const HEADINGS = { code: 'join.codeHeading', username: 'join.usernameHeading', secret: 'join.secretHeading' } as const;
const TARGETS: Record<Field, string> = {
  code: 'join-code',
  username: 'join-username',
  kind: 'join-kind-pin',
  secret: 'join-secret',
  again: 'join-again',
};
/** The labels of the new PIN or passphrase and of typing it again. */
const SECRET_LABELS = {
  pin: { secret: 'join.pinLabel', again: 'join.pinAgainLabel' },
  passphrase: { secret: 'join.passphraseLabel', again: 'join.passphraseAgainLabel' },
} as const;

export function JoinView({ slug }: { slug: string }) {
  const [step, setStep] = useState<Step>('code');
  const form = useForm(TARGETS, { code: '', username: '', secret: '', again: '' });
  const { code, username, secret, again } = form.values;
  /** The username they chose before, when this code is for a new PIN after a reset. */
  const [kept, setKept] = useState<string | null>(null);
  const [kind, setKind] = useState<'pin' | 'passphrase' | ''>('');
  const [busy, setBusy] = useState(false);
  const [joinedAt, setJoinedAt] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  // A new step takes focus on its heading, so a screen reader hears the new question.
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
    moved.current = true;
  }, [step]);

  const show = (next: Errors, at: Step, general = '') => {
    form.fail(next, general);
    setStep(at);
  };

  const checkStep = (): Errors => {
    if (step === 'code') return CODE.test(code.replace(/[\s-]/g, '')) ? {} : { code: t('join.error.code') };
    if (step === 'username') return USERNAME.test(username.trim().toLowerCase()) ? {} : { username: t('join.error.username') };
    if (!kind) return { kind: t('join.error.kind') };
    const wrong = kind === 'pin' ? !PIN.test(secret) || weakPin(secret) : secret.length < 8;
    if (wrong) return { secret: t(kind === 'pin' ? 'join.error.pin' : 'join.error.passphrase') };
    if (again !== secret) return { again: t('join.error.mismatch') };
    return {};
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found = checkStep();
    if (Object.keys(found).length > 0) return show(found, step);
    form.clear();
    if (step === 'code') return checkCode();
    if (step === 'username') return setStep('secret');
    setBusy(true);
    try {
      const me = await send<Me>('POST', authPaths.join, {
        code: code.trim(),
        ...(kept ? {} : { username: username.trim().toLowerCase() }),
        secret: kind === 'pin' ? { kind, pin: secret } : { kind, passphrase: secret },
      });
      await signedIn(me);
      const home = `/c/${encodeURIComponent(me.council)}`;
      if (canUsePasskeys()) setJoinedAt(home);
      else navigate(home);
    } catch (error) {
      setBusy(false);
      refused(error);
    }
  };

  const checkCode = async () => {
    setBusy(true);
    try {
      const usable = await send<InviteUsable>('POST', authPaths.inviteCheck, { code: code.trim() });
      setKept(usable.username);
      setStep(usable.username ? 'secret' : 'username');
    } catch (error) {
      refused(error);
    } finally {
      setBusy(false);
    }
  };

  const refused = (error: unknown) => {
    if (!(error instanceof ApiError)) return show({}, step, generalError(error));
    if (error.status === 401) return show({ code: t('join.error.badCode') }, 'code');
    if (error.status === 429) return show({}, step, t('join.error.slowDown', { count: error.retryAfter ?? 60 }));
    if (error.status === 409) return show({ username: t('join.error.taken') }, 'username');
    const [field] = fieldsWithErrors(error.fields, {
      code: 'body.code',
      username: 'body.username',
      secret: 'body.secret',
    });
    if (field === 'secret') return show({ secret: t(kind === 'pin' ? 'join.error.pin' : 'join.error.passphrase') }, 'secret');
    if (field) return show({ [field]: t(field === 'code' ? 'join.error.badCode' : 'join.error.username') }, STEP_OF[field]);
    show({}, step, generalError(error));
  };

  const back = () => {
    form.clear();
    setStep(step === 'secret' && !kept ? 'username' : 'code');
  };

  if (joinedAt) return <PasskeyOffer home={joinedAt} />;

  return (
    <FormPage
      heading={t(HEADINGS[step])}
      summary={form.summary(TARGETS[step === 'secret' ? 'secret' : step])}
      attempt={form.attempt}
      headingRef={headingRef}
      intro={<p class="hint">{t('join.title')}</p>}
    >
      <form onSubmit={submit} noValidate>
        {step === 'code' && (
          <>
            <p>{t('join.codeIntro')}</p>
            <CodeInput {...form.field('code')} label={t('join.codeLabel')} hint={t('join.codeHint')} autoComplete="off" />
            <PrivacyNote slug={slug} text={t('privacy.note.join')} />
          </>
        )}
        {step === 'username' && <UsernameInput {...form.field('username')} label={t('join.usernameLabel')} hint={t('join.usernameHint')} />}
        {step === 'secret' && (
          <>
            {kept && <p>{t('join.usernameKept', { username: kept })}</p>}
            <p>{t('join.secretIntro')}</p>
            <Radios
              id="join-kind"
              legend={t('join.kindLegend')}
              error={form.errors.kind}
              options={['pin', 'passphrase'] as const}
              label={(choice) => t(`join.kind.${choice}`)}
              optionHint={(choice) => t(`join.kind.${choice}Hint`)}
              value={kind}
              onChange={(choice) => {
                setKind(choice);
                form.set('secret')('');
                form.set('again')('');
              }}
            />
            {kind &&
              (['secret', 'again'] as const).map((field) => (
                <PasswordInput
                  key={`${kind}-${field}`}
                  {...form.field(field)}
                  label={t(SECRET_LABELS[kind][field])}
                  inputMode={kind === 'pin' ? 'numeric' : 'text'}
                  width={kind === 'pin' ? 'medium' : 'full'}
                  isNew
                />
              ))}
          </>
        )}
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            {t(step === 'secret' ? 'join.submit' : 'form.continue')}
          </button>
          {step !== 'code' && (
            <button type="button" class="button button--secondary" onClick={back}>
              {t('form.back')}
            </button>
          )}
        </div>
      </form>
      {step === 'code' && (
        <p>
          {t('join.haveAccount')}{' '}
          <a class="tap-link" href={`/c/${encodeURIComponent(slug)}/sign-in`}>
            {t('join.signInLink')}
          </a>
        </p>
      )}
    </FormPage>
  );
}
