// "/c/:slug/seen": who on the staff opened the young person's statements, plan, health
// passport or record, and when, in plain words, newest first, from the audit trail. The
// council chooses whether staff are named or given by role only. Online only.
import '../lib/my-data-words';
import { useState } from 'preact/hooks';
import type { SeenEntry, SeenPage } from '../api/types';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { send } from '../core/api';
import { t } from '../core/i18n';
import { seenSentence } from '../lib/seen-text';
import { NotYet, useOnlineData } from './online-only';

export const SEEN_PATH = '/api/v1/my-data/seen';

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
