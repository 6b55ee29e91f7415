// "My views": statements a young person writes on the phone. A draft is saved as they type;
// "Send" moves it into the outbox (same id) and keeps the phone's own copy, which later
// learns from pull what happened to it (received, read, replied). Every row has an owner and
// is only shown to that person: phones are shared. Once the server has a statement, the
// phone forgets its words (trust.md T2, docs/decisions/006-what-stays-on-the-phone.md).
import type { About, FieldError, MessageState, ReplyState, Sent, StatementState, StatementUpdateIn, ThreadOut, UpdateSaid } from '../../api/types';
import { database } from '../../core/db';
import { createItem, itemSaved, type OutboxItem } from '../../core/outbox';
import type { StatementType } from '../../lib/statement-types';
import { compareIso } from '../../core/order';

export const MAX_TEXT = 10_000;
export const PA_RECIPIENT = 'pa';

/** Answers by type, as the server takes them; every one may be left out. */
export type Answers = Record<string, string | number | string[]>;

/** The body of a `statement` outbox item (backend/harbour/statements/schemas.py StatementIn). */
export interface StatementBody {
  type: StatementType;
  recipient: string;
  urgent: boolean;
  answers: Answers;
  about: About | null;
}
export type StatementIsSent = Sent<StatementBody, 'statement'>;

/** The body of a `statement_update` outbox item: "I'm OK now" or "Sent by mistake". */
export type StatementUpdateBody = Sent<StatementUpdateIn, 'statement_update'>;

/** What the young person told their PA about an urgent statement, from the help screen. */
export interface LocalUpdate {
  said: UpdateSaid;
  at: string;
  /** The server acknowledged it. */
  sent: boolean;
}

/** A statement being written. Its id becomes the outbox item's id when it is sent. */
export interface Draft extends StatementBody {
  id: string;
  owner: string;
  council: string;
  step: number;
  updated_at: string;
}

/** The phone's copy of a reply, a pull's `replies` (IndexedDB "replies", key `id`). */
export type Reply = ReplyState & { owner: string };

/** What the person wrote back in a statement's thread (IndexedDB "messages", key `id`). Its
 * words stay while they are signed in; `server` is what a pull or the thread said of it. */
export interface LocalMessage {
  id: string;
  owner: string;
  statement_id: string;
  text: string;
  created_at: string;
  /** The server acknowledged the outbox item. */
  sent: boolean;
  server: MessageState | null;
}

/** A thread as last fetched from the server (IndexedDB "threads", key `id`): the words the
 * person sent, kept only while they are signed in. */
export interface StoredThread {
  id: string;
  owner: string;
  thread: ThreadOut;
}

/** The phone's copy of a sent statement. `body`, the words, is kept only until the server
 * acknowledges the statement (or for as long as it refuses it); after that, and for one
 * known only from pull, it is null and only what the list needs is left. */
export interface LocalStatement {
  id: string;
  owner: string;
  council: string;
  /** Null for one known only from a pull that did not say. */
  type: StatementType | null;
  urgent: boolean;
  body: StatementBody | null;
  recipient_label: string;
  /** The recipient's key ("pa" for their PA), kept after the words go; missing on copies
   * made before it was kept and on those known only from a pull. */
  recipient?: string;
  created_at: string;
  /** The server acknowledged the outbox item. */
  sent: boolean;
  /** What the server says of it, a pull's `statements` (its `type` is there so a statement
   * pulled back after signing in again keeps its title). */
  server: StatementState | null;
  /** "I'm OK now" / "Sent by mistake", told from the help screen (absent: nothing told). */
  update?: LocalUpdate;
}

// ---- Pure parts -------------------------------------------------------------------------

export type Progress =
  | { state: 'saved' }
  | { state: 'attention'; errors: FieldError[] }
  | { state: 'sent' }
  | { state: 'received' }
  | { state: 'read'; by: string }
  | { state: 'replied' }
  | { state: 'done' };

/** Where a statement has got to: Saved on this phone → Sent → Received → Read → Replied. */
export function progressOf(statement: LocalStatement, inOutbox: OutboxItem | undefined): Progress {
  const server = statement.server;
  if (server) {
    if (server.replied_at || server.status === 'replied') return { state: 'replied' };
    if (server.status === 'done') return { state: 'done' };
    if (server.read_by) return { state: 'read', by: server.read_by };
    return { state: 'received' };
  }
  if (inOutbox?.state === 'needs_attention') return { state: 'attention', errors: inOutbox.errors };
  if (inOutbox || !statement.sent) return { state: 'saved' };
  return { state: 'sent' };
}

/** The body to send: blank answers left out, text trimmed. */
export function bodyOf(draft: Draft): StatementBody {
  const answers: Answers = {};
  for (const [name, value] of Object.entries(draft.answers)) {
    const kept = typeof value === 'string' ? value.trim() : value;
    if (kept === '' || (Array.isArray(kept) && kept.length === 0)) continue;
    answers[name] = kept;
  }
  return { type: draft.type, recipient: draft.recipient, urgent: draft.urgent, answers, about: draft.about };
}

/** The names of answers longer than the server takes. */
export function tooLong(answers: Answers): string[] {
  return Object.entries(answers)
    .filter(([, value]) => typeof value === 'string' && value.length > MAX_TEXT)
    .map(([name]) => name);
}

/** A meeting date the server takes: 30 days before to 366 days after today. */
export function meetingDateOk(value: string, today: Date = new Date()): boolean {
  const date = Date.parse(`${value}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date)) return false;
  const day = 86_400_000;
  const noon = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate(), 12);
  return date >= noon - 30 * day && date <= noon + 366 * day;
}

/** Whether the server would take these answers as they are (length and meeting date). */
export function answersFit(answers: Answers): boolean {
  const date = answers['meeting_date'];
  return tooLong(answers).length === 0 && (typeof date !== 'string' || date === '' || meetingDateOk(date));
}

// ---- Drafts -----------------------------------------------------------------------------

export function newDraft(
  owner: string,
  council: string,
  type: StatementType,
  about: About | null = null,
  now: Date = new Date(),
): Draft {
  return {
    id: crypto.randomUUID(),
    owner,
    council,
    type,
    recipient: PA_RECIPIENT,
    urgent: false,
    answers: {},
    about,
    step: 0,
    updated_at: now.toISOString(),
  };
}

export async function listDrafts(owner: string): Promise<Draft[]> {
  const drafts = await (await database()).getAll('drafts');
  return drafts.filter((draft) => draft.owner === owner).sort((a, b) => compareIso(b.updated_at, a.updated_at));
}

/** Sends a draft: in one transaction the draft goes, the outbox item (with the draft's id)
 * and the phone's copy come. Resolves once committed; the outbox then sends it. */
export async function sendDraft(draft: Draft, recipientLabel: string): Promise<LocalStatement> {
  const body = bodyOf(draft);
  const item = createItem('statement', body, undefined, draft.id, draft.owner);
  const copy: LocalStatement = {
    id: draft.id,
    owner: draft.owner,
    council: draft.council,
    type: body.type,
    urgent: body.urgent,
    body,
    recipient_label: recipientLabel,
    recipient: body.recipient,
    created_at: item.created_at,
    sent: false,
    server: null,
  };
  const db = await database();
  const tx = db.transaction(['drafts', 'outbox', 'statements'], 'readwrite');
  void tx.objectStore('drafts').delete(draft.id);
  void tx.objectStore('outbox').add(item);
  void tx.objectStore('statements').put(copy);
  await tx.done;
  await itemSaved();
  return copy;
}

// ---- Reading what was sent --------------------------------------------------------------

export async function getStatement(owner: string, id: string): Promise<LocalStatement | undefined> {
  const row = await (await database()).get('statements', id);
  return row?.owner === owner ? row : undefined;
}
