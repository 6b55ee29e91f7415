// A statement as a thread, for its page only (lazy; marking replies seen is in
// replies-seen.ts, which the help screen in the main bundle uses too): what the young person sent, the replies
// and what they wrote back, in time order, with who and when, and ticks that never say "Seen"
// before someone opened it. The words come from the server when online and stay on the phone
// only while they are signed in ("threads", "messages"; docs/decisions/006).
import type { ReplyState, ThreadOut } from '../../api/types';
import { send } from '../../core/api';
import { database } from '../../core/db';
import { createItem, itemSaved, type OutboxItem } from '../../core/outbox';
import { threadPaths } from './replies-seen';
import { keepMessage } from './sync';
import { MAX_TEXT, PA_RECIPIENT, type LocalMessage, type LocalStatement, type StoredThread } from './statements';
import { compareIso } from '../../core/order';


// ---- Pure parts -------------------------------------------------------------------------

export type Entry =
  | { kind: 'statement'; at: string }
  | { kind: 'reply'; at: string; reply: ReplyState }
  | { kind: 'message'; at: string; message: LocalMessage };

/** The statement first, then replies and messages in the order they were written. */
export function threadEntries(statementAt: string, replies: ReplyState[], messages: LocalMessage[]): Entry[] {
  const later: Entry[] = [
    ...replies.map((reply): Entry => ({ kind: 'reply', at: reply.created_at, reply })),
    ...messages.map((message): Entry => ({ kind: 'message', at: message.created_at, message })),
  ];
  later.sort((a, b) => compareIso(a.at, b.at));
  return [{ kind: 'statement', at: statementAt }, ...later];
}

/** Where one of the young person's own messages has got to. "seen" only with a reader. */
export type Tick = { state: 'waiting' } | { state: 'attention' } | { state: 'sent' } | { state: 'seen'; by: string };

function tickOf(inOutbox: OutboxItem | undefined, sent: boolean, readBy: string | null | undefined): Tick {
  if (inOutbox?.state === 'needs_attention') return { state: 'attention' };
  if (inOutbox || !sent) return { state: 'waiting' };
  return readBy ? { state: 'seen', by: readBy } : { state: 'sent' };
}

export function statementTick(statement: LocalStatement, inOutbox: OutboxItem | undefined): Tick {
  return tickOf(inOutbox, statement.sent || statement.server !== null, statement.server?.read_by);
}

export function messageTick(message: LocalMessage, inOutbox: OutboxItem | undefined): Tick {
  return tickOf(inOutbox, message.sent, message.server?.read_at ? message.server.read_by : null);
}

/** Whether the thread is with their PA (so it can say "Alex"), from what the phone knows. */
export function toPa(statement: LocalStatement, thread: ThreadOut | undefined): boolean {
  return (statement.body?.recipient ?? statement.recipient ?? thread?.recipient) === PA_RECIPIENT;
}

/** The replies shown that the server has not heard were seen. */
export function messageProblem(text: string): 'empty' | 'tooLong' | null {
  if (!text.trim()) return 'empty';
  return text.length > MAX_TEXT ? 'tooLong' : null;
}

// ---- The phone's copies ------------------------------------------------------------------

export async function storedThread(owner: string, id: string): Promise<ThreadOut | undefined> {
  const row = await (await database()).get('threads', id);
  return row?.owner === owner ? row.thread : undefined;
}

export async function messagesIn(owner: string, statementId: string): Promise<LocalMessage[]> {
  const rows = await (await database()).getAll('messages');
  return rows.filter((row) => row.owner === owner && row.statement_id === statementId);
}

/** The thread from the server, kept on the phone (its words, replies and messages) in one
 * transaction; undefined when the server cannot be reached or does not have it yet. */
export async function fetchThread(owner: string, id: string): Promise<ThreadOut | undefined> {
  let thread: ThreadOut;
  try {
    thread = await send<ThreadOut>('GET', threadPaths.one(id));
  } catch {
    return undefined; // offline, or still waiting to send: the phone's copy will do
  }
  const db = await database();
  const tx = db.transaction(['meta', 'threads', 'replies', 'messages'], 'readwrite');
  // Signed out while it was on its way: its words must not land after the forgetting
  // (decision 006). Sign-out forgets who it was first, so this sees it.
  const signedIn = (await tx.objectStore('meta').get('person')) as { id: string } | undefined;
  if (signedIn?.id !== owner) {
    await tx.done; // nothing written
    return undefined;
  }
  const row: StoredThread = { id, owner, thread };
  await Promise.all([
    tx.objectStore('threads').put(row),
    ...thread.replies.map((reply) => tx.objectStore('replies').put({ ...reply, owner })),
    ...thread.messages.map((message) => keepMessage(tx.objectStore('messages'), message, owner)),
    tx.done,
  ]);
  return thread;
}


/** Writes back: the outbox item and the phone's copy (same id) in one transaction. */
export async function sendMessage(owner: string, statementId: string, text: string): Promise<LocalMessage> {
  const item = createItem('statement_message', { statement_id: statementId, text: text.trim() }, undefined, undefined, owner);
  const copy: LocalMessage = {
    id: item.id,
    owner,
    statement_id: statementId,
    text: item.body.text,
    created_at: item.created_at,
    sent: false,
    server: null,
  };
  const db = await database();
  const tx = db.transaction(['outbox', 'messages'], 'readwrite');
  void tx.objectStore('outbox').add(item);
  void tx.objectStore('messages').put(copy);
  await tx.done;
  await itemSaved();
  return copy;
}
