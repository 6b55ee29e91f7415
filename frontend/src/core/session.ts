// Who is signed in. The session itself is an HttpOnly cookie the app never sees; this module
// knows the person it belongs to: from the sign-in answer, from every pull's `me` (a young
// person), or from GET /api/v1/auth/me (staff). A young person is remembered on the phone (so
// the app knows them offline, and draws their pages at once); staff never are.
import { useEffect, useState } from 'preact/hooks';
import type { Me, SignedInPerson as PersonOut } from '../api/types';
import { ApiError, keepContent, onUnauthorised, send, setContentKeptFor } from './api';
import { deleteMeta, getMeta, sealMeta, setMeta } from './db';
import { requestFlush, setCurrentOwner } from './outbox';
import { forgetPulled, onPullAnswer, onPullFailed, pullSettled, setPuller, WHOEVER, type PullNews } from './pull';
import { forgetSubscription, resendSubscription } from './push';
import { isStaffPath } from './router';

/** What the app keeps of the signed-in person (the sign-in answer's, GET /api/v1/auth/me's
 * and every pull's `me`). */
export type SignedInPerson = PersonOut;

/** The young person's PA's photo, which the service worker keeps while they are signed in
 * (service-worker/sw.ts); signing out deletes it. */
export const PA_PHOTO_CACHE = 'harbour-pa-photo';

declare module './db' {
  interface MetaValues {
    /** The young person signed in on this phone, so the app knows them offline. Never staff. */
    person: SignedInPerson;
  }
}

// With the lock on, the phone still knows whose items to send while locked, but not their name.
sealMeta('person', ['kind', 'id', 'council', 'role', 'team_id']);

export const authPaths = {
  me: '/api/v1/auth/me',
  join: '/api/v1/auth/join',
  inviteCheck: '/api/v1/auth/invite/check',
  signIn: '/api/v1/auth/young-person/sign-in',
  staffSignIn: '/api/v1/auth/staff/sign-in',
  staffJoin: '/api/v1/auth/staff/join',
  signOut: '/api/v1/auth/sign-out',
  signOutEverywhere: '/api/v1/auth/sign-out-everywhere',
  sessions: '/api/v1/auth/sessions',
  session: (id: string) => `/api/v1/auth/sessions/${encodeURIComponent(id)}`,
  passkeys: '/api/v1/passkeys',
  passkey: (id: string) => `/api/v1/passkeys/${encodeURIComponent(id)}`,
  passkeyRegistration: '/api/v1/auth/passkey/registration-options',
  passkeySignInOptions: '/api/v1/auth/passkey/sign-in-options',
  passkeySignIn: '/api/v1/auth/passkey/sign-in',
};

/** Whether this browser can make and use passkeys at all (WebAuthn). */
export function canUsePasskeys(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

/** The readable CSRF cookie lives exactly as long as the session cookie, so without it there
 * is no session to ask about: a signed-out visitor costs no request, no 401 in the console,
 * and the header shows "Sign in" from the first paint instead of shifting later. With it, the
 * app draws the signed-in frame from the first paint until it knows otherwise. */
export function mayHaveSession(): boolean {
  return typeof document !== 'undefined' && /(?:^|;\s*)(?:__Host-)?harbour_csrf=/.test(document.cookie);
}

/** undefined: not known yet; null: nobody is signed in. */
let person: SignedInPerson | null | undefined = mayHaveSession() ? undefined : null;
const listeners = new Set<(person: SignedInPerson | null | undefined) => void>();

function personOf(me: SignedInPerson): SignedInPerson {
  const { kind, id, council, display_name, role, team_id, pa_first_name, pa_work_phone, pa_photo_version } = me;
  return { kind, id, council, display_name, role, team_id, pa_first_name, pa_work_phone, pa_photo_version };
}

function youngPersonsCouncil(one: SignedInPerson | null | undefined): string | null {
  return one?.kind === 'young_person' ? one.council : null;
}

function set(next: SignedInPerson | null): void {
  person = next;
  setCurrentOwner(next?.id ?? null);
  setPuller(next?.kind === 'young_person' ? { id: next.id, council: next.council } : null);
  setContentKeptFor(youngPersonsCouncil(next));
  for (const listener of listeners) listener(next);
}

export function currentPerson(): SignedInPerson | null | undefined {
  return person;
}

/** The first word of someone's name: "Signed in as Jay". */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** After joining or signing in: remember the person, then send what waits for them. */
export async function signedIn(me: SignedInPerson): Promise<void> {
  const next = personOf(me);
  set(next);
  if (next.kind === 'young_person') await setMeta('person', next).catch(() => undefined);
  else await deleteMeta('person').catch(() => undefined);
  void requestFlush();
}

/** The session has ended (signed out, ended elsewhere, or expired). Outbox items stay; the
 * PA's photo goes with the person, so a shared phone keeps nothing of it. */
export async function signedOut(): Promise<void> {
  set(null);
  await deleteMeta('person').catch(() => undefined);
  await forgetSubscription().catch(() => undefined);
  if (typeof caches !== 'undefined') await caches.delete(PA_PHOTO_CACHE).catch(() => undefined);
}

/** After the person chose to sign out (here or everywhere): the phone forgets who was
 * signed in and what the server keeps for them anyway (sent statements, replies, the pull
 * cursor), but keeps their drafts and the outbox. An expired session (401) only calls
 * `signedOut`, so nothing is lost to a timeout. */
export async function signedOutByChoice(): Promise<void> {
  const who = person?.kind === 'young_person' ? person.id : null;
  await signedOut();
  await pullSettled(); // a pull under way must not land after the forgetting
  if (who) await forgetPulled(who);
}

/** Ends this device's session, as `signedOutByChoice` says. */
export async function signOut(): Promise<void> {
  try {
    await send('POST', authPaths.signOut);
  } catch (error) {
    // Already signed out (401) is fine; offline is not: the session would live on.
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  await signedOutByChoice();
}

let heardOnce = false;

/** A pull's word on who is signed in, kept when it tells the phone something new (a first
 * start, a new PA, another name); the same word again changes nothing, so draws nothing. The
 * first answer each start sends what waits for them and their push subscription. Their
 * council's content the phone keeps is fetched again if the council changed it. */
function heard({ me, content_version }: PullNews): void {
  const next = personOf(me);
  if (JSON.stringify(next) !== JSON.stringify(person)) {
    set(next);
    if (next.kind === 'young_person') void setMeta('person', next).catch(() => undefined);
  }
  void keepContent(next.council, content_version);
  if (heardOnce) return;
  heardOnce = true;
  void requestFlush();
  void resendSubscription().catch(() => undefined);
}

/** Asks the server who is signed in: GET /auth/me, or the staff screen being opened, whose
 * answer says so too (staff/screen.ts). */
type AskWho = () => Promise<Me>;
const askMe: AskWho = () => send<Me>('GET', authPaths.me);

/** Staff (and a young person's page opened with a staff session) ask who they are. */
async function askWhoIsSignedIn(askWho: AskWho = askMe): Promise<void> {
  try {
    await signedIn(await askWho());
    void resendSubscription().catch(() => undefined);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) await signedOut();
    else if (person === undefined) set(null);
  }
}

/** A pull got no answer: a session that is not a young person's asks who it is; offline, a
 * phone that knows nobody draws the signed-out pages. */
function pullFailed(status: number): void {
  if (status === 403) void askWhoIsSignedIn();
  else if (person === undefined) set(null);
}

/** On start-up: the remembered young person at once (so offline works, and their pages draw
 * from the phone's copy), with one pull behind it whose `me` is the server's word. A phone
 * that remembers nobody pulls for whoever the session is. A staff page asks `askWho` at once,
 * so its screen's request runs while the staff chunk downloads. */
export async function startSession(askWho: AskWho = askMe): Promise<void> {
  onUnauthorised(() => void signedOut());
  onPullAnswer(heard);
  onPullFailed(pullFailed);
  if (!mayHaveSession()) return signedOut();
  const asking = isStaffPath(location.pathname) ? askWhoIsSignedIn(askWho) : undefined;
  const remembering = getMeta('person').catch(() => undefined);
  // Their council's pages read its content from the phone's copy: known once this is read.
  setContentKeptFor(remembering.then(youngPersonsCouncil));
  const remembered = await remembering;
  if (person !== undefined) return; // signed in or out meanwhile
  if (remembered) set(remembered);
  else if (asking) await asking;
  else setPuller(WHOEVER);
}

/** At unlock: the person in full on both sides. While locked, only their id and council could
 * be read from the phone, and the server's fresher answer (a new PA, say) could not be kept:
 * so the fresher one is kept now, or the kept one used, unless someone else is signed in. */
export async function rememberAgain(): Promise<void> {
  const remembered = await getMeta('person').catch(() => undefined);
  if (!remembered || person?.id !== remembered.id) return;
  if (person.display_name === undefined) set(remembered);
  else await setMeta('person', person).catch(() => undefined);
}

/** Calls `listener` whenever the session hears who is signed in, or that nobody is; returns
 * the function that stops it. */
export function onSignedInChange(listener: (person: SignedInPerson | null | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSignedIn(): SignedInPerson | null | undefined {
  const [current, setCurrent] = useState(person);
  useEffect(() => {
    setCurrent(person);
    return onSignedInChange(setCurrent);
  }, []);
  return current;
}
