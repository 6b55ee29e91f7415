// "/c/:slug/sign-in": a young person signs in with their username and PIN or passphrase.
// Wrong tries get a kind, clear answer; the server slows them down, then locks the account
// until their PA resets it.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorSummary, TextInput } from '../components/form';
import { Page } from '../components/Page';
import { ApiError, send } from '../lib/api';
import { generalError } from '../lib/form-errors';
import { t } from '../lib/i18n';
import { navigate } from '../lib/router';
import { authPaths, signedIn, type Me } from '../lib/session';

type Field = 'username' | 'secret';

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
      await signedIn(me);
      navigate(`/c/${encodeURIComponent(me.council)}`);
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
      <p>
        {t('signIn.newHere')}{' '}
        <a class="tap-link" href={`${home}/join`}>
          {t('signIn.joinLink')}
        </a>
      </p>
    </Page>
  );
}
