// Pull: what happened to the signed-in young person's statements (received, read, replied)
// and the replies, their plan's tasks and the passport with the history of changes, from
// GET /api/v1/sync/pull, kept in IndexedDB so they read offline. The
// cursor is kept per person; a pull that comes back after someone else signed in is dropped.
// Pulls run on app open, on `online`, after a flush the server answered, and on a timer.
import { notifyUnauthorised } from './api';
import { database, getMeta } from './db';
import { onFlushed } from './outbox';
import type { FieldEditOut, PassportOut, PlanHeader, TaskOut } from '../lib/records';
import { acknowledged, type LocalStatement, type Reply, type ServerState } from '../features/statements/statements';

export const PULL_URL = '/api/v1/sync/pull';
export const PULL_EVERY_MS = 60_000;
const CHANNEL_NAME = 'harbour-pull';

export interface PullResponse {
  cursor: number;
  statements: ServerState[];
  replies: Omit<Reply, 'owner'>[];
  /** The plan's header, when it changed since the cursor. */
  plan?: PlanHeader | null;
  /** Tasks changed since the cursor, with their notes. */
  tasks?: TaskOut[];
  /** Changes to the plan, its tasks and the passport since the cursor. */
  history?: FieldEditOut[];
  /** The passport, when it changed since the cursor. */
  passport?: PassportOut | null;
}

/** Whether a pull brought anything the pages show. */
export function broughtAnything(pulled: PullResponse): boolean {
  return (
    pulled.statements.length > 0 ||
    pulled.replies.length > 0 ||
    Boolean(pulled.plan) ||
    (pulled.tasks?.length ?? 0) > 0 ||
    (pulled.history?.length ?? 0) > 0 ||
    Boolean(pulled.passport)
  );
}

// ---- Pure part --------------------------------------------------------------------------

/** The phone's copy of a statement once the server's state is known. One the phone does
 * not have (written on another phone, or forgotten at sign-out) is kept with no body. */
export function mergeState(
  copy: LocalStatement | undefined,
  state: ServerState,
  owner: string,
  council: string,
): LocalStatement {
  if (copy) {
    const kept = acknowledged(copy);
    return { ...kept, type: kept.type ?? state.type, server: state };
  }
  return {
    id: state.id,
    owner,
    council,
    type: state.type,
    urgent: state.urgent,
    body: null,
    recipient_label: '',
    created_at: state.received_at,
    sent: true,
    server: state,
  };
}

// ---- Storage ----------------------------------------------------------------------------

export async function cursorFor(owner: string): Promise<number> {
  return (await getMeta('pullCursors'))?.[owner] ?? 0;
}

/** Stores one pull for `owner` in one transaction: states, replies, the plan, its tasks,
 * the passport, the history and the new cursor. */
export async function storePull(owner: string, council: string, pulled: PullResponse): Promise<void> {
  const db = await database();
  const tx = db.transaction(
    ['statements', 'replies', 'tasks', 'plans', 'passport', 'history', 'meta'],
    'readwrite',
  );
  const statements = tx.objectStore('statements');
  const replies = tx.objectStore('replies');
  const tasks = tx.objectStore('tasks');
  const meta = tx.objectStore('meta');
  const writes = [
    ...pulled.statements.map(async (state) => {
      const copy = await statements.get(state.id);
      // Ids are made on phones; one owned by someone else here is never overwritten.
      if (copy && copy.owner !== owner) return;
      await statements.put(mergeState(copy, state, owner, council));
    }),
    ...pulled.replies.map((reply) => replies.put({ ...reply, owner })),
    ...(pulled.tasks ?? []).map(async (task) => {
      const copy = await tasks.get(task.id);
      if (copy && copy.owner !== owner) return;
      await tasks.put({ id: task.id, owner, task });
    }),
    ...(pulled.history ?? []).map((entry) => tx.objectStore('history').put({ ...entry, owner })),
    pulled.plan && tx.objectStore('plans').put({ ...pulled.plan, owner }),
    pulled.passport && tx.objectStore('passport').put({ ...pulled.passport, owner }),
    (async () => {
      const cursors = ((await meta.get('pullCursors')) ?? {}) as Record<string, number>;
      await meta.put({ ...cursors, [owner]: pulled.cursor }, 'pullCursors');
    })(),
  ];
  await Promise.all([...writes, tx.done]);
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
  if (!person) return;
  const since = await cursorFor(person.id);
  const response = await fetch(`${PULL_URL}?since=${since}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.status === 401) notifyUnauthorised();
  if (response.status === 422) {
    // A cursor this server never gave out (a restored database): start again from 0.
    await storePull(person.id, person.council, { cursor: 0, statements: [], replies: [] });
    again = true;
    return;
  }
  if (!response.ok) return;
  const pulled = (await response.json()) as PullResponse;
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
