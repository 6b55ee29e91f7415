// "/c/:slug/views": the young person's statements and where each has got to, unfinished
// drafts, and the ways to start a new one.
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { formatSavedDate } from '../lib/format';
import { t } from '../core/i18n';
import { progressText, typeTitle } from '../features/statements/text';
import { progressOf, type LocalStatement } from '../features/statements/statements';
import { WRITTEN_TYPES } from '../lib/statement-types';
import { useMyViews, type MyViews } from '../features/statements/use-my-views';

export function MyViewsView({ slug }: { slug: string }) {
  // Until the phone knows who is signed in, the same page without their statements.
  return (
    <YoungPersonOnly slug={slug} frame={<List slug={slug} owner={null} />}>
      {(person) => <List slug={slug} owner={person.id} />}
    </YoungPersonOnly>
  );
}

/** `owner` null: not known yet. */
function List({ slug, owner }: { slug: string; owner: string | null }) {
  const views = useMyViews(owner);
  const base = `/c/${encodeURIComponent(slug)}/views`;
  return (
    <Page title={t('views.title')}>
      <p class="lead">{t('views.intro')}</p>
      <h2 id="new-heading">{t('views.newHeading')}</h2>
      <ul class="cards" aria-labelledby="new-heading">
        {WRITTEN_TYPES.map((type) => (
          <li key={type} class="card card--link">
            <h3 class="card__title">
              <a href={`${base}/new/${type}`}>{typeTitle(type)}</a>
            </h3>
            <p class="card__summary">{t(`views.type.${type}.text`)}</p>
          </li>
        ))}
      </ul>
      {views && views.drafts.length > 0 && (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t('views.draftsHeading')}</h2>
          <ul class="list statement-list" data-testid="drafts">
            {views.drafts.map((draft) => (
              <li key={draft.id} class="statement-row">
                <a href={`${base}/draft/${draft.id}`}>{typeTitle(draft.type)}</a>
                <span class="hint">{t('views.draftSaved', { date: formatSavedDate(draft.updated_at) })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="sent-heading">
        <h2 id="sent-heading">{t('views.sentHeading')}</h2>
        {views === null ? (
          <p>{t('app.loading')}</p>
        ) : views.statements.length === 0 ? (
          <p>{t('views.none')}</p>
        ) : (
          <ul class="list statement-list" data-testid="statements">
            {views.statements.map((statement) => (
              <Row key={statement.id} base={base} statement={statement} views={views} />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function Row({ base, statement, views }: { base: string; statement: LocalStatement; views: MyViews }) {
  const item = views.outbox.get(statement.id);
  const progress = progressOf(statement, item);
  const urgent = statement.urgent || (statement.server?.urgent ?? false);
  return (
    <li class="statement-row" data-testid="statement">
      <a href={`${base}/sent/${statement.id}`}>
        {statement.type ? typeTitle(statement.type) : t('views.untitled')}
      </a>
      {urgent && <strong class="tag">{t('views.urgentTag')}</strong>}
      <span class="hint">{formatSavedDate(statement.created_at)}</span>
      <span class={`statement-state statement-state--${progress.state}`} data-testid="statement-state">
        {progressText(progress, item)}
      </span>
    </li>
  );
}
