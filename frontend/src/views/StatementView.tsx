// "/c/:slug/views/sent/:id": one statement, where it has got to, and the replies (kept on
// the phone, so they read offline). Its words show only until the server has them: after
// that they are kept by the council, not on the phone (trust.md T2).
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { formatSavedDate } from '../lib/format';
import { t } from '../core/i18n';
import { answerText, progressText, questionLabel, recipientText, typeTitle } from '../features/statements/text';
import { repliesTo } from '../features/statements/pages';
import { progressOf, type Reply } from '../features/statements/statements';
import { useMyViews } from '../features/statements/use-my-views';
import { NotFound } from '../components/NotFound';

export function StatementView({ slug, id }: { slug: string; id: string }) {
  return (
    <YoungPersonOnly slug={slug}>
      {(person) => <One slug={slug} owner={person.id} paName={person.pa_first_name} id={id} />}
    </YoungPersonOnly>
  );
}

function One({ slug, owner, paName, id }: { slug: string; owner: string; paName?: string | null; id: string }) {
  const views = useMyViews(owner);
  const [replies, setReplies] = useState<Reply[]>([]);
  useEffect(() => {
    void repliesTo(owner, id).then(setReplies, () => undefined);
  }, [owner, id, views]);
  if (!views) {
    return (
      <Page title={t('app.loadingTitle')} busy>
        <p>{t('app.loading')}</p>
      </Page>
    );
  }
  const statement = views.statements.find((row) => row.id === id);
  if (!statement) return <NotFound />;
  const item = views.outbox.get(id);
  const progress = progressOf(statement, item);
  const body = statement.body;
  return (
    <Page
      title={statement.type ? typeTitle(statement.type) : t('views.untitled')}
      before={
        <a href={`/c/${encodeURIComponent(slug)}/views`} class="back-link">
          {t('views.backToList')}
        </a>
      }
    >
      <p class={progress.state === 'attention' ? 'inset inset--warning' : 'inset'} role="status" data-testid="statement-state">
        {progressText(progress, item)}
      </p>
      <p class="hint">{t('views.savedOn', { date: formatSavedDate(statement.created_at) })}</p>
      {statement.recipient_label && <p data-testid="statement-to">{recipientText(statement, progress, paName)}</p>}
      {body?.about && <p>{t('views.about', { title: body.about.title })}</p>}
      {!body && (
        <p class="inset" data-testid="words-kept-safe">
          {t('views.wordsKeptSafe')}
        </p>
      )}
      {body && (
        <dl class="answers">
          {Object.entries(body.answers).map(([name, value]) => (
            <div key={name} class="answers__row">
              <dt>{questionLabel(body.type, name)}</dt>
              <dd>{answerText(name, value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <section aria-labelledby="replies-heading">
        <h2 id="replies-heading">{t('views.repliesHeading')}</h2>
        {replies.length === 0 ? (
          <p>{t('views.noReplies')}</p>
        ) : (
          <ul class="list replies" data-testid="replies">
            {replies.map((reply) => (
              <li key={reply.id} class="reply">
                <p class="reply__from">{t('views.replyFrom', { name: reply.from, date: formatSavedDate(reply.created_at) })}</p>
                <p class="reply__text">{reply.text}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
