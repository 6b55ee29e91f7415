// The phone's IndexedDB database, "harbour". Its stores:
//   outbox  - things saved on the phone and not yet acknowledged by the server
//   answers - this phone's latest pledge answers, so they show after a reload or offline
//   meta    - small settings: respondent id, chosen council, "What can I get?" answers,
//             who is signed in (young people only) and each person's pull cursor
//   drafts, statements, replies - "My views" (version 2): statements being written, the
//             phone's copy of those sent with what the server says of them, and replies.
//             Each row names its owner, and is only ever shown to that person. A sent
//             statement keeps its words only until the server has it (version 3).
//   tasks, plans, passport, history - "My plan" and "My health passport" (version 4): the
//             phone's copies from pull (a task, the plan's review date, the passport, and
//             the history of changes), each naming its owner. Changes waiting to send live
//             only in the outbox and are applied on top when shown (records.ts).
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { SavedCheckAnswers } from '../lib/check-answers';
import type { OutboxItem } from './outbox';
import type { FieldEditOut, LocalPassport, LocalTask, PlanHeader } from '../lib/records';
import type { SignedInPerson } from './session';
import { acknowledged, type Draft, type LocalStatement, type Reply } from '../features/statements/statements';
import type { PledgeAnswerValue } from '../lib/types';

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

export interface MetaValues {
  respondent: string;
  council: string;
  checkAnswers: SavedCheckAnswers;
  persistRequested: boolean;
  /** The young person signed in on this phone, so the app knows them offline. Never staff. */
  person: SignedInPerson;
  /** The `cursor` of each person's last pull, by their id (shared phones). */
  pullCursors: Record<string, number>;
  /** By person, then task id: when the latest change they have seen on that task was made,
   * so "Priya changed this" shows only for changes made since they last looked. */
  seenChanges: Record<string, Record<string, string>>;
}

export interface StoredPlan extends PlanHeader {
  owner: string;
}

export type StoredHistory = FieldEditOut & { owner: string };

export interface HarbourSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem };
  answers: { key: [string, string]; value: StoredAnswer };
  meta: { key: keyof MetaValues; value: MetaValues[keyof MetaValues] };
  drafts: { key: string; value: Draft };
  statements: { key: string; value: LocalStatement };
  replies: { key: string; value: Reply };
  tasks: { key: string; value: LocalTask };
  plans: { key: string; value: StoredPlan };
  passport: { key: string; value: LocalPassport };
  history: { key: string; value: StoredHistory };
}

export type HarbourDB = IDBPDatabase<HarbourSchema>;
type UpgradeTransaction = IDBPTransaction<HarbourSchema, StoreNames<HarbourSchema>[], 'versionchange'>;

const NAME = 'harbour';
const VERSION = 4;
/** Every store, for "Delete everything Harbour keeps on this phone". */
export const STORES = [
  'outbox',
  'answers',
  'meta',
  'drafts',
  'statements',
  'replies',
  'tasks',
  'plans',
  'passport',
  'history',
] as const;

/** Creates only the stores that are missing, then runs each later version's step. Never
 * deletes or recreates `outbox`: it can hold the only copy of unsent answers. */
export async function upgrade(db: HarbourDB, oldVersion: number, tx: UpgradeTransaction): Promise<void> {
  if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
  if (!db.objectStoreNames.contains('answers')) {
    db.createObjectStore('answers', { keyPath: ['council', 'promise'] });
  }
  if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
  // Version 2: "My views".
  for (const name of ['drafts', 'statements', 'replies'] as const) {
    if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'id' });
  }
  // Version 4: "My plan" and "My health passport".
  if (!db.objectStoreNames.contains('tasks')) db.createObjectStore('tasks', { keyPath: 'id' });
  for (const name of ['plans', 'passport'] as const) {
    if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'owner' });
  }
  if (!db.objectStoreNames.contains('history')) db.createObjectStore('history', { keyPath: 'op_id' });
  // Version 3: statements the server already has forget their words (trust.md T2).
  if (oldVersion === 2) {
    const statements = tx.objectStore('statements');
    for (const row of await statements.getAll()) {
      if (row.sent) await statements.put(acknowledged(row));
    }
  }
}

let opening: Promise<HarbourDB> | null = null;

export function database(): Promise<HarbourDB> {
  opening ??= openDB<HarbourSchema>(NAME, VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => void upgrade(db, oldVersion, tx),
    // A newer Harbour in another tab wants to upgrade: step aside, reopen on next use.
    blocking: () => closeDatabase(),
    terminated: () => {
      opening = null;
    },
  });
  return opening;
}

export function closeDatabase(): void {
  const current = opening;
  opening = null;
  void current?.then((db) => db.close());
}

export async function getMeta<K extends keyof MetaValues>(key: K): Promise<MetaValues[K] | undefined> {
  return (await (await database()).get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends keyof MetaValues>(key: K, value: MetaValues[K]): Promise<void> {
  await (await database()).put('meta', value, key);
}

export async function deleteMeta(key: keyof MetaValues): Promise<void> {
  await (await database()).delete('meta', key);
}
