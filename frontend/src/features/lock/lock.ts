// The app lock (decision 020): chosen by the young person on "Lock Harbour". With it on,
// personal rows are sealed (core/db.ts) under a data key that is in memory only while
// unlocked; the app opens locked, and locks again after a chosen time in the background, at a
// quick exit (core/quick-exit.ts) or at "Lock now". While locked, outbox items still go out
// sealed to the server. The phone's own screen lock can be a second way in. This file stays
// small and free of the cipher and WebAuthn code (keys.ts and phone-lock.ts, loaded when
// needed).
import type { SealingKey } from '../../api/types';
import { send } from '../../core/api';
import {
  LOCK_FLAG,
  allStores,
  database,
  deleteMeta,
  getMeta,
  isLocked,
  lockFlag,
  onLockChange,
  resealEverything,
  sealMeta,
  setMeta,
  setSealing,
  type Sealer,
} from '../../core/db';
import { acknowledgeDelivered, envelopeItems, onSealRefused, outboxChanged, requestFlush, setEnveloper, type OutboxItem } from '../../core/outbox';
import { requestPull } from '../../core/pull';
import { onQuickExit } from '../../core/quick-exit';
import { PA_PHOTO_CACHE, rememberAgain, signOut } from '../../core/session';
import { sealForServer } from './envelope';
import type { PhoneWrappedKey, WrappedKey } from './keys';
import type { PhoneRefusal } from './phone-lock';

/** How long the app may stay in the background before it asks again, in seconds. */
export const LOCK_AFTER = [0, 60, 300, 900] as const;
export type LockAfter = (typeof LOCK_AFTER)[number];
export const DEFAULT_LOCK_AFTER: LockAfter = 60;
export const SEALING_KEY_URL = '/api/v1/sync/sealing-key';

interface LockRecord extends WrappedKey {
  after: LockAfter;
  /** The same data key wrapped under the phone's screen lock, once the person adds it. */
  phone?: PhoneWrappedKey;
}

/** Wrong codes in a row, and until when the next try must wait (ms since the epoch). */
interface LockTries {
  failures: number;
  until: number;
}

declare module '../../core/db' {
  interface MetaValues {
    /** The data key wrapped under the lock code, and when to lock again. */
    lock: LockRecord;
    lockTries: LockTries;
    /** The server's public key that outbox bodies are sealed to (an object, so it can be
     * sealed). */
    sealingKey: SealingKey;
  }
}

// Sealed whole with the lock on: the key outbox bodies are sealed to (so nobody can swap it
// in the phone's storage), and the "What can I get?" answers (date of birth, care status).
sealMeta('sealingKey', []);
sealMeta('checkAnswers', []);

export function lockIsOn(): boolean {
  return lockFlag() !== null;
}

/** Seconds to wait after `failures` wrong codes in a row: none for the first two, then
 * growing, as sign-in slows down. */
export function waitAfter(failures: number): number {
  const waits = [10, 30, 60, 120, 300, 600, 900];
  return failures < 3 ? 0 : (waits[Math.min(failures - 3, waits.length - 1)] ?? 900);
}

/** Wrong codes in a row after which the code stops working: only "Sign in again" is left,
 * which deletes what the lock kept, as at "Forgot". Waits alone do not bound guessing: the
 * phone's clock can be moved on past any of them. */
export const MOST_WRONG_CODES = 10;

// ---- Locking ----------------------------------------------------------------------------

let after: LockAfter = DEFAULT_LOCK_AFTER;
let hiddenAt = 0;
let watching = false;
/** The data key while unlocked, only so that the phone's screen lock can wrap a copy (the
 * sealer holds it anyway); it never leaves this file otherwise. Forgotten whenever the app
 * locks or the lock goes. */
let heldKey: Uint8Array | null = null;

/** Hidden: what waits is sealed for the server now, so that locking on return can be
 * synchronous, before the last page paints again. */
function onVisibility(): void {
  if (!lockIsOn() || isLocked()) return;
  if (document.visibilityState === 'hidden') {
    hiddenAt = Date.now();
    if (after === 0) forgetKeyNow();
    else void envelopeItems().catch(() => undefined);
  } else if (Date.now() - hiddenAt >= after * 1000) {
    forgetKeyNow();
  }
}

/** Every tab locks when one does ("Lock now", time away, a quick exit). */
const lockChannel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('harbour-lock') : null;

/** Locks again after the chosen time in the background, and at once at a quick exit or when
 * another tab locks. */
function watchForLocking(): void {
  if (watching) return;
  watching = true;
  document.addEventListener('visibilitychange', onVisibility);
  lockChannel?.addEventListener('message', lockHere);
  onQuickExit(forgetKeyNow);
  onLockChange((locked) => {
    if (locked) heldKey = null;
  });
  onSealRefused(() => void serverKey().then((key) => !isLocked() && envelopeWith(key)));
}

function envelopeWith(key: string | null): void {
  setEnveloper(key === null ? null : (item) => sealForServer(key, item));
}

/** A quick exit cannot wait for lockNow's sealing (the page goes at once), and need not: each
 * item is sealed for the server when it is saved. So the key is forgotten there and then. */
function forgetKeyNow(): void {
  if (!lockIsOn() || isLocked()) return;
  lockHere();
  lockChannel?.postMessage('lock');
}

function lockHere(): void {
  if (!lockIsOn() || isLocked()) return;
  setEnveloper(null);
  setSealing('locked');
}

/** Locks at once if the lock is on: the data key is forgotten and nothing personal can be
 * read until the code is given again. What waits to be sent is sealed to the server first. */
export async function lockNow(): Promise<void> {
  if (!lockIsOn() || isLocked()) return;
  await envelopeItems().catch(() => undefined);
  forgetKeyNow();
}

/** The server's key, asked for again when online (it is public), else the one kept. */
async function serverKey(): Promise<string | null> {
  try {
    const key = await send<SealingKey>('GET', SEALING_KEY_URL);
    await setMeta('sealingKey', { public_key: key.public_key });
    return key.public_key;
  } catch {
    return (await getMeta('sealingKey'))?.public_key ?? null;
  }
}

/** Now unlocked (or just turned on) with `sealer`: seal for the server what waits, bring the
 * copies up to date with what went out while locked, and pull what was missed. */
async function unlocked(sealer: Sealer, key: Uint8Array): Promise<void> {
  setSealing(sealer);
  heldKey = key;
  envelopeWith(await serverKey());
  watchForLocking();
  await rememberAgain();
  await acknowledgeDelivered().catch(() => undefined);
  await envelopeItems().catch(() => undefined);
  void requestFlush();
  void requestPull();
}

// ---- Turning it on and off --------------------------------------------------------------

export async function turnOn(code: string, lockAfter: LockAfter): Promise<void> {
  const { newDataKey, sealerFor, wrapKey } = await import('./keys');
  const dataKey = newDataKey();
  // The PA's photo is not kept while the lock is on (components/PaCard.tsx).
  if (typeof caches !== 'undefined') await caches.delete(PA_PHOTO_CACHE).catch(() => undefined);
  await setMeta('lock', { ...(await wrapKey(dataKey, code)), after: lockAfter });
  await deleteMeta('lockTries');
  after = lockAfter;
  // The flag before the rows: a crash between them leaves a lock that opens with the code.
  localStorage.setItem(LOCK_FLAG, crypto.randomUUID());
  const sealer = sealerFor(dataKey);
  try {
    await resealEverything(sealer); // one transaction: every row sealed, or none
  } catch (error) {
    await forgetLockState();
    await deleteMeta('lock');
    throw error;
  }
  await unlocked(sealer, dataKey);
}

/** Opens every row again and forgets the keys: only while unlocked, and only with the code,
 * so someone handed the unlocked phone cannot take the lock off. A wrong code counts as at
 * the lock screen. */
export function turnOff(code: string): Promise<UnlockResult> {
  return oneTryAtATime(async () => {
    const record = await getMeta('lock');
    const checked = record ? await checkCode(code, record) : null;
    if (checked !== null && !(checked instanceof Uint8Array)) return checked;
    await openEverything();
    return { ok: true };
  });
}

/** Refused (nothing changed) if the app locked meanwhile: resealEverything. */
async function openEverything(): Promise<void> {
  // A new generation first: another unlocked tab stops sealing under the key now going.
  const was = lockFlag();
  localStorage.setItem(LOCK_FLAG, crypto.randomUUID());
  try {
    await resealEverything('off');
  } catch (error) {
    if (was !== null) localStorage.setItem(LOCK_FLAG, was);
    throw error;
  }
  await forgetPhoneCredential();
  await deleteMeta('lock');
  await deleteMeta('lockTries');
  setEnveloper(null);
  await forgetLockState();
}

export async function lockAfterChosen(): Promise<LockAfter> {
  return (await getMeta('lock'))?.after ?? DEFAULT_LOCK_AFTER;
}

export async function chooseLockAfter(lockAfter: LockAfter): Promise<void> {
  const record = await getMeta('lock');
  if (record) await setMeta('lock', { ...record, after: lockAfter });
  after = lockAfter;
}

// ---- Unlocking --------------------------------------------------------------------------

/** Not unlocked: whether the code was tried and wrong (else a wait was still running, or
 * the code had stopped working), how long before the next try, and how many wrong codes are
 * left before the code stops working (0: it has; only signing in again is left). */
export type UnlockResult = { ok: true } | { ok: false; wrong: boolean; wait: number; left: number };

/** Where the tries stand: seconds before another code may be tried (never more than the wait
 * itself, so a clock moved back cannot stretch it) and wrong codes left. */
export async function triesNow(now = Date.now()): Promise<{ wait: number; left: number }> {
  const tries = await getMeta('lockTries');
  if (!tries) return { wait: 0, left: MOST_WRONG_CODES };
  const wait = Math.min(waitAfter(tries.failures), Math.max(0, Math.ceil((tries.until - now) / 1000)));
  return { wait, left: MOST_WRONG_CODES - tries.failures };
}

/** One try at a time, across tabs too: two tabs must not both count from the same number of
 * wrong codes. */
function oneTryAtATime<T>(work: () => Promise<T>): Promise<T> {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request('harbour-unlock', work) : work();
}

export function unlock(code: string): Promise<UnlockResult> {
  return oneTryAtATime(() => tryCode(code));
}

async function tryCode(code: string): Promise<UnlockResult> {
  const record = await getMeta('lock');
  if (!record) {
    await forgetLockState();
    return { ok: true };
  }
  const checked = await checkCode(code, record);
  if (!(checked instanceof Uint8Array)) return checked;
  await unlockWith(record, checked);
  return { ok: true };
}

/** Unlocks with the data key, unwrapped with the code or the phone's screen lock: either
 * proves the person, so the wrong codes counted so far are forgotten. */
async function unlockWith(record: LockRecord, key: Uint8Array): Promise<void> {
  const { sealerFor } = await import('./keys');
  await deleteMeta('lockTries');
  after = record.after;
  await unlocked(sealerFor(key), key);
}

// ---- The phone's screen lock (phone-lock.ts) --------------------------------------------

/** Whether the phone's screen lock can unlock too. */
export async function phoneLockAdded(): Promise<boolean> {
  return (await getMeta('lock'))?.phone !== undefined;
}

/** Adds the phone's screen lock as a second way in, beside the code. Only while unlocked. */
export async function addPhoneLock(): Promise<'added' | PhoneRefusal> {
  const key = lockIsOn() && !isLocked() ? heldKey : null;
  const flag = lockFlag();
  if (!key) return 'failed';
  const { forgetCredential, wrapForPhone } = await import('./phone-lock');
  const phone = await wrapForPhone(key);
  if (typeof phone === 'string') return phone;
  const record = await getMeta('lock');
  // The lock turned off, or off and on again with a new key, while the phone was asking.
  if (!record || lockFlag() !== flag) {
    forgetCredential(phone.credentialId);
    return 'failed';
  }
  await setMeta('lock', { ...record, phone });
  return 'added';
}

/** The phone is asked to forget the credential of a phone copy about to go, where it can. */
async function forgetPhoneCredential(): Promise<void> {
  const phone = (await getMeta('lock'))?.phone;
  if (phone) (await import('./phone-lock')).forgetCredential(phone.credentialId);
}

/** Back to the lock code only. */
export async function removePhoneLock(): Promise<void> {
  const record = await getMeta('lock');
  if (!record?.phone) return;
  const { phone, ...rest } = record;
  await setMeta('lock', rest);
  (await import('./phone-lock')).forgetCredential(phone.credentialId);
}

/** Unlocks with the phone's screen lock. False when it did not (refused, cancelled, no PRF):
 * never a wrong code, since no code was tried. */
export function unlockWithPhone(): Promise<boolean> {
  return oneTryAtATime(async () => {
    const record = await getMeta('lock');
    // After ten wrong codes only "Sign in again" is left, whichever way in is tried.
    if (!record?.phone || (await triesNow()).left <= 0) return false;
    const { unwrapWithPhone } = await import('./phone-lock');
    const key = await unwrapWithPhone(record.phone);
    if (!key) return false;
    await unlockWith(record, key);
    return true;
  });
}

/** The data key when `code` is the lock code; else why not (a wait still running, or the
 * wrong code, counted). Called one try at a time. */
async function checkCode(code: string, record: LockRecord): Promise<Uint8Array | UnlockResult> {
  const tries = await triesNow();
  if (tries.wait > 0 || tries.left <= 0) return { ok: false, wrong: false, ...tries };
  const { unwrapKey } = await import('./keys');
  const dataKey = await unwrapKey(record, code);
  return dataKey ?? wrongCode(MOST_WRONG_CODES - tries.left + 1);
}

/** The last wrong code leaves only "Sign in again" (forgetLock), which the screen explains
 * first; the sealed rows wait for it, unreadable. */
async function wrongCode(failures: number): Promise<UnlockResult> {
  const wait = failures >= MOST_WRONG_CODES ? 0 : waitAfter(failures);
  await setMeta('lockTries', { failures, until: Date.now() + wait * 1000 });
  return { ok: false, wrong: true, wait, left: MOST_WRONG_CODES - failures };
}

/** At start with the flag on but no wrapped key (the phone's storage was cleared): there is
 * nothing to unlock, so no lock. */
export async function checkLockKept(): Promise<void> {
  if (lockIsOn() && !(await getMeta('lock'))) await forgetLockState();
}

/** No lock any more (its key was deleted with everything else on "This phone"). */
export async function forgetLockState(): Promise<void> {
  heldKey = null;
  localStorage.removeItem(LOCK_FLAG);
  setSealing('off');
}

// ---- Letting the lock go with what it kept ------------------------------------------------

/** An outbox item nobody could send or fix once the data key is gone: one sealed only under
 * it, or one waiting for the person to fix it (never sent again by itself, and its words can
 * no longer be opened). Items with no owner, anonymous pledge answers, are never sealed. */
function lostWithTheKey(item: OutboxItem): boolean {
  return item.owner !== null && (item.sealed_body === undefined || item.state === 'needs_attention');
}

/** An item waiting to go that has not been sealed to the server yet. */
function waitsUnsealed(item: OutboxItem): boolean {
  return item.owner !== null && !item.delivered && item.state === 'pending' && item.sealed_body === undefined;
}

/** What letting the lock go would lose for good: drafts (`own` by the signed-in person, the
 * rest someone else's kept on this phone), and items waiting that nobody could send. Items
 * sealed to the server stay and send at the next sign-in. */
export async function lostWithTheLock(): Promise<{ own: number; others: number; unsent: number }> {
  const db = await database();
  const [drafts, items, person] = await Promise.all([db.getAll('drafts'), db.getAll('outbox'), getMeta('person')]);
  const own = drafts.filter((draft) => draft.owner === person?.id).length;
  const unsent = items.filter((item) => !item.delivered && lostWithTheKey(item)).length;
  return { own, others: drafts.length - own, unsent };
}

/** Deletes every personal store, the wrapped key and the lock, keeping only the council
 * chosen and the outbox items the server can still open and has not had (told apart by
 * fields kept in clear, so it works locked or not). */
async function dropWhatTheLockKept(): Promise<string | undefined> {
  const council = await getMeta('council'); // not personal: where to sign in again
  await forgetPhoneCredential();
  const db = await database();
  const stores = allStores();
  const tx = db.transaction(stores, 'readwrite');
  const work = (async () => {
    for (const name of stores) {
      if (name !== 'outbox') {
        await tx.objectStore(name).clear();
        continue;
      }
      const outbox = tx.objectStore('outbox');
      for (const item of await outbox.getAll()) {
        if (item.delivered || lostWithTheKey(item)) await outbox.delete(item.id);
      }
    }
  })();
  await Promise.all([work, tx.done]);
  await forgetLockState();
  if (council) await setMeta('council', council);
  await outboxChanged();
  return council;
}

/** "Forgot your lock code?" (and too many wrong codes): signs out here and on the server,
 * then drops what the lock kept. Returns the council, to sign in again there. */
export async function forgetLock(): Promise<string | undefined> {
  // Offline this throws and nothing is dropped: a session left alive on the server would let
  // whoever holds the phone back in, past the lock, once it is online.
  await signOut();
  return dropWhatTheLockKept();
}

/** Something waiting to send could not be sealed to the server (its key was never fetched):
 * signing out now would lose it. */
export class NotSealedYet extends Error {}

/** Signing out with the lock on: the lock is the signed-in person's, so it goes with them,
 * and with it what it kept on the phone (decision 020). What waits to send is sealed to the
 * server first, so it still goes once they sign in again. Offline this throws before
 * anything is deleted: the session must not live on. */
export async function signOutWithLock(): Promise<void> {
  await envelopeItems();
  if ((await (await database()).getAll('outbox')).some(waitsUnsealed)) throw new NotSealedYet();
  await signOut();
  setEnveloper(null);
  await dropWhatTheLockKept();
}
