// The outbox: everything the young person saves goes here first, and leaves only when the
// server says it has it (accepted or duplicate). See ARCHITECTURE.md §3. It knows no kind of
// item: each feature declares its kinds' bodies and registers what acknowledging one does.
import type { FieldError, PushResponse, PushResult } from '../api/types';
import { notifyUnauthorised, requestHeaders } from './api';
import { compareIso } from './order';
import { database, getMeta, registration, sealingOn, sealRows, setMeta, storesOf, type HarbourDB, type StoreName, type WriteTransaction } from './db';

/** Each kind of item and the shape of its body (the server's `kind` and `body`). Features add
 * their kinds by declaration merging (`declare module '.../core/outbox'`). */
export interface OutboxBodies {}
export type OutboxKind = keyof OutboxBodies;
export type OutboxState = 'pending' | 'needs_attention';
/** Why an item needs attention: the server has this id with another body, or refused it. */
export type OutboxProblem = 'conflict' | 'rejected';

export interface ItemOf<K extends OutboxKind> {
  id: string;
  kind: K;
  body: OutboxBodies[K];
  created_at: string;
  /** The id of the person who wrote it, or null for anonymous items (pledge answers). An
   * item with an owner is only ever sent under that person's session (shared phones). */
  owner: string | null;
  state: OutboxState;
  problem: OutboxProblem | null;
  errors: FieldError[];
  attempts: number;
  /** With the app lock on: the body sealed to the server's key, sent instead of `body`, so
   * the item goes out while the phone is locked and cannot read it (decision 020). */
  sealed_body?: string;
  /** The server has it, but the phone was locked: its copy is updated at the next unlock. */
  delivered?: true;
}

/** An item in the outbox store. This is also the stored format (IndexedDB "outbox", key
 * `id`): anything that writes one directly (the bench script) writes this shape. */
export type OutboxItem = { [K in OutboxKind]: ItemOf<K> }[OutboxKind];

declare module './db' {
  interface HarbourStores {
    outbox: { key: string; value: OutboxItem };
  }
  interface MetaValues {
    /** Whether the browser was asked to keep our storage (it is asked once). */
    persistRequested: boolean;
  }
}

/** What acknowledging an item of kind K does to the phone's copies. */
export interface KindHandler<K extends OutboxKind> {
  /** The stores `acknowledge` writes, besides the outbox. */
  stores: readonly StoreName[];
  /** Runs in the transaction that removes the item the server has (accepted or duplicate). */
  acknowledge: (tx: WriteTransaction, item: ItemOf<K>) => Promise<void>;
}

/** A handler for every kind: a kind some feature declares and none handles does not compile. */
export type KindHandlers = { [K in OutboxKind]: KindHandler<K> };

// With the lock on, a personal item keeps only what sending needs in clear (decision 020).
const CLEAR: (keyof OutboxItem)[] = ['id', 'kind', 'created_at', 'owner', 'state', 'problem', 'errors', 'attempts', 'sealed_body', 'delivered'];
sealRows('outbox', (row) => (row['owner'] === null ? null : CLEAR));

const kinds = registration<KindHandlers>('outbox kinds');
/** Called once at start-up (register.ts). */
export const registerKinds = kinds.set;

export const PUSH_URL = '/api/v1/sync/push';
export const BATCH_SIZE = 50;
const LOCK_NAME = 'harbour-outbox-flush';
const CHANNEL_NAME = 'harbour-outbox';

// ---- Pure parts -------------------------------------------------------------------------

let lastStamp = 0;

/** Now, but always later than the last time handed out, so items saved in the same
 * millisecond still go out in the order they were saved (the outbox sorts by time). */
function savedAt(): Date {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp);
}

/** A new item. Pledge answers are anonymous (owner null); a personal item (a statement)
 * must be given the signed-in person's id as its owner. */
export function createItem<K extends OutboxKind>(
  kind: K,
  body: OutboxBodies[K],
  now: Date = savedAt(),
  id: string = crypto.randomUUID(),
  owner: string | null = null,
): ItemOf<K> {
  return {
    id,
    kind,
    body,
    created_at: now.toISOString(),
    owner,
    state: 'pending',
    problem: null,
    errors: [],
    attempts: 0,
  };
}

/** Whether `item` may be sent under the session of `person` (an id, or null when nobody is
 * signed in): anonymous items by anyone, personal items only by their owner. */
export function sendableBy(item: OutboxItem, person: string | null): boolean {
  return item.owner === null || (person !== null && item.owner === person);
}

/** Whether the phone can send it now: it can read the body, or has it sealed to the server
 * (while locked a personal item's body cannot be read). */
export function canSendNow(item: OutboxItem): boolean {
  return !item.delivered && (item.sealed_body !== undefined || item.body !== undefined);
}

/** Whether it still waits to be sent (one the server took while the phone was locked does
 * not: it only waits for its copy to be updated). */
export function isWaiting(item: OutboxItem): boolean {
  return item.state === 'pending' && !item.delivered;
}

/** `owner`'s items waiting to be sent whose body the phone can read: what pages show on top
 * of their copies. After a forgotten lock, a kept item has only its body sealed to the server. */
export function readablePending(items: readonly OutboxItem[], owner: string): OutboxItem[] {
  return items.filter((item) => item.owner === owner && isWaiting(item) && item.body !== undefined);
}

/** The oldest pending items `person` may send, at most `size`; items needing attention are
 * never resent. */
export function nextBatch<T extends OutboxItem>(
  items: readonly T[],
  size = BATCH_SIZE,
  person: string | null = null,
): T[] {
  return items
    .filter((item) => item.state === 'pending' && sendableBy(item, person) && canSendNow(item))
    .sort((a, b) => compareIso(a.created_at, b.created_at))
    .slice(0, size);
}

/** What to do with one sent item once the server has answered the batch. */
export type ItemOutcome =
  | { action: 'remove' }
  | { action: 'quarantine'; problem: OutboxProblem; errors: FieldError[] }
  | { action: 'retry' }
  /** The server could not open its sealed body (its key changed, say): seal it again. */
  | { action: 'reseal' };

export function outcomeOf(result: PushResult | undefined): ItemOutcome {
  switch (result?.status) {
    case 'accepted':
    case 'duplicate':
      return { action: 'remove' };
    case 'conflict':
    case 'rejected':
      return { action: 'quarantine', problem: result.status, errors: result.errors ?? [] };
    default:
      // No result for this item (should not happen): keep it and try again later.
      return { action: 'retry' };
  }
}

/** Milliseconds to wait after `failures` failed flushes in a row: exponential from 2 s,
 * capped at 5 minutes, with full jitter so many phones coming online don't retry together. */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5 * 60_000, 2_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(1_000 + random() * ceiling);
}

function toWire(item: OutboxItem): Pick<OutboxItem, 'id' | 'kind' | 'created_at'> & ({ body: OutboxItem['body'] } | { sealed_body: string }) {
  const { id, kind, created_at } = item;
  return item.sealed_body === undefined ? { id, kind, created_at, body: item.body } : { id, kind, created_at, sealed_body: item.sealed_body };
}

// ---- Storage ----------------------------------------------------------------------------

export async function listOutbox(db?: HarbourDB): Promise<OutboxItem[]> {
  const items = await (db ?? (await database())).getAll('outbox');
  return items.sort((a, b) => compareIso(a.created_at, b.created_at));
}

/** Asks the browser once to keep our storage even when the phone is short of space. */
export async function requestPersistentStorageOnce(): Promise<void> {
  if (!navigator.storage?.persist || (await getMeta('persistRequested'))) return;
  await setMeta('persistRequested', true);
  await navigator.storage.persist();
}

/** Seals a personal item's body to the server's key, or null when it cannot yet (no key).
 * Set by the app lock while it is on and unlocked. */
export type Enveloper = (item: OutboxItem) => Promise<string | null>;
let enveloper: Enveloper | null = null;

export function setEnveloper(next: Enveloper | null): void {
  enveloper = next;
}

/** Gives each personal item that can still change hands a body sealed to the server, so it
 * can be sent once the app is locked. Runs after each save and before locking. */
export async function envelopeItems(): Promise<void> {
  const seal = enveloper;
  if (!seal) return;
  const waiting = (await listOutbox()).filter((item) => item.owner !== null && item.sealed_body === undefined && item.body !== undefined);
  for (const item of waiting) {
    const sealed = await seal(item);
    if (sealed === null) return;
    const tx = (await database()).transaction('outbox', 'readwrite');
    const current = await tx.store.get(item.id);
    if (current && current.body !== undefined) await tx.store.put({ ...current, sealed_body: sealed });
    await tx.done;
  }
}

/** After an item was committed (perhaps with the phone's copy): tells every tab, sends it,
 * and asks once to keep our storage. */
export async function itemSaved(): Promise<void> {
  await envelopeItems().catch(() => undefined); // not sealed now: sealed again before locking
  await outboxChanged();
  void requestFlush();
  void requestPersistentStorageOnce();
}

/** Puts one item in the outbox; resolves once it is committed, then sends it. */
export async function saveItem(item: OutboxItem): Promise<void> {
  await (await database()).add('outbox', item);
  await itemSaved();
}

// ---- Listeners --------------------------------------------------------------------------

type Listener = (items: OutboxItem[]) => void;
const listeners = new Set<Listener>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : null;

/** Calls `listener` now and whenever the outbox changes, in this tab or another. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  listOutbox().then(listener, () => listener([]));
  return () => listeners.delete(listener);
}

async function notifyHere(): Promise<void> {
  if (listeners.size === 0) return;
  const items = await listOutbox();
  for (const listener of listeners) listener(items);
}

/** Tells every open tab that the outbox changed. Call after each committed write. */
export async function outboxChanged(): Promise<void> {
  channel?.postMessage('changed');
  await notifyHere();
}

channel?.addEventListener('message', () => {
  void notifyHere();
  void acknowledgeDelivered().catch(() => undefined); // a locked tab may have delivered some
});

// ---- Who is sending, and whether they must sign in again -------------------------------

let currentOwner: string | null = null;
let signInNeeded = false;
const signInListeners = new Set<(needed: boolean) => void>();

function setSignInNeeded(needed: boolean): void {
  if (needed === signInNeeded) return;
  signInNeeded = needed;
  for (const listener of signInListeners) listener(needed);
}

/** Who is signed in now (their id), or null. Only their items and anonymous ones are sent. */
export function setCurrentOwner(person: string | null): void {
  currentOwner = person;
  if (person !== null) setSignInNeeded(false);
}

/** Calls `listener` now and whenever a 401 asks for (or a sign-in ends) "sign in again". */
export function subscribeSignInNeeded(listener: (needed: boolean) => void): () => void {
  signInListeners.add(listener);
  listener(signInNeeded);
  return () => signInListeners.delete(listener);
}

// ---- Flushing ---------------------------------------------------------------------------

let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let flushWaiting: Promise<void> | null = null;
let fallbackChain: Promise<unknown> = Promise.resolve();

/** One flush at a time across tabs (Web Locks), or at least within this tab without them. */
function withFlushLock(task: () => Promise<void>): Promise<void> {
  if ('locks' in navigator) {
    return navigator.locks.request(LOCK_NAME, task);
  }
  const run = fallbackChain.then(task, task);
  fallbackChain = run.catch(() => undefined);
  return run;
}

/** Sends what is pending. Calls made while a flush waits for its turn share that flush. */
export function requestFlush(): Promise<void> {
  flushWaiting ??= withFlushLock(async () => {
    flushWaiting = null;
    // No storage (some private modes) means nothing was saved, so nothing to send.
    await flushNow().catch(() => undefined);
  });
  return flushWaiting;
}

type BatchResult = 'done' | 'retry';
const flushedListeners = new Set<() => void>();

/** Calls `listener` after each flush that the server answered (so new states can be pulled). */
export function onFlushed(listener: () => void): () => void {
  flushedListeners.add(listener);
  return () => flushedListeners.delete(listener);
}

async function flushNow(): Promise<void> {
  clearTimeout(retryTimer);
  let sentAny = false;
  for (;;) {
    const batch = nextBatch(await listOutbox(), BATCH_SIZE, currentOwner);
    if (batch.length === 0) {
      failures = 0;
      await acknowledgeDelivered(); // answered after an unlock: the batch was read locked
      if (sentAny) for (const listener of flushedListeners) listener();
      return;
    }
    sentAny = true;
    if ((await sendBatch(batch)) === 'retry') {
      failures += 1;
      retryTimer = setTimeout(() => void requestFlush(), retryDelay(failures));
      return;
    }
    failures = 0;
  }
}

async function sendBatch(batch: OutboxItem[]): Promise<BatchResult> {
  let results: PushResult[] | null = null;
  try {
    const response = await fetch(PUSH_URL, {
      method: 'POST',
      headers: requestHeaders('POST', true),
      body: JSON.stringify({ items: batch.map(toWire) }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    // 401 (sign in again), 422, 429 and 5xx all keep every item for a later try.
    if (response.ok) results = ((await response.json()) as PushResponse).results;
    if (response.status === 401) {
      setSignInNeeded(true);
      notifyUnauthorised();
    } else if (response.ok) {
      setSignInNeeded(false);
    }
  } catch {
    // Offline or the connection dropped: keep everything.
  }
  const byId = new Map((results ?? []).map((result) => [result.id, result]));
  const outcomes = batch.map((item): ItemOutcome => {
    const outcome = outcomeOf(byId.get(item.id));
    const refused = outcome.action === 'quarantine' && outcome.errors.some((error) => error.field === 'sealed_body');
    return refused && item.sealed_body !== undefined ? { action: 'reseal' } : outcome;
  });
  await applyOutcomes(batch, outcomes);
  if (outcomes.some((outcome) => outcome.action === 'reseal')) for (const listener of sealRefusedListeners) listener();
  return outcomes.some((outcome) => outcome.action === 'retry' || outcome.action === 'reseal') ? 'retry' : 'done';
}

const sealRefusedListeners = new Set<() => void>();

/** Calls `listener` when the server could not open a sealed body: the key to seal to is asked
 * for again (the app lock). */
export function onSealRefused(listener: () => void): void {
  sealRefusedListeners.add(listener);
}

/** Writes a batch's outcomes in one transaction, then tells the UI. An acknowledged item's
 * kind updates the phone's copy in the same transaction (each feature's sync.ts), so the copy
 * never shows old news once the outbox item is gone. One item at a time: two changes to one
 * task must not both start from the old copy. */
async function applyOutcomes(batch: OutboxItem[], outcomes: ItemOutcome[]): Promise<void> {
  const handlers = kinds.get();
  const db = await database();
  const tx = db.transaction(storesOf('outbox', Object.values(handlers)), 'readwrite');
  const outbox = tx.objectStore('outbox');
  const writes = async () => {
    for (const [index, sent] of batch.entries()) {
      const outcome = outcomes[index] ?? { action: 'retry' };
      // As it is now: unlocked since it was read (its body readable), or gone (another tab).
      const item = await outbox.get(sent.id);
      if (!item) continue;
      if (outcome.action === 'remove' && item.body === undefined) {
        // Sent sealed while locked: its copy waits for the unlock (acknowledgeDelivered, also
        // after this flush if the phone was unlocked meanwhile). With no lock (forgotten),
        // there is no copy left to update.
        if (sealingOn()) await outbox.put({ ...item, delivered: true, attempts: item.attempts + 1 });
        else await outbox.delete(item.id);
        continue;
      }
      if (outcome.action === 'remove') {
        await outbox.delete(item.id);
        await (handlers[item.kind] as KindHandler<OutboxKind>).acknowledge(tx, item);
        continue;
      }
      if (outcome.action === 'reseal' && item.body !== undefined) {
        // Readable: sent as it is next time, and sealed again to the new key before locking.
        const { sealed_body: _refused, ...unsealed } = item;
        await outbox.put({ ...unsealed, attempts: item.attempts + 1 });
        continue;
      }
      // Locked, a refused sealed body stays pending: tried again, and sent readable once unlocked.
      const update =
        outcome.action === 'quarantine'
          ? { state: 'needs_attention' as const, problem: outcome.problem, errors: outcome.errors }
          : {};
      await outbox.put({ ...item, ...update, attempts: item.attempts + 1 });
    }
  };
  await Promise.all([writes(), tx.done]);
  await outboxChanged();
}

/** At unlock, and after each flush or change while unlocked: what the server took while the
 * phone (or another tab) was locked updates the phone's copies now, as any acknowledged item
 * does. */
export async function acknowledgeDelivered(): Promise<void> {
  const delivered = (await listOutbox()).filter((item) => item.delivered && item.body !== undefined);
  if (delivered.length > 0) await applyOutcomes(delivered, delivered.map(() => ({ action: 'remove' })));
}

/** Flushes now and whenever sending becomes likely to work: back online, app shown again. */
export function startOutbox(): void {
  window.addEventListener('online', () => void requestFlush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void requestFlush();
  });
  void requestFlush();
}
