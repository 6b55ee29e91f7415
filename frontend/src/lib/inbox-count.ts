// How many reminders and messages the signed-in person has not seen yet, for the tab bar's
// and staff header's "Inbox" (main bundle; the inbox itself is a lazy page). A young person's
// count comes with every pull (core/pull.ts pulls on every page, when the app comes back into
// view and when a push arrives); staff's with their screen (staff/screen.ts), or by asking the
// inbox again at each of those.
import { useEffect, useState } from 'preact/hooks';
import type { InboxOut } from '../api/types';
import { send } from '../core/api';
import { onPullAnswer, requestPull } from '../core/pull';
import { currentPerson, onSignedInChange } from '../core/session';

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

// Whose count it is: someone else's (a shared phone) is never shown while the new person's
// is asked for.
let countedFor: string | undefined;

onPullAnswer((news) => {
  countedFor = news.me.id;
  setUnseen(news.inbox_unseen);
});

onSignedInChange((person) => {
  if (person?.id === countedFor) return;
  countedFor = person?.id;
  setUnseen(0);
});

let comesWith: (path: string) => boolean = () => false;

/** The pages whose own request brings the count (staff screens: staff/screen.ts), which
 * give it here; the header does not ask for it again on them. */
export function countComesWith(pages: (path: string) => boolean): void {
  comesWith = pages;
}

/** `count` is the person `id`'s (the screen's answer says whose). */
export function giveInboxCount(id: string, count: number): void {
  countedFor = id;
  setUnseen(count);
}

/** Asks the server again (offline or signed out: the last count stays). */
export function refreshInboxCount(): void {
  if (currentPerson()?.kind === 'young_person') {
    void requestPull();
    return;
  }
  send<InboxOut>('GET', inboxPaths.list).then(
    (inbox) => setUnseen(inbox.unseen),
    () => undefined,
  );
}

/** A young person's count, as their last pull said it. */
export function usePulledInboxCount(signedIn: boolean): number {
  const [count, setCount] = useState(unseen);
  useEffect(() => {
    listeners.add(setCount);
    return () => listeners.delete(setCount);
  }, []);
  return signedIn ? count : 0;
}

/** Staff's count, asked again whenever `key` (the page, the person) changes while `signedIn`. */
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
