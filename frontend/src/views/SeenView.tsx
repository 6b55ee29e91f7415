// "/c/:slug/seen": who on the staff opened the young person's statements, plan, health
// passport or record, and when, in plain words, newest first, from the audit trail. The
// council chooses whether staff are named or given by role only. Online only.
import { useState } from 'preact/hooks';
import type { SeenEntry, SeenPage } from '../api/types';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { send } from '../core/api';
import { t, type MessageKey } from '../core/i18n';
import { formatDateTime } from '../lib/format';
import { NotYet, useOnlineData } from './online-only';

export const SEEN_PATH = '/api/v1/my-data/seen';

/** "Alex (your personal adviser) opened your “How I'm feeling” on 3 December 2026 at 17:20". */
export function seenSentence(entry: SeenEntry): string {
  const { name, role } = entry.by;
  const who = name
    ? t('seen.who.named', { name, role: t(`seen.role.${role}` as MessageKey) })
    : t(`seen.roleOnly.${role}` as MessageKey);
  const what = t(`seen.what.${entry.what}` as MessageKey, {
    type: entry.statement_type ? t(`views.type.${entry.statement_type}.title` as MessageKey) : '',
    title: entry.task_title ?? t('seen.what.aTask'),
  });
  return t('seen.line', { who, what, date: formatDateTime(entry.at) });
}

export function SeenList({ entries }: { entries: SeenEntry[] }) {
  return (
    <ul class="cards" data-testid="seen">
      {entries.map((entry) => (
        <li key={entry.id} class="card">
          <p class="card__summary">{seenSentence(entry)}</p>
        </li>
      ))}
    </ul>
  );
}

export function SeenView({ slug }: { slug: string }) {
  return <YoungPersonOnly slug={slug} title={t('seen.title')}>{() => <Seen slug={slug} />}</YoungPersonOnly>;
}

function Seen({ slug }: { slug: string }) {
  const [state, retry] = useOnlineData<SeenPage>(SEEN_PATH);
  const [older, setOlder] = useState<SeenPage[]>([]);
  const [busy, setBusy] = useState(false);
  if (state.status !== 'ready') return <NotYet title={t('seen.title')} status={state.status} offline="seen.offline" retry={retry} />;
  const pages = [state.data, ...older];
  const next = pages[pages.length - 1]?.next_before;
  const more = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const page = await send<SeenPage>('GET', `${SEEN_PATH}?before=${encodeURIComponent(next)}`);
      setOlder([...older, page]);
    } finally {
      setBusy(false);
    }
  };
  const entries = pages.flatMap((page) => page.seen);
  return (
    <Page title={t('seen.title')}>
      <p class="lead">{t('seen.intro')}</p>
      {entries.length === 0 ? <p data-testid="seen-empty">{t('seen.empty')}</p> : <SeenList entries={entries} />}
      {next && (
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void more()}>
          {t('seen.more')}
        </button>
      )}
      <p>
        <a class="tap-link" href={`/c/${encodeURIComponent(slug)}/my-data`}>
          {t('seen.myDataLink')}
        </a>
      </p>
    </Page>
  );
}
