// Harbour's service worker: the app shell from the precache (staff's or young people's own
// chunks), council content from the network when it answers within 3 seconds and from the
// cache otherwise, and web push (a generic notification for every push; a tap opens its
// screen).
// Sync requests (/api/v1/sync/*: push and pull) are never cached: IndexedDB owns them (the
// outbox, and what a pull brings: statement states, replies, the plan, its tasks, the health
// passport and their history). Nor is any other personal request, such as the calendar or
// a statement's thread (/api/v1/my-views/*, kept in IndexedDB only while signed in). The one
// exception is the young person's PA's photo, kept for offline use in its own cache, which
// signing out deletes (PA_PHOTO_CACHE in core/session.ts).
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { notificationFor, openFromNotification } from './notify';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: unknown };

/** Whose browser this is; the build marks each precached file with the audiences that need it
 * (service-worker/audiences.ts). */
type Audience = 'staff' | 'young_people';
type Marked = { url: string; revision: string | null; for: Audience[] };

// Staff browsers register `/sw.js?for=staff` (core/service-worker.ts) and precache the staff
// pages, not the young person's; young people's phones precache the rest, never staff's.
const audience: Audience = new URL(self.location.href).searchParams.get('for') === 'staff' ? 'staff' : 'young_people';
const precached = (self.__WB_MANIFEST as Marked[]).filter((entry) => entry.for.includes(audience));
precacheAndRoute(precached.map(({ url, revision }) => ({ url, revision })));
cleanupOutdatedCaches();

// Any page address (not /api, nor a calendar feed: calendar files come from the server) gets
// the app shell, so deep links open offline too.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/calendar\//] }));

registerRoute(
  ({ url, request }) =>
    request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/api/v1/councils'),
  new NetworkFirst({
    cacheName: 'harbour-content',
    networkTimeoutSeconds: 3,
    plugins: [new ExpirationPlugin({ maxEntries: 60, purgeOnQuotaError: true })],
  }),
);

// Its address carries the photo's version, so a new photo is a new entry and the old one goes.
// With the app lock on, the page asks for it `unkept`: nothing personal is kept in clear.
// Not an ExpirationPlugin: its bookkeeping after each use of the kept photo opens the cache
// again a moment later, which would undo signing out's deletion of it. The old photo goes
// when a new one is kept.
registerRoute(
  ({ url, request }) =>
    request.method === 'GET' &&
    url.origin === self.location.origin &&
    url.pathname === '/api/v1/my-pa/photo' &&
    !url.searchParams.has('unkept'),
  new CacheFirst({
    cacheName: 'harbour-pa-photo',
    plugins: [
      {
        cacheDidUpdate: async ({ cacheName, request }) => {
          const cache = await caches.open(cacheName);
          for (const kept of await cache.keys()) if (kept.url !== request.url) await cache.delete(kept);
        },
      },
    ],
  }),
);

/** Whether this worker precaches `script` (a path): so it is of the same build as the page
 * that loaded it. */
function precaches(script: string): boolean {
  return precached.some(({ url }) => new URL(url, self.location.origin).pathname === script);
}

type Message = { type?: string; script?: string } | null;

// A new version waits until the person taps "Reload" (the page then sends SKIP_WAITING).
// Another audience's worker (someone else signed in, core/service-worker.ts) takes over at
// once if it is the page's own build, and answers whether it did.
self.addEventListener('message', (event) => {
  const message = event.data as Message;
  if (message?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (message?.type === 'TAKE_OVER_IF_BUILD') {
    const same = typeof message.script === 'string' && precaches(message.script);
    if (same) event.waitUntil(self.skipWaiting());
    event.ports[0]?.postMessage(same);
  }
});

// Take control of open pages as soon as we are active, so that the very first visit is
// already controlled and works offline straight away. Later versions only activate after
// "Reload", and another audience's only with the page's own build, so this never swaps code
// under a page that did not ask for it.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// Web push: every push shows a notification (never silent; see notify.ts for what it may
// say), and open pages are told, so the header's inbox count catches up.
self.addEventListener('push', (event) => {
  let text: string | null = null;
  try {
    text = event.data?.text() ?? null;
  } catch {
    // Unreadable: notificationFor shows the generic words.
  }
  const { title, options } = notificationFor(text, self.location.origin);
  event.waitUntil(
    self.registration.showNotification(title, options).then(async () => {
      for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'PUSHED' });
    }),
  );
});

/** What a tap on a notification does: close it and open its screen. Exported (as
 * `harbourServiceWorker.clickNotification`) so end-to-end tests can run the same path. */
export function clickNotification(notification: Notification): Promise<void> {
  notification.close();
  return openFromNotification(notification.data, self.clients, self.location.origin);
}

self.addEventListener('notificationclick', (event) => event.waitUntil(clickNotification(event.notification)));
