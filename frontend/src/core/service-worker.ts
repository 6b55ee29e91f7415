// Registers the service worker and offers updates. A new version never takes over by itself
// (a half-filled form must not vanish): the page says one is ready, and the person chooses
// when to reload.
import { useEffect, useState } from 'preact/hooks';
import { isStaffPath } from './router';

let waiting: ServiceWorker | null = null;
const listeners = new Set<(ready: boolean) => void>();

function setWaiting(worker: ServiceWorker | null): void {
  waiting = worker;
  for (const listener of listeners) listener(worker !== null);
}

/** Watches a registration for an installed worker that waits behind the current one. */
function watch(registration: ServiceWorkerRegistration): void {
  if (registration.waiting && navigator.serviceWorker.controller) setWaiting(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      // With no controller this is the first install, which takes over at once.
      if (installing.state === 'installed' && navigator.serviceWorker.controller) {
        setWaiting(installing);
      }
    });
  });
}

/** The worker's address, naming whose browser this is, so each precaches only its own chunks
 * (service-worker/sw.ts): staff's where a staff page first registers it, young people's
 * anywhere else. A browser keeps the one it has: a young person who opens a staff address
 * still has everything for offline use. */
export function workerScript(current: string | undefined, path = location.pathname): string {
  if (current) return new URL(current).pathname + new URL(current).search;
  return isStaffPath(path) ? '/sw.js?for=staff' : '/sw.js';
}

/** Registers after the page has loaded, so installing (which downloads the whole app for
 * offline use) does not slow down the first view. (What the page fetched of council content
 * before the worker took control, it keeps in the worker's cache itself: core/api.ts.) */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = async () => {
    const existing = await navigator.serviceWorker.getRegistration('/').catch(() => undefined);
    const worker = existing && (existing.active ?? existing.waiting ?? existing.installing);
    // `registration &&`: browsers driven with workers blocked resolve with nothing.
    navigator.serviceWorker
      .register(workerScript(worker?.scriptURL), { scope: '/' })
      .then((registration) => registration && watch(registration), () => undefined);
  };
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
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
