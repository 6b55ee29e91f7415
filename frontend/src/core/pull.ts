// Pull: what changed for the signed-in young person since their last pull (GET
// /api/v1/sync/pull), kept in IndexedDB so it reads offline. The answer has a `cursor` and one
// section per kind of news (statements' states, replies, tasks ...); each feature declares its
// sections and registers how to keep them. The cursor is kept per person; a pull that comes
// back after someone else signed in is dropped. Every answer also says who is signed in, their
// inbox count and the council's content version (`PullNews`), so a screen is drawn from the
// phone's copy with this one request behind it. Pulls run on app open, on each move to another
// page, when the app is shown again, on `online`, after a flush the server answered, when a
// push arrives, and on a timer.
import type { PullOut } from '../api/types';
import { notifyUnauthorised } from './api';
import { database, getMeta, isLocked, registration, storesOf, type StoreName, type WriteTransaction } from './db';
import { onFlushed } from './outbox';
import { onNavigate } from './router';

export const PULL_URL = '/api/v1/sync/pull';
export const PULL_EVERY_MS = 60_000;
const CHANNEL_NAME = 'harbour-pull';

/** Each section of a pull's answer and its value. Features add theirs by declaration merging
 * (`declare module '.../core/pull'`). */
export interface PullSections {}
export type PullSection = keyof PullSections;

/** What every answer says besides the sections: who is signed in (`me`), how many inbox
 * entries they have not seen, and their council's content version. */
export type PullNews = Pick<PullOut, 'me' | 'inbox_unseen' | 'content_version'>;

/** A pull's answer. A section may be missing, or null when it has not changed. */
export type PullResponse = { cursor: number } & Partial<PullNews> & { [S in PullSection]?: PullSections[S] | null };

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

const answerListeners = new Set<(news: PullNews) => void>();
const failureListeners = new Set<(status: number) => void>();

/** Calls `listener` with every answer's news (who is signed in, the inbox count, the content
 * version), once the answer is kept. */
export function onPullAnswer(listener: (news: PullNews) => void): void {
  answerListeners.add(listener);
}

/** Calls `listener` when a pull got no answer to keep: 0 offline, 403 not a young person's
 * session, 5xx. (A 401 tells the session module through the API's own listeners.) */
export function onPullFailed(listener: (status: number) => void): void {
  failureListeners.add(listener);
}

// ---- Pulling ----------------------------------------------------------------------------

interface Puller {
  id: string;
  council: string;
}

/** A session the phone does not know the person of yet (a first start, or storage cleared):
 * it pulls from 0, and the answer's `me` says whose it is. */
export const WHOEVER = 'whoever';

let who: Puller | typeof WHOEVER | null = null;
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

function failed(status: number): void {
  for (const listener of failureListeners) listener(status);
}

async function pullOnce(): Promise<void> {
  const person = who;
  // Locked: what it brought could not be sealed; the unlock pulls again.
  if (!person || isLocked()) return;
  const since = person === WHOEVER ? 0 : await cursorFor(person.id);
  const response = await fetch(`${PULL_URL}?since=${since}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  }).catch(() => null);
  if (!response) return failed(0);
  if (response.status === 401) notifyUnauthorised();
  if (response.status === 422 && person !== WHOEVER) {
    // A cursor this server never gave out (a restored database): start again from 0.
    await storePull(person.id, person.council, { cursor: 0 });
    again = true;
    return;
  }
  if (!response.ok) return response.status === 401 ? undefined : failed(response.status);
  // Read as the API's PullOut, so the compiler checks the sections features declare against it.
  const pulled: PullResponse = (await response.json()) as PullOut;
  if (who !== person) return; // signed out, or someone else signed in, meanwhile
  const owner = pulled.me ?? (person === WHOEVER ? null : person);
  if (!owner) return;
  if (person !== WHOEVER && owner.id !== person.id) {
    tell(pulled); // the session is someone else's now: theirs to pull, not this person's
    return;
  }
  who = { id: owner.id, council: owner.council };
  await storePull(owner.id, owner.council, pulled);
  // Signed out (or someone else in) while it was stored: its `me` must not sign them back in.
  if (!pullsFor(owner.id)) return;
  tell(pulled);
  if (broughtAnything(pulled)) {
    channel?.postMessage('pulled');
    notify();
  }
}

function pullsFor(id: string): boolean {
  return who !== null && who !== WHOEVER && who.id === id;
}

function tell({ me, inbox_unseen, content_version }: PullResponse): void {
  if (!me) return;
  for (const listener of answerListeners) listener({ me, inbox_unseen: inbox_unseen ?? 0, content_version: content_version ?? null });
}

/** Who to pull for: a signed-in young person, `WHOEVER` the session is (the phone does not
 * know yet), or null (nobody, or staff). */
export function setPuller(person: Puller | typeof WHOEVER | null): void {
  const id = (one: typeof who) => (one === WHOEVER ? one : one?.id);
  const changed = id(who) !== id(person);
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
  // Each page is drawn from the phone's copy; this brings what changed (and the inbox count).
  onNavigate(() => void requestPull());
  // The service worker says a push arrived (a reply, a reminder): its news is in the pull.
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: string } | null>) => {
    if (event.data?.type === 'PUSHED') void requestPull();
  });
}
