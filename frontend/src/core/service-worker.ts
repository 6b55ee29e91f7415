// Registers the service worker and offers updates. A new version never takes over by itself
// (a half-filled form must not vanish): the page says one is ready, and the person chooses
// when to reload.
import { useEffect, useState } from 'preact/hooks';

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

/** Registers after the page has loaded, so installing (which downloads the whole app for
 * offline use) does not slow down the first view. (What the page fetched of council content
 * before the worker took control, it keeps in the worker's cache itself: core/api.ts.) */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => {
    // `registration &&`: browsers driven with workers blocked resolve with nothing.
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then((registration) => registration && watch(registration), () => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
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
