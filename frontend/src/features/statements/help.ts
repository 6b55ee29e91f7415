// The help screen's part of "My views": telling the PA "I'm OK now" or "Sent by mistake"
// about an urgent statement (an outbox item, so it works offline and arrives once), and where
// the urgent statement has got to, in the words the help screen uses.
import type { UpdateSaid } from '../../api/types';
import { database } from '../../core/db';
import { createItem, itemSaved } from '../../core/outbox';
import type { LocalStatement, LocalUpdate, Progress, Reply } from './statements';

/** Saves the update for the PA: the outbox item and the copy's note of it in one
 * transaction. It closes nothing: staff still decide what happens next. */
export async function tellPa(statement: LocalStatement, said: UpdateSaid): Promise<LocalStatement> {
  const item = createItem('statement_update', { statement_id: statement.id, said }, undefined, undefined, statement.owner);
  const copy: LocalStatement = { ...statement, update: { said, at: item.created_at, sent: false } };
  const db = await database();
  const tx = db.transaction(['outbox', 'statements'], 'readwrite');
  void tx.objectStore('outbox').add(item);
  void tx.objectStore('statements').put(copy);
  await tx.done;
  await itemSaved();
  return copy;
}

/** What was told, as the phone knows it: its own note, else what the server said (a pull
 * after signing in again). */
export function updateOf(statement: LocalStatement): LocalUpdate | null {
  if (statement.update) return statement.update;
  const told = statement.server?.young_person_update;
  return told ? { said: told.said, at: told.at, sent: true } : null;
}

export type HelpState =
  | { state: 'waiting' }
  | { state: 'attention' }
  | { state: 'sent' }
  | { state: 'seen'; by: string; at: string }
  | { state: 'replied'; replies: Reply[] };

/** Waiting to send → Sent → Seen by Alex at 17:20 → Alex replied. */
export function helpState(progress: Progress, statement: LocalStatement, replies: Reply[]): HelpState {
  if (replies.length > 0) return { state: 'replied', replies };
  if (progress.state === 'saved') return { state: 'waiting' };
  if (progress.state === 'attention') return { state: 'attention' };
  const server = statement.server;
  if (server?.read_by && server.read_at) return { state: 'seen', by: server.read_by, at: server.read_at };
  return { state: 'sent' };
}
