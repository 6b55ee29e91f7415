// "/c/:slug/calendar": the young person's dates in their own calendar app. A private feed
// link (made, copied, stopped here; shown once) and one-off "Add to calendar" files. Every
// calendar entry says only "Harbour: appointment". Needs the internet: the link is made and
// stopped by the server.
import { useEffect, useState } from 'preact/hooks';
import type { EventList, EventOut, FeedCreated, FeedStatus } from '../api/types';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { send } from '../core/api';
import { formatDate, formatSavedDate } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t, type MessageKey } from '../core/i18n';
import { EVENTS_PATH } from '../features/passport/passport';

const FEED_PATH = '/api/v1/calendar/feed';

export function CalendarView({ slug }: { slug: string }) {
  return (
    <YoungPersonOnly slug={slug} title={t('passport.signIn')}>
      {() => <Calendar slug={slug} />}
    </YoungPersonOnly>
  );
}

function eventName(key: string): string {
  if (key === 'plan-review') return t('calendar.planReview');
  return t(`passport.field.${key.replaceAll('-', '_')}` as MessageKey);
}

/** webcal:// opens the link in the phone's calendar app as a subscription. */
function webcal(url: string): string {
  return url.replace(/^https?:/, 'webcal:');
}

function Calendar({ slug }: { slug: string }) {
  const [feed, setFeed] = useState<FeedStatus | null>(null);
  const [events, setEvents] = useState<EventOut[] | 'failed' | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    send<FeedStatus>('GET', FEED_PATH).then(setFeed, (error: unknown) => setProblem(generalError(error)));
    send<EventList>('GET', EVENTS_PATH).then(
      (found) => setEvents(found.events),
      () => setEvents('failed'),
    );
  }, []);

  const act = async (work: () => Promise<void>, message: string) => {
    setBusy(true);
    setProblem('');
    setDone('');
    try {
      await work();
      setDone(message);
    } catch (error) {
      setProblem(generalError(error));
    }
    setBusy(false);
  };
  const create = () =>
    act(async () => {
      const created = await send<FeedCreated>('POST', FEED_PATH);
      setMade(created.url);
      setCopied(false);
      setFeed({ active: true, created_at: created.created_at });
    }, t('calendar.made'));
  const revoke = () =>
    act(async () => {
      await send('DELETE', FEED_PATH);
      setMade(null);
      setFeed({ active: false, created_at: null });
    }, t('calendar.revoked'));
  const copy = async () => {
    if (!made) return;
    try {
      await navigator.clipboard.writeText(made);
      setCopied(true);
    } catch {
      document.getElementById('feed-url')?.focus();
    }
  };

  return (
    <Page
      title={t('calendar.title')}
      before={
        <a href={`/c/${encodeURIComponent(slug)}/health`} class="back-link">
          {t('passport.back')}
        </a>
      }
    >
      <p class="lead">{t('calendar.intro')}</p>
      <p class="inset" data-testid="calendar-private">
        {t('calendar.private')}
      </p>
      <div role="status">
        {done && (
          <p class="inset" data-testid="calendar-done">
            {done}
          </p>
        )}
      </div>
      {problem && (
        <p class="inset inset--warning" role="alert">
          {problem}
        </p>
      )}
      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t('calendar.feedHeading')}</h2>
        {feed === null && !problem && <p>{t('app.loading')}</p>}
        {feed && (
          <p data-testid="feed-state">
            {feed.active && feed.created_at
              ? t('calendar.active', { date: formatSavedDate(feed.created_at) })
              : t('calendar.none')}
          </p>
        )}
        {made && (
          <div class="feed-link" data-testid="feed-link">
            <label class="label" for="feed-url">
              {t('calendar.urlLabel')}
            </label>
            <p id="feed-url-hint" class="hint">
              {t('calendar.urlHint')}
            </p>
            <input
              id="feed-url"
              class="input input--full"
              type="text"
              readOnly
              value={made}
              aria-describedby="feed-url-hint"
              onFocus={(event) => event.currentTarget.select()}
            />
            <div class="button-group">
              <button type="button" class="button" onClick={() => void copy()}>
                {t(copied ? 'calendar.copied' : 'calendar.copy')}
              </button>
              <a href={webcal(made)} class="button button--secondary">
                {t('calendar.open')}
              </a>
            </div>
          </div>
        )}
        {feed && (
          <div class="button-group">
            <button type="button" class={made ? 'button button--secondary' : 'button'} disabled={busy} onClick={() => void create()}>
              {t(feed.active ? 'calendar.replace' : 'calendar.create')}
            </button>
            {feed.active && (
              <button type="button" class="button button--warning" disabled={busy} onClick={() => void revoke()}>
                {t('calendar.revoke')}
              </button>
            )}
          </div>
        )}
        {feed?.active && <p class="hint">{t('calendar.replaceHint')}</p>}
      </section>
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">{t('calendar.eventsHeading')}</h2>
        {events === null ? (
          <p>{t('app.loading')}</p>
        ) : events === 'failed' ? (
          <p>{t('form.offline')}</p>
        ) : events.length === 0 ? (
          <p>{t('calendar.noEvents')}</p>
        ) : (
          <ul class="list statement-list" data-testid="calendar-events">
            {events.map((event) => (
              <li key={event.key} class="statement-row">
                <span>
                  <strong>{eventName(event.key)}</strong>: {formatDate(event.date)}
                </span>
                <a href={`${EVENTS_PATH}/${encodeURIComponent(event.key)}.ics`} download="harbour-appointment.ics">
                  {t('calendar.addOne')}
                  <span class="visually-hidden"> {eventName(event.key)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
