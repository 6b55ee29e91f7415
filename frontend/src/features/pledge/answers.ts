// Saving a pledge answer: the outbox item and the phone's copy of the answer are written in
// one IndexedDB transaction, so "Saved on this phone" is only shown for answers that are.
import { database, getMeta, setMeta } from '../../core/db';
import { createItem, itemSaved, type OutboxItem } from '../../core/outbox';
import type { PushBody } from '../../api/types';
import type { PledgeAnswerValue } from '../../lib/types';

/** The body of a `pledge_answer` outbox item (backend/harbour/pledge/schemas.py PledgeAnswerIn). */
export type PledgeAnswerBody = PushBody<'pledge_answer'>;

/** This phone's latest answer to a promise (IndexedDB "answers", key [council, promise]), so
 * it shows after a reload or offline. */
export interface StoredAnswer {
  council: string;
  promise: string;
  answer: PledgeAnswerValue;
  comment: string;
  /** The outbox item that carries this answer. */
  itemId: string;
  savedAt: string;
  /** Set when the server acknowledged that item. */
  sent: boolean;
}

export interface AnswerInput {
  council: string;
  promise: string;
  answer: PledgeAnswerValue;
  comment: string;
}

/** The respondent id: random, made once per phone, so the council can count one answer per
 * phone without knowing who anyone is. */
export async function respondentId(): Promise<string> {
  const existing = await getMeta('respondent');
  if (existing) return existing;
  const id = crypto.randomUUID();
  await setMeta('respondent', id);
  return id;
}

/** Saves a new answer (a changed answer is a new outbox item with a new id). Resolves once
 * the transaction has committed. */
export async function saveAnswer(input: AnswerInput): Promise<StoredAnswer> {
  const item = createItem('pledge_answer', { ...input, respondent: await respondentId() });
  const stored: StoredAnswer = { ...input, itemId: item.id, savedAt: item.created_at, sent: false };
  const db = await database();
  const tx = db.transaction(['outbox', 'answers'], 'readwrite');
  void tx.objectStore('outbox').add(item);
  void tx.objectStore('answers').put(stored);
  await tx.done;
  await itemSaved();
  return stored;
}

/** This phone's latest answer to each of a council's promises. */
export async function answersFor(council: string): Promise<StoredAnswer[]> {
  const db = await database();
  return db.getAll('answers', IDBKeyRange.bound([council, ''], [council, '\uffff']));
}

export type AnswerStatus = 'pending' | 'sent' | 'needs_attention';

/** Where an answer has got to. "Sent" only when the server acknowledged it: an answer whose
 * item is not (yet) seen in the outbox and not marked sent still counts as pending. */
export function answerStatus(saved: StoredAnswer, inOutbox: OutboxItem | undefined): AnswerStatus {
  if (inOutbox) return inOutbox.state === 'needs_attention' ? 'needs_attention' : 'pending';
  return saved.sent ? 'sent' : 'pending';
}
