// Registers the service worker, for whoever is signed in, and offers updates. A new version
// never takes over by itself (a half-filled form must not vanish): the page says one is ready,
// and the person chooses when to reload. The other audience's worker of the same version takes
// over at once: nothing changes under the page.
import { useEffect, useState } from 'preact/hooks';
import { isStaffPath } from './router';
import { currentPerson, onSignedInChange, type SignedInPerson } from './session';

const STAFF_WORKER = '/sw.js?for=staff';
const YOUNG_PEOPLES_WORKER = '/sw.js';

let waiting: ServiceWorker | null = null;
const listeners = new Set<(ready: boolean) => void>();

function setWaiting(worker: ServiceWorker | null): void {
  waiting = worker;
  for (const listener of listeners) listener(worker !== null);
}

/** The worker's address, naming whose browser this is, so each precaches only its own chunks
 * (service-worker/sw.ts). Whoever is signed in decides: staff get staff's, a young person
 * theirs (with the quick exit's calculator page), whatever address was opened first. Signed
 * out, the browser keeps the worker it has (a young person who opens a staff page keeps
 * everything for offline use); a browser with none gets staff's on a staff page. */
export function workerScript(person: Pick<SignedInPerson, 'kind'> | null | undefined, current: string | undefined, path = location.pathname): string {
  if (person) return person.kind === 'staff' ? STAFF_WORKER : YOUNG_PEOPLES_WORKER;
  return current ?? (isStaffPath(path) ? STAFF_WORKER : YOUNG_PEOPLES_WORKER);
}

/** A worker's script as `workerScript` names it: its path and query. */
function scriptOf(worker: ServiceWorker | null | undefined): string | undefined {
  return worker ? new URL(worker.scriptURL).pathname + new URL(worker.scriptURL).search : undefined;
}

/** A script of this page's own build, which every audience's worker of the same build
 * precaches (service-worker/audiences.ts: start-up code is everyone's). */
const thisBuild = new URL(import.meta.url).pathname;

/** A worker for the other audience has installed: it takes over at once if it is this page's
 * own build, since only what is precached changes (a young person's phone must not wait for
 * every tab to close to get the quick exit's offline page back). A newer build waits for
 * "Reload", as any new version. */
function switchAudience(worker: ServiceWorker): void {
  const answer = new MessageChannel();
  answer.port1.onmessage = (event: MessageEvent<boolean>) => {
    // Taken over: any version offered before was replaced by this one, so no "Reload" now.
    if (event.data) setWaiting(null);
    else if (navigator.serviceWorker.controller) setWaiting(worker);
  };
  worker.postMessage({ type: 'TAKE_OVER_IF_BUILD', script: thisBuild }, [answer.port2]);
}

/** An installed worker behind the active one: another audience's, or a new version. */
function offer(registration: ServiceWorkerRegistration, worker: ServiceWorker): void {
  if (registration.active && registration.active.scriptURL !== worker.scriptURL) switchAudience(worker);
  // With no controller this is the first install, which takes over at once.
  else if (navigator.serviceWorker.controller) setWaiting(worker);
}

let watched: ServiceWorkerRegistration | null = null;

/** Watches the registration for a worker that installs behind the current one (once, though
 * each audience change registers again). */
function watch(registration: ServiceWorkerRegistration): void {
  if (watched === registration) return;
  watched = registration;
  if (registration.waiting) offer(registration, registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') offer(registration, installing);
    });
  });
}

function register(script: string): void {
  // `registration &&`: browsers driven with workers blocked resolve with nothing.
  navigator.serviceWorker
    .register(script, { scope: '/' })
    .then((registration) => registration && watch(registration), () => undefined);
}

/** Registers after the page has loaded, so installing (which downloads the whole app for
 * offline use) does not slow down the first view; again when the session hears of someone of
 * the other audience (same scope: the new worker replaces the old, and its precache drops the
 * old one's files). (What the page fetched of council content before the worker took control,
 * it keeps in the worker's cache itself: core/api.ts.) */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const start = async () => {
    const existing = await navigator.serviceWorker.getRegistration('/').catch(() => undefined);
    const newest = existing && (existing.installing ?? existing.waiting ?? existing.active);
    let script = workerScript(currentPerson(), scriptOf(newest));
    register(script); // always: the browser checks for a new version too
    onSignedInChange((person) => {
      const next = workerScript(person, script);
      if (next === script) return;
      script = next;
      register(next);
    });
  };
  if (document.readyState === 'complete') void start();
  else window.addEventListener('load', () => void start(), { once: true });
}

/** Lets the waiting version take over, then reloads once it controls the page. */
export function applyUpdate(): void {
  if (!waiting) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
    once: true,
  });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}

export function useUpdateReady(): boolean {
  const [ready, setReady] = useState(waiting !== null);
  useEffect(() => {
    listeners.add(setReady);
    return () => listeners.delete(setReady);
  }, []);
  return ready;
}
