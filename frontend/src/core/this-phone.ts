// "Delete everything Harbour keeps on this phone" (trust.md T2 (d), RL-12): every IndexedDB
// store, and any cache that could hold something personal. The app shell and the council's
// public content (offer, pledge, contacts) stay cached: they say nothing about anyone.
import { allStores, database } from './db';
import { outboxChanged } from './outbox';

/** Caches that only ever hold public things: Workbox's precache of the app, and council
 * content (/api/v1/councils/*, service-worker/sw.ts). Any other cache is deleted. */
export function isPublicCache(name: string): boolean {
  return name.startsWith('workbox-precache') || name === 'harbour-content';
}

/** What deleting everything would lose for good: drafts and items not yet sent, whoever's
 * they are (the server has neither; it has those delivered while the phone was locked). */
export async function unsentOnThisPhone(): Promise<{ drafts: number; unsent: number }> {
  const db = await database();
  const [drafts, items] = await Promise.all([db.count('drafts'), db.getAll('outbox')]);
  return { drafts, unsent: items.filter((item) => !item.delivered).length };
}

/** Empties every store in one transaction, then the personal caches. */
export async function deleteEverything(): Promise<void> {
  const db = await database();
  const stores = allStores();
  const tx = db.transaction(stores, 'readwrite');
  await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
  await outboxChanged();
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => !isPublicCache(name)).map((name) => caches.delete(name)));
}
