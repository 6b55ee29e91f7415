// What only the My views pages do with the phone's drafts and statements: keep and delete a
// draft, list the statements, read a statement's replies. Kept out of statements.ts, which the
// first page load needs (the help button sends, sign-out counts drafts), so that they load
// with those pages' lazy chunk.
import { database } from '../../core/db';
import { finishBeforeLeaving } from '../../core/quick-exit';
import type { Draft, LocalStatement, Reply } from './statements';
import { compareIso } from '../../core/order';

/** Kept at every change; a quick exit waits for the last one to land. */
export async function saveDraft(draft: Draft): Promise<void> {
  const row = { ...draft, updated_at: new Date().toISOString() };
  await finishBeforeLeaving(database().then((db) => db.put('drafts', row)));
}

/** The person's draft with this id, or undefined (also for someone else's). */
export async function getDraft(owner: string, id: string): Promise<Draft | undefined> {
  const draft = await (await database()).get('drafts', id);
  return draft?.owner === owner ? draft : undefined;
}

export async function deleteDraft(owner: string, id: string): Promise<void> {
  if (await getDraft(owner, id)) await (await database()).delete('drafts', id);
}

/** Newest first: what the young person did last is at the top. */
function newestFirst<T extends { created_at: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => compareIso(b.created_at, a.created_at));
}

export async function listStatements(owner: string): Promise<LocalStatement[]> {
  const rows = await (await database()).getAll('statements');
  return newestFirst(rows.filter((row) => row.owner === owner));
}

export async function repliesTo(owner: string, statementId: string): Promise<Reply[]> {
  const rows = await (await database()).getAll('replies');
  return rows
    .filter((reply) => reply.owner === owner && reply.statement_id === statementId)
    .sort((a, b) => compareIso(a.created_at, b.created_at));
}
