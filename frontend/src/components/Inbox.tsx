// The inbox, for young people ("/c/:slug/inbox") and staff ("/staff/inbox"): every reminder
// and message, new ones first. It, not the push, is the record: a push may never arrive, and
// a notification says only "You have a reminder". Tapping one (here or on the notification,
// which opens "<inbox>/<id>") marks it seen and opens its screen.
import { useEffect, useState } from 'preact/hooks';
import type { InboxItem, InboxOut } from '../api/types';
import { send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t, type MessageKey } from '../core/i18n';
import { inboxPaths, refreshInboxCount } from '../lib/inbox-count';
import { safeOpenPath } from '../core/open-path';
import { groupInbox } from '../lib/reminders';
import { navigate } from '../core/router';
import type { Voice } from './ReminderSettings';
import { Page } from './Page';
import { Problem } from './Problem';

interface Props {
  voice: Voice;
  /** "/c/riverford/inbox" or "/staff/inbox". */
  base: string;
  settingsHref: string;
}

function useInbox(): [InboxOut | null, string] {
  const [inbox, setInbox] = useState<InboxOut | null>(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    send<InboxOut>('GET', inboxPaths.list).then(setInbox, (error: unknown) => setProblem(generalError(error)));
  }, []);
  return [inbox, problem];
}

export function InboxPage({ voice, base, settingsHref, missing = false }: Props & { missing?: boolean }) {
  const say = (key: string, params?: Record<string, string | number>) => t(`${voice}.${key}` as MessageKey, params);
  const [inbox, problem] = useInbox();
  const groups = inbox && groupInbox(inbox.items);
  return (
    <Page title={say('inbox.title')} busy={!inbox && !problem}>
      <p class="lead">{say('inbox.intro')}</p>
      {missing && <p class="inset inset--warning">{say('inbox.missing')}</p>}
      <Problem text={problem} />
      {groups && inbox.items.length === 0 && <p data-testid="inbox-empty">{say('inbox.empty')}</p>}
      {groups && groups.unseen.length > 0 && (
        <InboxGroup id="inbox-new" title={say('inbox.newHeading')} items={groups.unseen} base={base} say={say} />
      )}
      {groups && groups.seen.length > 0 && (
        <InboxGroup id="inbox-seen" title={say('inbox.seenHeading')} items={groups.seen} base={base} say={say} />
      )}
      <p>
        <a class="tap-link" href={settingsHref}>
          {say('inbox.settingsLink')}
        </a>
      </p>
    </Page>
  );
}

interface GroupProps {
  id: string;
  title: string;
  items: InboxItem[];
  base: string;
  say: (key: string, params?: Record<string, string | number>) => string;
}

function InboxGroup({ id, title, items, base, say }: GroupProps) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <ul class="cards">
        {items.map((item) => (
          <li key={item.id} class="card card--link" data-testid="inbox-item">
            <h3 class="card__title">
              <a href={`${base}/${encodeURIComponent(item.id)}`}>{item.title}</a>
            </h3>
            <p class="card__summary">
              <span class={item.kind === 'urgent' ? 'tag tag--overdue' : 'tag tag--muted'}>{say(`inbox.kind.${item.kind}`)}</span>{' '}
              {formatDateTime(item.sent_at ?? item.due_at)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "<inbox>/<id>": marks the item seen and opens its screen in its place (so Back returns to
 * where the person was). An item no longer there (a cancelled reminder) shows the inbox with
 * a word why; offline, the inbox's own offline message. */
export function InboxOpen({ voice, base, settingsHref, id }: Props & { id: string }) {
  const [inbox, problem] = useInbox();
  const item = inbox?.items.find((found) => found.id === id);
  const open = item && safeOpenPath(item.open, location.origin);
  useEffect(() => {
    if (!item || !open) return;
    send('POST', inboxPaths.seen(item.id)).then(refreshInboxCount, () => undefined);
    navigate(open, { replace: true });
  }, [item?.id]);
  if (inbox && !open) return <InboxPage voice={voice} base={base} settingsHref={settingsHref} missing />;
  if (problem) return <InboxPage voice={voice} base={base} settingsHref={settingsHref} />;
  return <Page title={t('app.loadingTitle')} busy />;
}
