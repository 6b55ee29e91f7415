// "/c/:slug/views/help[/:id]": what to do now, shown at once and offline (nothing here waits
// for the network), and where the call for help has got to, kept up to date while the page is
// open: Waiting to send to Alex → Sent to Alex → Seen by Alex at 17:20 → Alex replied. Below
// the numbers, "I'm OK now" / "I sent it by mistake" tells the PA without cancelling anything.
import { useEffect, useState } from 'preact/hooks';
import type { CouncilOut, UpdateSaid } from '../api/types';
import { HelpNumbers } from '../components/HelpNumbers';
import { Page } from '../components/Page';
import { CallPa, PaPhoto, paOf } from '../components/PaCard';
import { paths, useResource } from '../core/api';
import { useOnline, useOutbox } from '../core/hooks';
import { t } from '../core/i18n';
import type { OutboxItem } from '../core/outbox';
import { onPulled, requestPull } from '../core/pull';
import { useSignedIn } from '../core/session';
import { helpState, tellPa, updateOf } from '../features/statements/help';
import { repliesTo } from '../features/statements/pages';
import { getStatement, progressOf, type LocalStatement, type Reply } from '../features/statements/statements';
import { useRepliesSeen } from '../features/statements/replies-seen';
import { formatDateTime, formatTime, formatWhen, isToday } from '../lib/format';

/** How often the open page asks the server for news while online (a pull is small). */
const CHECK_EVERY_MS = 10_000;

export function HelpView({ slug, id }: { slug: string; id?: string }) {
  const [council] = useResource<CouncilOut>(paths.council(slug));
  const outOfHours = council.status === 'ready' ? council.data.views.out_of_hours : null;
  const help = useHelpStatement(id);
  const pa = paOf(useSignedIn());
  return (
    <Page title={t('views.help.title')}>
      {help ? <Status help={help} /> : !id && <p class="inset">{t('views.help.notSignedIn')}</p>}
      <h2>{t('views.help.nowHeading')}</h2>
      <HelpNumbers outOfHours={outOfHours}>
        {pa?.phone && (
          <li class="help-number" data-testid="help-pa-phone">
            <div class="pa-line">
              <PaPhoto pa={pa} size={48} />
              <p class="help-number__label">{t('views.help.paPhone', { name: pa.name })}</p>
            </div>
            <CallPa pa={pa} class="button button--secondary help-number__link" />
          </li>
        )}
      </HelpNumbers>
      {help && <TellPa help={help} />}
      <p>
        <a href={`/c/${encodeURIComponent(slug)}/views`} class="tap-link">
          {t('views.backToList')}
        </a>
      </p>
    </Page>
  );
}

interface Help {
  statement: LocalStatement;
  item: OutboxItem | undefined;
  replies: Reply[];
  /** The PA's first name, or "your PA". */
  who: string;
  changed: (statement: LocalStatement) => void;
}

/** The phone's copy of the call for help, its outbox item and replies, read again whenever
 * the outbox changes or a pull stores something; while open and online, it pulls often. */
function useHelpStatement(id: string | undefined): Help | null {
  const person = useSignedIn();
  const outbox = useOutbox();
  const online = useOnline();
  const [statement, setStatement] = useState<LocalStatement | null>(null);
  const [replies, setReplies] = useState<Reply[]>([]);
  const [pulls, setPulls] = useState(0);
  const owner = person?.kind === 'young_person' ? person.id : null;
  useEffect(() => onPulled(() => setPulls((n) => n + 1)), []);
  useEffect(() => {
    if (!owner || !id) return;
    let current = true;
    void Promise.all([getStatement(owner, id), repliesTo(owner, id)]).then(([row, answers]) => {
      if (!current) return;
      setStatement(row ?? null);
      setReplies(answers);
    }, () => undefined);
    return () => {
      current = false;
    };
  }, [owner, id, outbox, pulls]);
  useEffect(() => {
    // Opening the screen pulled already (core/pull.ts pulls on every page and when online).
    if (!owner || !id || !online) return;
    const timer = setInterval(() => void requestPull(), CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [owner, id, online]);
  if (!statement || !outbox || !person) return null;
  return {
    statement,
    item: outbox.find((row) => row.id === statement.id),
    replies,
    who: person.pa_first_name || t('views.yourPaLower'),
    changed: setStatement,
  };
}

function Status({ help }: { help: Help }) {
  const { statement, item, replies, who } = help;
  useRepliesSeen(statement.id, replies); // the PA's urgent page then says they saw it
  const now = helpState(progressOf(statement, item), statement, replies);
  const warn = now.state === 'waiting' || now.state === 'attention';
  return (
    <div class={warn ? 'inset inset--warning' : 'inset'} role="status" data-testid="help-sent">
      {now.state === 'replied' ? (
        now.replies.map((reply) => (
          <div key={reply.id} class="help-reply">
            <p>
              <strong>{t('views.help.replied', { who: reply.from || who, when: formatWhen(reply.created_at) })}</strong>
            </p>
            <p class="help-reply__text">{reply.text}</p>
          </div>
        ))
      ) : now.state === 'seen' ? (
        <p>
          {isToday(now.at)
            ? t('views.help.seenAt', { who: now.by, time: formatTime(now.at) })
            : t('views.help.seenOn', { who: now.by, when: formatDateTime(now.at) })}
        </p>
      ) : (
        <p>{t(`views.help.${now.state}`, { who })}</p>
      )}
    </div>
  );
}

/** "I'm OK now" / "I sent it by mistake": saved on the phone and sent through the outbox,
 * so it goes offline too. It cancels nothing; afterwards the page says what was told. */
function TellPa({ help }: { help: Help }) {
  const { statement, who, changed } = help;
  const [busy, setBusy] = useState(false);
  const told = updateOf(statement);
  const tell = async (said: UpdateSaid) => {
    setBusy(true);
    try {
      changed(await tellPa(statement, said));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="tell-heading" class="help-tell">
      <h2 id="tell-heading">{t('views.help.tellHeading')}</h2>
      {told ? (
        <div class="inset" role="status" data-testid="help-told">
          <p>{t(`views.help.told.${told.said}`, { who, when: formatWhen(told.at) })}</p>
          <p>{told.sent ? t('views.help.toldSent') : t('views.help.toldWaiting')}</p>
        </div>
      ) : (
        <>
          <p>{t('views.help.tellHint', { who })}</p>
          <div class="button-group">
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => void tell('ok_now')}>
              {t('views.help.okNow')}
            </button>
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => void tell('by_mistake')}>
              {t('views.help.byMistake')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
