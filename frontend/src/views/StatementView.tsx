// "/c/:slug/views/sent/:id": one statement as a conversation with their PA (or the team it
// went to): what they sent, the replies and what they wrote back, in time order, as bubbles
// with names, times and ticks; and a box to write back (it waits in the outbox offline). The
// words come from the server when online and stay on the phone only while they are signed in
// (docs/decisions/006-what-stays-on-the-phone.md); opening it online tells the server which
// replies they have seen.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ReplyState, ThreadOut } from '../api/types';
import { ErrorSummary, TextArea } from '../components/form';
import { Page } from '../components/Page';
import { CallPa, PaPhoto, paOf, type Pa } from '../components/PaCard';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { formatDateTime } from '../lib/format';
import { useFormErrors } from '../lib/form-errors';
import { t } from '../core/i18n';
import type { OutboxItem } from '../core/outbox';
import { answerText, progressText, questionLabel, recipientText, typeTitle } from '../features/statements/text';
import { repliesTo } from '../features/statements/pages';
import { progressOf, type Answers, type LocalMessage, type LocalStatement } from '../features/statements/statements';
import {
  fetchThread,
  messageProblem,
  messageTick,
  messagesIn,
  sendMessage,
  statementTick,
  storedThread,
  threadEntries,
  toPa,
  type Tick,
} from '../features/statements/thread';
import { useRepliesSeen } from '../features/statements/replies-seen';
import { useMyViews, type MyViews } from '../features/statements/use-my-views';
import { NotFound } from '../components/NotFound';

export function StatementView({ slug, id }: { slug: string; id: string }) {
  return (
    <YoungPersonOnly slug={slug}>
      {(person) => <One slug={slug} owner={person.id} pa={paOf(person)} id={id} />}
    </YoungPersonOnly>
  );
}

/** Who the thread is with: their PA by first name ("your PA" where the phone has none), which
 * reads well inside a sentence; or a team by the council's label ("The participation team"),
 * which starts with a capital, so the team's wording names it only after a colon or not at all. */
interface Partner {
  pa: boolean;
  name: string;
}

function partnerText(key: 'heading' | 'waiting' | 'wordsOffline' | 'saved' | 'writeLabel', partner: Partner): string {
  return t(partner.pa ? `views.thread.${key}` : `views.thread.${key}Team`, { who: partner.name });
}

interface Loaded {
  thread: ThreadOut | undefined;
  replies: ReplyState[];
  messages: LocalMessage[];
}

/** The thread from the phone at once, then from the server when it answers (which also
 * tells it the replies shown are seen): on opening, once the server has the statement, and
 * on coming back online. Read again whenever the outbox or a pull changes. */
function useThread(owner: string, id: string, views: MyViews | null): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fetched, setFetched] = useState(0);
  const [online, setOnline] = useState(0);
  const onServer = Boolean(views?.statements.some((row) => row.id === id && (row.sent || row.server)));
  useEffect(() => {
    const again = () => setOnline((n) => n + 1);
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, []);
  useEffect(() => {
    // Not before the server has it: asking would only be refused (and audited as a refusal).
    if (!onServer) return;
    let current = true;
    void fetchThread(owner, id).then((thread) => {
      if (current && thread) setFetched((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [owner, id, onServer, online]);
  useEffect(() => {
    let current = true;
    Promise.all([storedThread(owner, id), repliesTo(owner, id), messagesIn(owner, id)]).then(
      ([thread, replies, messages]) => current && setLoaded({ thread, replies, messages }),
      () => current && setLoaded({ thread: undefined, replies: [], messages: [] }),
    );
    return () => {
      current = false;
    };
  }, [owner, id, views, fetched]);
  return loaded;
}

function One({ slug, owner, pa, id }: { slug: string; owner: string; pa: Pa | null; id: string }) {
  const paName = pa?.name;
  const views = useMyViews(owner);
  const loaded = useThread(owner, id, views);
  const shown = views?.statements.some((row) => row.id === id);
  useRepliesSeen(id, shown ? loaded?.replies : undefined);
  if (!views || !loaded) {
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
  const { thread } = loaded;
  const withPa = toPa(statement, thread);
  const who: Partner = withPa
    ? { pa: true, name: paName || t('views.yourPaLower') }
    : { pa: false, name: statement.recipient_label || thread?.recipient_label || t('views.yourPaLower') };
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
      {statement.recipient_label && (
        <p data-testid="statement-to">{recipientText(statement, progress, withPa ? paName : null)}</p>
      )}
      <section aria-labelledby="thread-heading">
        <div class="pa-line">
          {withPa && pa && <PaPhoto pa={pa} size={48} />}
          <h2 id="thread-heading">{partnerText('heading', who)}</h2>
        </div>
        {withPa && pa && <CallPa pa={pa} />}
        <ol class="thread" data-testid="replies">
          {threadEntries(statement.created_at, loaded.replies, loaded.messages).map((entry) => {
            if (entry.kind === 'statement') {
              return <Sent key={id} statement={statement} thread={thread} item={item} who={who} />;
            }
            if (entry.kind === 'reply') return <ReplyBubble key={entry.reply.id} reply={entry.reply} />;
            const message = entry.message;
            return (
              <Bubble key={message.id} at={message.created_at} tick={messageTick(message, views.outbox.get(message.id))} who={who} testId="my-message">
                <p class="bubble__text">{message.text}</p>
              </Bubble>
            );
          })}
        </ol>
        {loaded.replies.length === 0 && <p class="hint">{t('views.noReplies')}</p>}
      </section>
      {progress.state !== 'attention' && <WriteBack owner={owner} statementId={id} who={who} />}
    </Page>
  );
}

/** What they sent: the words from the phone (not sent yet) or from the server (fetched
 * while signed in); otherwise where the words are and when they will show. */
function Sent({ statement, thread, item, who }: { statement: LocalStatement; thread: ThreadOut | undefined; item: OutboxItem | undefined; who: Partner }) {
  const type = statement.type ?? thread?.type;
  const answers = (statement.body?.answers ?? thread?.answers) as Answers | undefined;
  const about = statement.body?.about ?? thread?.about;
  return (
    <Bubble at={statement.created_at} tick={statementTick(statement, item)} who={who} testId="my-statement">
      {about && <p>{t('views.about', { title: about.title })}</p>}
      {type === 'help_now' ? (
        <p data-testid="statement-words">{t('views.thread.tappedHelp')}</p>
      ) : answers && type ? (
        <dl class="answers" data-testid="statement-words">
          {Object.entries(answers).map(([name, value]) => (
            <div key={name} class="answers__row">
              <dt>{questionLabel(type, name)}</dt>
              <dd>{answerText(name, value)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p data-testid="words-kept-safe">{partnerText('wordsOffline', who)}</p>
      )}
    </Bubble>
  );
}

function ReplyBubble({ reply }: { reply: ReplyState }) {
  return (
    <li class="bubble bubble--theirs" data-testid="reply">
      <p class="bubble__who">{reply.from}</p>
      <p class="bubble__text">{reply.text}</p>
      <p class="bubble__meta">
        <time dateTime={reply.created_at}>{formatDateTime(reply.created_at)}</time>
      </p>
    </li>
  );
}

interface BubbleProps {
  at: string;
  tick: Tick;
  who: Partner;
  testId: string;
  children: ComponentChildren;
}

/** One of the young person's own: "You", the words, the time and the tick. */
function Bubble({ at, tick, who, testId, children }: BubbleProps) {
  return (
    <li class="bubble bubble--mine" data-testid={testId}>
      <p class="bubble__who">{t('views.thread.you')}</p>
      {children}
      <p class="bubble__meta">
        <time dateTime={at}>{formatDateTime(at)}</time>{' '}
        <span data-testid="tick" class={`tick tick--${tick.state}`}>
          <TickText tick={tick} who={who} />
        </span>
      </p>
    </li>
  );
}

function TickText({ tick, who }: { tick: Tick; who: Partner }) {
  switch (tick.state) {
    case 'waiting':
      return <>{partnerText('waiting', who)}</>;
    case 'attention':
      return <>{t('views.thread.notSent')}</>;
    case 'sent':
      return (
        <>
          <span aria-hidden="true">✓ </span>
          {t('views.thread.sent')}
        </>
      );
    case 'seen':
      return (
        <>
          <span aria-hidden="true">✓✓ </span>
          {t('views.thread.seenBy', { name: tick.by })}
        </>
      );
  }
}

/** The box to write back. Saved to the outbox at once, so it goes when there is signal. */
function WriteBack({ owner, statementId, who }: { owner: string; statementId: string; who: Partner }) {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState('');
  const { errors, attempt, fail, clear, summary } = useFormErrors({ text: 'message-text' });
  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = messageProblem(text);
    if (problem) return fail({ text: t(`views.thread.${problem}`) });
    clear();
    await sendMessage(owner, statementId, text);
    setText('');
    setNotice(partnerText('saved', who));
  };
  const found = summary('message-text');
  return (
    <section aria-labelledby="write-back-heading">
      <h2 id="write-back-heading" class="visually-hidden">
        {t('views.thread.writeHeading')}
      </h2>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={submit} noValidate>
        <TextArea
          id="message-text"
          label={partnerText('writeLabel', who)}
          hint={t('views.thread.writeHint')}
          error={errors.text}
          value={text}
          rows={3}
          onInput={setText}
        />
        <button type="submit" class="button">
          {t('views.thread.send')}
        </button>
      </form>
      <p role="status" class="hint">
        {notice}
      </p>
    </section>
  );
}
