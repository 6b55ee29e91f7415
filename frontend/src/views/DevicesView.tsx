// "/c/:slug/devices": where the young person is signed in, with a way to sign out on any
// one device, or everywhere at once (a lost or shared phone); and their passkeys.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionList, SessionOut } from '../api/types';
import { Page } from '../components/Page';
import { PasskeyList } from '../components/PasskeyList';
import { ApiError, send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t } from '../core/i18n';
import { navigate } from '../core/router';
import { authPaths, signedOutByChoice, useSignedIn } from '../core/session';
import { Problem } from '../components/Problem';

export function DevicesView({ slug }: { slug: string }) {
  const person = useSignedIn();
  const home = `/c/${encodeURIComponent(slug)}`;
  const [sessions, setSessions] = useState<SessionOut[] | null>(null);
  const [problem, setProblem] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const reload = () =>
    send<SessionList>('GET', authPaths.sessions).then(
      (list) => setSessions(list.sessions),
      (error: unknown) => setProblem(generalError(error)),
    );

  useEffect(() => {
    if (person) void reload();
  }, [person?.id]);

  const act = async (task: () => Promise<unknown>, endsThisDevice: boolean) => {
    setBusy(true);
    setProblem('');
    try {
      await task();
      if (endsThisDevice) {
        navigate(home); // first, so this page never shows its signed-out state on the way
        await signedOutByChoice();
        return;
      }
      setNotice(t('devices.ended'));
      await reload();
      headingRef.current?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return navigate(home);
      setProblem(generalError(error));
    } finally {
      setBusy(false);
    }
  };

  if (person === undefined) return <Page title={t('devices.title')} busy />;
  if (person === null) {
    return (
      <Page title={t('devices.title')}>
        <p>{t('devices.signedOutText')}</p>
        <p>
          <a class="tap-link" href={`${home}/sign-in`}>
            {t('account.signIn')}
          </a>
        </p>
        <ThisPhoneLink home={home} />
      </Page>
    );
  }

  return (
    <Page title={t('devices.title')} headingRef={headingRef} busy={sessions === null && !problem}>
      <p class="lead">{t('devices.intro')}</p>
      <p role="status">{notice}</p>
      <Problem text={problem} />
      {sessions && (
        <ul class="cards" data-testid="devices">
          {sessions.map((session) => (
            <li key={session.id} class="card">
              <h2 class="card__title">
                {session.device_label}
                {session.current && <strong class="tag">{t('devices.thisDevice')}</strong>}
              </h2>
              <p class="card__summary">{t('devices.signedIn', { date: formatDateTime(session.created_at) })}</p>
              <p class="card__summary">{t('devices.lastUsed', { date: formatDateTime(session.last_seen_at) })}</p>
              <button
                type="button"
                class="button button--secondary"
                disabled={busy}
                onClick={() =>
                  void (session.current
                    ? navigate(`${home}/sign-out`)
                    : act(() => send('DELETE', authPaths.session(session.id)), false))
                }
              >
                {session.current ? t('devices.signOutHere') : t('devices.signOutThere', { device: session.device_label })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {person.kind === 'young_person' && <PasskeyList />}
      <section aria-labelledby="everywhere-heading">
        <h2 id="everywhere-heading">{t('devices.everywhereHeading')}</h2>
        <p>{t('devices.everywhereText')}</p>
        <button
          type="button"
          class="button button--warning"
          disabled={busy}
          onClick={() => void act(() => send('POST', authPaths.signOutEverywhere), true)}
        >
          {t('devices.everywhere')}
        </button>
      </section>
      {person.kind === 'young_person' && (
        <section aria-labelledby="phone-heading">
          <h2 id="phone-heading">{t('devices.phoneHeading')}</h2>
          <p>{t('devices.phoneText')}</p>
          <ThisPhoneLink home={home} />
        </section>
      )}
    </Page>
  );
}

/** "What is on this phone": signed in or not, a young person can see and clear it. */
function ThisPhoneLink({ home }: { home: string }) {
  return (
    <p>
      <a class="tap-link" href={`${home}/this-phone`}>
        {t('devices.phoneLink')}
      </a>
    </p>
  );
}
