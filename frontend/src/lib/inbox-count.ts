// How many reminders and messages the signed-in person has not seen yet, for the header's
// "Inbox" link (main bundle; the inbox itself is a lazy page). Asked again on every page,
// when the app comes back into view, and when the service worker says a push arrived.
import { useEffect, useState } from 'preact/hooks';
import type { InboxOut } from '../api/types';
import { send } from '../core/api';

export const inboxPaths = {
  list: '/api/v1/inbox',
  seen: (id: string) => `/api/v1/inbox/${encodeURIComponent(id)}/seen`,
};

let unseen = 0;
const listeners = new Set<(count: number) => void>();

function setUnseen(count: number): void {
  unseen = count;
  for (const listener of listeners) listener(count);
}

let comesWith: (path: string) => boolean = () => false;

/** The pages whose own request brings the count (staff screens: staff/screen.ts), which
 * give it here; the header does not ask for it again on them. */
export function countComesWith(pages: (path: string) => boolean): void {
  comesWith = pages;
}

export function giveInboxCount(count: number): void {
  setUnseen(count);
}

/** Asks the server again (offline or signed out: the last count stays). */
export function refreshInboxCount(): void {
  send<InboxOut>('GET', inboxPaths.list).then(
    (inbox) => setUnseen(inbox.unseen),
    () => undefined,
  );
}

/** The count, refreshed whenever `key` (the page, the person) changes while `signedIn`. */
export function useInboxCount(signedIn: boolean, key: string): number {
  const [count, setCount] = useState(unseen);
  useEffect(() => {
    listeners.add(setCount);
    return () => listeners.delete(setCount);
  }, []);
  useEffect(() => {
    if (!signedIn) return;
    if (!comesWith(location.pathname)) refreshInboxCount();
    const visible = () => document.visibilityState === 'visible' && refreshInboxCount();
    const pushed = (event: MessageEvent<{ type?: string } | null>) => event.data?.type === 'PUSHED' && refreshInboxCount();
    document.addEventListener('visibilitychange', visible);
    navigator.serviceWorker?.addEventListener('message', pushed);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      navigator.serviceWorker?.removeEventListener('message', pushed);
    };
  }, [signedIn, key]);
  return signedIn ? count : 0;
}
