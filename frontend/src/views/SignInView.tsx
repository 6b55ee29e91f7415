// "/c/:slug/sign-in": a young person signs in with their username and PIN or passphrase.
// Wrong tries get a kind, clear answer; the server slows them down, then locks the account
// until their PA resets it. Someone who added a passkey can use it instead.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorMessage, FormPage, PasswordInput, UsernameInput } from '../components/form';
import { PrivacyNote } from '../components/PrivacyNote';
import { send } from '../core/api';
import { generalError, passkeyError, signInRefusal, useForm, type FieldMessages } from '../lib/form-errors';
import { t } from '../core/i18n';
import { navigate } from '../core/router';
import type { Me } from '../api/types';
import { authPaths, canUsePasskeys, signedIn } from '../core/session';

const TARGETS = { username: 'sign-in-username', secret: 'sign-in-secret', passkey: 'sign-in-passkey' };

export function SignInView({ slug }: { slug: string }) {
  const form = useForm(TARGETS, { username: '', secret: '' });
  const { errors, fail } = form;
  const [busy, setBusy] = useState(false);
  const home = `/c/${encodeURIComponent(slug)}`;

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
    const { username, secret } = form.values;
    const missing: FieldMessages<keyof typeof TARGETS> = {};
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
      form.set('secret')('');
      const refused = signInRefusal(error);
      if (refused?.reason === 'wrong') return fail({ secret: t('signIn.error.wrong') });
      fail({}, refused ? t(`signIn.error.${refused.reason}`, { count: refused.seconds }) : generalError(error));
    }
  };

  return (
    <FormPage heading={t('signIn.title')} summary={form.summary(TARGETS.username)} attempt={form.attempt}>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} noValidate>
        <UsernameInput {...form.field('username')} label={t('signIn.usernameLabel')} />
        <PasswordInput {...form.field('secret')} label={t('signIn.secretLabel')} />
        <PrivacyNote slug={slug} text={t('privacy.note.signIn')} />
        <button type="submit" class="button" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      {canUsePasskeys() && (
        <section aria-labelledby="passkey-heading">
          <h2 id="passkey-heading">{t('passkeys.signInHeading')}</h2>
          <p>{t('passkeys.signInText')}</p>
          <ErrorMessage id={TARGETS.passkey} text={errors.passkey} />
          <button
            id={TARGETS.passkey}
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
    </FormPage>
  );
}
