// "/c/:slug/sign-in": a young person signs in with their username and PIN or passphrase.
// Wrong tries get a kind, clear answer; the server slows them down, then locks the account
// until their PA resets it. Someone who added a passkey can use it instead.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorSummary, TextInput } from '../components/form';
import { Page } from '../components/Page';
import { ApiError, send } from '../core/api';
import { generalError, passkeyError } from '../lib/form-errors';
import { t } from '../core/i18n';
import { navigate } from '../core/router';
import type { Me } from '../api/types';
import { authPaths, canUsePasskeys, signedIn } from '../core/session';

type Field = 'username' | 'secret' | 'passkey';

export function SignInView({ slug }: { slug: string }) {
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<{ text: string; locked: boolean } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const home = `/c/${encodeURIComponent(slug)}`;

  const fail = (fields: Partial<Record<Field, string>>, text = '', locked = false) => {
    setErrors(fields);
    setProblem(text ? { text, locked } : null);
    setAttempt((n) => n + 1);
  };

  const welcome = async (me: Me) => {
    await signedIn(me);
    navigate(`/c/${encodeURIComponent(me.council)}`);
  };

  const usePasskey = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { signInWithPasskey } = await import('../lib/passkey');
      await welcome(await signInWithPasskey(slug));
    } catch (error) {
      setBusy(false);
      fail({ passkey: passkeyError(error, 'signIn') });
    }
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<Field, string>> = {};
    if (!username.trim()) missing.username = t('signIn.error.username');
    if (!secret) missing.secret = t('signIn.error.secret');
    if (Object.keys(missing).length > 0) return fail(missing);
    setBusy(true);
    try {
      const me = await send<Me>('POST', authPaths.signIn, {
        council: slug,
        username: username.trim().toLowerCase(),
        secret,
      });
      await welcome(me);
    } catch (error) {
      setBusy(false);
      setSecret('');
      if (!(error instanceof ApiError)) return fail({}, generalError(error));
      if (error.status === 401 || error.status === 422) return fail({ secret: t('signIn.error.wrong') });
      if (error.status === 429) return fail({}, t('signIn.error.slowDown', { count: error.retryAfter ?? 60 }));
      if (error.status === 423) return fail({}, t('signIn.error.locked'), true);
      fail({}, generalError(error));
    }
  };

  const summary = [
    ...(problem ? [{ target: 'sign-in-username', text: problem.text }] : []),
    ...(errors.username ? [{ target: 'sign-in-username', text: errors.username }] : []),
    ...(errors.secret ? [{ target: 'sign-in-secret', text: errors.secret }] : []),
    ...(errors.passkey ? [{ target: 'sign-in-passkey', text: errors.passkey }] : []),
  ];
  const title = summary.length > 0 ? `${t('check.errorPrefix')} ${t('signIn.title')}` : t('signIn.title');

  return (
    <Page title={title} heading={t('signIn.title')}>
      {summary.length > 0 && <ErrorSummary attempt={attempt} errors={summary} />}
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="sign-in-username"
          label={t('signIn.usernameLabel')}
          error={errors.username}
          value={username}
          onInput={setUsername}
          autoComplete="username"
          autoCapitalize="none"
        />
        <TextInput
          id="sign-in-secret"
          label={t('signIn.secretLabel')}
          error={errors.secret}
          value={secret}
          onInput={setSecret}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" class="button" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      {canUsePasskeys() && (
        <section aria-labelledby="passkey-heading">
          <h2 id="passkey-heading">{t('passkeys.signInHeading')}</h2>
          <p>{t('passkeys.signInText')}</p>
          {errors.passkey && (
            <p class="error-message" id="sign-in-passkey-error">
              <span class="visually-hidden">{t('check.errorPrefix')} </span>
              {errors.passkey}
            </p>
          )}
          <button
            id="sign-in-passkey"
            type="button"
            class="button button--secondary"
            disabled={busy}
            aria-describedby={errors.passkey ? 'sign-in-passkey-error' : undefined}
            onClick={() => void usePasskey()}
          >
            {t('passkeys.signIn')}
          </button>
        </section>
      )}
      <p>
        {t('signIn.newHere')}{' '}
        <a class="tap-link" href={`${home}/join`}>
          {t('signIn.joinLink')}
        </a>
      </p>
    </Page>
  );
}
