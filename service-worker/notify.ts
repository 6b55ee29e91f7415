// What the service worker shows for a push, and where a tap on it goes. Pure functions over
// the few parts of the worker's API they need, so Node tests can run them.
//
// A lock screen is public: whatever the payload says, only the fixed generic words below are
// ever shown (trust.md SG-05). The details are in the app's inbox, after it is unlocked.
import { safeOpenPath } from '../frontend/src/core/open-path';

export const TITLE = 'Harbour';
/** The bodies the server sends (push/service.py), and ours when a payload can't be read. */
export const BODIES = ['You have a reminder', 'You have a new message', 'You have an urgent message'] as const;
export const FALLBACK_BODY = 'You have a new update';
const TAG = /^[A-Za-z0-9_-]{1,64}$/;

export interface Shown {
  title: string;
  options: { body: string; tag: string; data: { open: string } };
}

/** The notification for a push whose data is `text` (null: no data, or unreadable). It is
 * never silent: Safari takes the permission away from a worker that shows nothing. */
export function notificationFor(text: string | null, origin: string): Shown {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (parsed && typeof parsed === 'object') payload = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the generic words and the inbox.
  }
  const body = BODIES.find((allowed) => allowed === payload['body']) ?? FALLBACK_BODY;
  const tag = typeof payload['tag'] === 'string' && TAG.test(payload['tag']) ? payload['tag'] : 'harbour';
  return { title: TITLE, options: { body, tag, data: { open: safeOpenPath(payload['open'], origin) ?? '/' } } };
}

/** The parts of a window client and of `self.clients` that opening needs. */
export interface WindowLike {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
export interface ClientsLike {
  matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowLike[]>;
  openWindow(url: string): Promise<unknown>;
}

/** After a tap: the app's window (one already open if there is one, shown and moved to the
 * page) at the notification's path, or a new one. Only ever a path in Harbour. */
export async function openFromNotification(data: unknown, clients: ClientsLike, origin: string): Promise<void> {
  const open = safeOpenPath((data as { open?: unknown } | null)?.open, origin) ?? '/';
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const mine = windows.find((client) => new URL(client.url).origin === origin);
  if (!mine) {
    await clients.openWindow(open);
    return;
  }
  // Focusing is allowed only while the tap is handled, so it comes first; it may still be
  // refused (a test calling this directly), which must not stop the navigation.
  await mine.focus().catch(() => undefined);
  // navigate() refuses a window this worker does not control: a new window then.
  await mine.navigate(open).catch(() => clients.openWindow(open));
}
