// "/c/:slug/views/new/:type": starts a draft (an "Ask" may say what it is about) and opens it.
// The draft's address replaces this one, so Back does not start another.
import { useEffect } from 'preact/hooks';
import type { About } from '../api/types';
import { Page } from '../components/Page';
import type { SAID_NO } from '../components/AskLink';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { t } from '../core/i18n';
import { navigate } from '../core/router';
import { saveDraft } from '../features/statements/pages';
import { newDraft } from '../features/statements/statements';
import { WRITTEN_TYPES, type StatementType } from '../lib/statement-types';
import { NotFound } from '../components/NotFound';

/** `?about=offer_item&id=...&title=...` from an offer item or a pledge promise. */
export function aboutFrom(search: string): About | null {
  const query = new URLSearchParams(search);
  const kind = query.get('about');
  const id = query.get('id') ?? '';
  const title = (query.get('title') ?? '').slice(0, 200);
  if ((kind !== 'offer_item' && kind !== 'promise') || !id || !title) return null;
  return { kind, id, title };
}

export function NewStatementView({ slug, type, search }: { slug: string; type: string; search: string }) {
  if (!(WRITTEN_TYPES as readonly string[]).includes(type)) return <NotFound />;
  return (
    <YoungPersonOnly slug={slug}>
      {(person) => <Start slug={slug} owner={person.id} type={type as StatementType} search={search} />}
    </YoungPersonOnly>
  );
}

function Start({ slug, owner, type, search }: { slug: string; owner: string; type: StatementType; search: string }) {
  useEffect(() => {
    const about = type === 'ask' ? aboutFrom(search) : null;
    const draft = newDraft(owner, slug, type, about);
    const saidNo = (history.state as Partial<typeof SAID_NO> | null)?.saidNo === true;
    if (about) draft.answers = { question: t(saidNo ? 'views.tellPrefill' : 'views.askPrefill', { title: about.title }) };
    void saveDraft(draft).then(
      () => navigate(`/c/${encodeURIComponent(slug)}/views/draft/${draft.id}`, { replace: true }),
      () => navigate(`/c/${encodeURIComponent(slug)}/views`, { replace: true }),
    );
  }, []);
  return (
    <Page title={t('app.loadingTitle')} busy>
      <p>{t('app.loading')}</p>
    </Page>
  );
}
