// "/staff/sign-in": a local account's username, passphrase and authenticator code, or the
// council's own sign-in (OpenID Connect) where the council has one.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CouncilList, CouncilOut, Me } from '../api/types';
import { Choice, ErrorSummary, Fieldset, TextInput } from '../components/form';
import { Loaded } from '../components/Loaded';
import { Page } from '../components/Page';
import { ApiError, paths, send, useResource } from '../core/api';
import { generalError, useFormErrors } from '../lib/form-errors';
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
  const [council, setCouncil] = useState(returnedCouncil ?? (councils.length === 1 ? (councils[0] ?? '') : ''));
  const [username, setUsername] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const targets: Record<Field, string> = {
    council: `staff-council-${councils[0] ?? ''}`,
    username: 'staff-username',
    passphrase: 'staff-passphrase',
    code: 'staff-code',
  };
  const returnedProblem = known ? t(`staff.signIn.problem.${known}`) : '';
  const { errors, problem, attempt, fail, summary: summaryAt } = useFormErrors<Field>(targets, returnedProblem);
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
      setCode('');
      if (!(error instanceof ApiError)) return fail({}, generalError(error));
      if (error.status === 401 || error.status === 422) return fail({ code: t('staff.signIn.error.wrong') });
      if (error.status === 429) return fail({}, t('staff.signIn.error.slowDown', { count: error.retryAfter ?? 60 }));
      if (error.status === 423) return fail({}, t('staff.signIn.error.locked'));
      fail({}, generalError(error));
    }
  };

  // The problem the council's own sign-in sent back points at its button, to try again.
  const summary = summaryAt(council && returnedProblem && problem === returnedProblem ? OIDC_LINK : targets.username);
  const title = summary.length > 0 ? `${t('check.errorPrefix')} ${t('staff.signIn.title')}` : t('staff.signIn.title');

  return (
    <Page title={title} heading={t('staff.signIn.title')}>
      {summary.length > 0 && <ErrorSummary attempt={attempt} errors={summary} />}
      <p>{t('staff.signIn.intro')}</p>
      <form onSubmit={submit} noValidate>
        {councils.length > 1 && (
          <Fieldset id="staff-council" legend={t('staff.signIn.council')} error={errors.council}>
            {councils.map((slug, index) => (
              <Choice
                key={slug}
                type="radio"
                id={`staff-council-${slug}`}
                name="council"
                value={slug}
                label={names[index] ?? slug}
                checked={council === slug}
                onChange={() => setCouncil(slug)}
              />
            ))}
          </Fieldset>
        )}
        {council && <CouncilSignIn slug={council} />}
        <TextInput id="staff-username" label={t('staff.signIn.username')} error={errors.username} value={username} onInput={setUsername} autoComplete="username" autoCapitalize="none" />
        <TextInput id="staff-passphrase" label={t('staff.signIn.passphrase')} error={errors.passphrase} value={passphrase} onInput={setPassphrase} type="password" autoComplete="current-password" />
        <TextInput
          id="staff-code"
          label={t('staff.signIn.code')}
          hint={t('staff.signIn.codeHint')}
          error={errors.code}
          value={code}
          onInput={setCode}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          width="medium"
        />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.signIn.submit')}
        </button>
      </form>
      <p>
        <a class="tap-link" href="/staff/join">
          {t('staff.signIn.join')}
        </a>
      </p>
    </Page>
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
