// "/staff/sign-in": a local account's username, passphrase and authenticator code, or the
// council's own sign-in (OpenID Connect) where the council has one.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CouncilList, CouncilOut, Me } from '../api/types';
import { CodeInput, FormPage, PasswordInput, Radios, UsernameInput } from '../components/form';
import { Loaded } from '../components/Loaded';
import { paths, send, useResource } from '../core/api';
import { generalError, signInRefusal, useForm } from '../lib/form-errors';
import { t } from './i18n';
import { navigate } from '../core/router';
import { authPaths, signedIn } from '../core/session';

type Field = 'council' | 'username' | 'passphrase' | 'code';
const PROBLEMS = ['provider', 'not_staff_here'] as const;
const OIDC_LINK = 'staff-oidc';

export function StaffSignIn({ search }: { search: string }) {
  return <Loaded<CouncilList> path={paths.councils}>{({ councils }) => <Form councils={councils.map((c) => c.slug)} names={councils.map((c) => c.name)} search={search} />}</Loaded>;
}

function Form({ councils, names, search }: { councils: string[]; names: string[]; search: string }) {
  // Back from the council's own sign-in: which council, and why it did not work.
  const returned = new URLSearchParams(search);
  const known = PROBLEMS.find((problem) => problem === returned.get('problem'));
  const returnedCouncil = councils.find((slug) => slug === returned.get('council'));
  const targets: Record<Field, string> = {
    council: `staff-council-${councils[0] ?? ''}`,
    username: 'staff-username',
    passphrase: 'staff-passphrase',
    code: 'staff-code',
  };
  const returnedProblem = known ? t(`staff.signIn.problem.${known}`) : '';
  const chosen = returnedCouncil ?? (councils.length === 1 ? (councils[0] ?? '') : '');
  const form = useForm(targets, { council: chosen, username: '', passphrase: '', code: '' }, returnedProblem);
  const { problem, fail } = form;
  const { council, username, passphrase, code } = form.values;
  const [busy, setBusy] = useState(false);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<Field, string>> = {};
    if (!council) missing.council = t('staff.signIn.error.council');
    if (!username.trim()) missing.username = t('staff.signIn.error.username');
    if (!passphrase) missing.passphrase = t('staff.signIn.error.passphrase');
    if (code.replace(/\s/g, '').length < 6) missing.code = t('staff.signIn.error.code');
    if (Object.keys(missing).length > 0) return fail(missing);
    setBusy(true);
    try {
      const me = await send<Me>('POST', authPaths.staffSignIn, {
        council,
        username: username.trim().toLowerCase(),
        passphrase,
        code: code.trim(),
      });
      await signedIn(me);
      navigate('/staff');
    } catch (error) {
      setBusy(false);
      form.set('code')('');
      const refused = signInRefusal(error);
      if (refused?.reason === 'wrong') return fail({ code: t('staff.signIn.error.wrong') });
      fail({}, refused ? t(`staff.signIn.error.${refused.reason}`, { count: refused.seconds }) : generalError(error));
    }
  };

  // The problem the council's own sign-in sent back points at its button, to try again.
  const summary = form.summary(council && returnedProblem && problem === returnedProblem ? OIDC_LINK : targets.username);

  return (
    <FormPage heading={t('staff.signIn.title')} summary={summary} attempt={form.attempt}>
      <p>{t('staff.signIn.intro')}</p>
      <form onSubmit={submit} noValidate>
        {councils.length > 1 && (
          <Radios
            id="staff-council"
            legend={t('staff.signIn.council')}
            options={councils}
            label={(slug) => names[councils.indexOf(slug)] ?? slug}
            {...form.choice('council')}
          />
        )}
        {council && <CouncilSignIn slug={council} />}
        <UsernameInput {...form.field('username')} label={t('staff.signIn.username')} />
        <PasswordInput {...form.field('passphrase')} label={t('staff.signIn.passphrase')} />
        <CodeInput {...form.field('code')} label={t('staff.signIn.code')} hint={t('staff.signIn.codeHint')} autoComplete="one-time-code" />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.signIn.submit')}
        </button>
      </form>
      <p>
        <a class="tap-link" href="/staff/join">
          {t('staff.signIn.join')}
        </a>
      </p>
    </FormPage>
  );
}

/** "Sign in with your council account", when the council has its own sign-in service. */
function CouncilSignIn({ slug }: { slug: string }) {
  const [council] = useResource<CouncilOut>(paths.council(slug));
  if (council.status !== 'ready' || !council.data.staff_oidc) return null;
  return (
    <div class="inset">
      <p>
        <a id={OIDC_LINK} class="button" href={`/api/v1/auth/oidc/${encodeURIComponent(slug)}/start`}>
          {t('staff.signIn.oidc')}
        </a>
      </p>
      <p class="hint">{t('staff.signIn.or')}</p>
    </div>
  );
}
