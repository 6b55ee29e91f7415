// Pull: what changed for the signed-in young person since their last pull (GET
// /api/v1/sync/pull), kept in IndexedDB so it reads offline. The answer has a `cursor` and one
// section per kind of news (statements' states, replies, tasks ...); each feature declares its
// sections and registers how to keep them. The cursor is kept per person; a pull that comes
// back after someone else signed in is dropped. Pulls run on app open, on `online`, after a
// flush the server answered, and on a timer.
import type { PullOut } from '../api/types';
import { notifyUnauthorised } from './api';
import { database, getMeta, isLocked, registration, storesOf, type StoreName, type WriteTransaction } from './db';
import { onFlushed } from './outbox';

export const PULL_URL = '/api/v1/sync/pull';
export const PULL_EVERY_MS = 60_000;
const CHANNEL_NAME = 'harbour-pull';

/** Each section of a pull's answer and its value. Features add theirs by declaration merging
 * (`declare module '.../core/pull'`). */
export interface PullSections {}
export type PullSection = keyof PullSections;

/** A pull's answer. A section may be missing, or null when it has not changed. */
export type PullResponse = { cursor: number } & { [S in PullSection]?: PullSections[S] | null };

declare module './db' {
  interface MetaValues {
    /** The `cursor` of each person's last pull, by their id (shared phones). */
    pullCursors: Record<string, number>;
  }
}

/** How the phone keeps one section of a pull. */
export interface PullHandler<S extends PullSection> {
  /** The stores `keep` and `forget` write. */
  stores: readonly StoreName[];
  /** Keeps the section for `owner` (of `council`), in the pull's transaction. */
  keep: (tx: WriteTransaction, value: PullSections[S], owner: string, council: string) => Promise<unknown>;
  /** Forgets what it kept for `owner`, who chose to sign out: the server has it all. */
  forget: (tx: WriteTransaction, owner: string) => Promise<unknown>;
}

/** A handler for every section: one some feature declares and none keeps does not compile. */
export type PullHandlers = { [S in PullSection]: PullHandler<S> };

const sections = registration<PullHandlers>('pull sections');
/** Called once at start-up (register.ts). */
export const registerPullSections = sections.set;

function registeredSections(): [PullSection, PullHandler<PullSection>][] {
  return Object.entries(sections.get()) as [PullSection, PullHandler<PullSection>][];
}

function sectionStores(): StoreName[] {
  return storesOf('meta', Object.values(sections.get()));
}

/** Whether a pull brought anything the pages show: a list with something in, or a record. */
export function broughtAnything(pulled: PullResponse): boolean {
  return registeredSections().some(([name]) => {
    const value: unknown = pulled[name];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  });
}

// ---- Storage ----------------------------------------------------------------------------

export async function cursorFor(owner: string): Promise<number> {
  return (await getMeta('pullCursors'))?.[owner] ?? 0;
}

/** Stores one pull for `owner` in one transaction: every section it brought, and the new
 * cursor. */
export async function storePull(owner: string, council: string, pulled: PullResponse): Promise<void> {
  const db = await database();
  const tx = db.transaction(sectionStores(), 'readwrite');
  const meta = tx.objectStore('meta');
  const writes = [
    ...registeredSections().map(([name, handler]) => {
      const value = pulled[name];
      return value === undefined || value === null ? undefined : handler.keep(tx, value, owner, council);
    }),
    (async () => {
      const cursors = ((await meta.get('pullCursors')) ?? {}) as Record<string, number>;
      await meta.put({ ...cursors, [owner]: pulled.cursor }, 'pullCursors');
    })(),
  ];
  await Promise.all([...writes, tx.done]);
}

/** Forgets what the server keeps for `owner` anyway: everything pulled for them and their pull
 * cursor, in one transaction (so the next sign-in pulls it all again from 0). What only the
 * phone has (drafts, the outbox, statements not yet acknowledged) stays. */
export async function forgetPulled(owner: string): Promise<void> {
  const db = await database();
  const tx = db.transaction(sectionStores(), 'readwrite');
  const meta = tx.objectStore('meta');
  const work = (async () => {
    for (const [, handler] of registeredSections()) await handler.forget(tx, owner);
    const cursors = { ...((await meta.get('pullCursors')) as Record<string, number> | undefined) };
    delete cursors[owner];
    await meta.put(cursors, 'pullCursors');
  })();
  await Promise.all([work, tx.done]);
}

// ---- Listeners --------------------------------------------------------------------------

const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : null;
channel?.addEventListener('message', () => notify());

function notify(): void {
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever a pull stored something, in this tab or another. */
export function onPulled(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// ---- Pulling ----------------------------------------------------------------------------

interface Puller {
  id: string;
  council: string;
}

let who: Puller | null = null;
let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setInterval> | undefined;

/** Pulls for the signed-in young person now; a call during a pull runs one more after it. */
export function requestPull(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await pullOnce().catch(() => undefined); // offline: try at the next trigger
    } while (again);
    running = null;
  })();
  return running;
}

async function pullOnce(): Promise<void> {
  const person = who;
  // Locked: what it brought could not be sealed; the unlock pulls again.
  if (!person || isLocked()) return;
  const since = await cursorFor(person.id);
  const response = await fetch(`${PULL_URL}?since=${since}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.status === 401) notifyUnauthorised();
  if (response.status === 422) {
    // A cursor this server never gave out (a restored database): start again from 0.
    await storePull(person.id, person.council, { cursor: 0 });
    again = true;
    return;
  }
  if (!response.ok) return;
  // Read as the API's PullOut, so the compiler checks the sections features declare against it.
  const pulled: PullResponse = (await response.json()) as PullOut;
  if (who?.id !== person.id) return; // someone else signed in meanwhile
  await storePull(person.id, person.council, pulled);
  if (broughtAnything(pulled)) {
    channel?.postMessage('pulled');
    notify();
  }
}

/** Who to pull for: a signed-in young person, or null (nobody, or staff). */
export function setPuller(person: Puller | null): void {
  const changed = who?.id !== person?.id;
  who = person;
  clearInterval(timer);
  if (!person) return;
  timer = setInterval(() => {
    if (document.visibilityState === 'visible') void requestPull();
  }, PULL_EVERY_MS);
  if (changed) void requestPull();
}

/** Resolves once no pull is running, so nothing stored by one lands after a sign-out. */
export function pullSettled(): Promise<void> {
  return running ?? Promise.resolve();
}

export function startPull(): void {
  window.addEventListener('online', () => void requestPull());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void requestPull();
  });
  onFlushed(() => void requestPull());
}
