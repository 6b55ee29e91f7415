// This phone's push subscription, as far as start-up needs it (main bundle, so kept tiny):
// sent to the server again on every start, since push services drop subscriptions without
// telling anyone (tech-notes §2.3), and forgotten when the person signs out. Turning
// reminders on and off is in reminders.ts, with the pages that do it.
import { send } from './api';

export const pushPaths = { key: '/api/v1/push/key', subscription: '/api/v1/push/subscription' };

export interface SubscriptionBody {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  expiration_time: number | null;
}

/** The server's shape of `subscription.toJSON()`, or null if the browser left out a part. */
export function subscriptionBody(json: PushSubscriptionJSON): SubscriptionBody | null {
  const { endpoint, keys, expirationTime } = json;
  if (!endpoint || !keys?.['p256dh'] || !keys['auth']) return null;
  return { endpoint, keys: { p256dh: keys['p256dh'], auth: keys['auth'] }, expiration_time: expirationTime ?? null };
}

/** This phone's subscription, if it has one (none without a service worker). */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager?.getSubscription()) ?? null;
}

/** On start, once the server knows who is signed in: the subscription again (an upsert). */
export async function resendSubscription(): Promise<void> {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const body = subscriptionBody((await currentSubscription())?.toJSON() ?? {});
  if (body) await send('PUT', pushPaths.subscription, body);
}

/** After signing out: the server has deleted this session's subscription, so the phone drops
 * it too, and whoever signs in next gets no reminders they did not turn on. */
export async function forgetSubscription(): Promise<void> {
  await (await currentSubscription())?.unsubscribe();
}
