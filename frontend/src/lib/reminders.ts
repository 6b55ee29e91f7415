// Reminders on this phone (turning them on and off), the person's reminder settings and their
// inbox. Loaded with the reminders and inbox pages only; start-up needs just push.ts.
import type { InboxItem, PublicKey } from '../api/types';
import { send } from '../core/api';
import { currentSubscription, pushPaths, subscriptionBody } from '../core/push';

export const reminderPaths = { settings: '/api/v1/reminders/settings' };

/** New first (not yet seen), then the rest, each newest first as the server sent them. */
export function groupInbox(items: readonly InboxItem[]): { unseen: InboxItem[]; seen: InboxItem[] } {
  return { unseen: items.filter((item) => !item.seen_at), seen: items.filter((item) => item.seen_at) };
}

// ---- Quiet hours ------------------------------------------------------------------------

export type QuietField = 'quiet_start' | 'quiet_end';
export type QuietProblem = 'missing' | 'format' | 'same';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with quiet hours "from" `start` "until" `end` (24-hour "21:00"). They may
 * run past midnight (21:00 until 08:00); the same time twice would be no quiet at all, or
 * all day, so it is refused. */
export function quietProblems(start: string, end: string): Partial<Record<QuietField, QuietProblem>> {
  const problems: Partial<Record<QuietField, QuietProblem>> = {};
  for (const [field, value] of [['quiet_start', start], ['quiet_end', end]] as const) {
    if (!value.trim()) problems[field] = 'missing';
    else if (!TIME.test(value.trim())) problems[field] = 'format';
  }
  if (!problems.quiet_start && !problems.quiet_end && start.trim() === end.trim()) problems.quiet_end = 'same';
  return problems;
}

// ---- This phone -------------------------------------------------------------------------

/** Whether this is an iPhone or iPad (iPadOS says it is a Mac, but has a touch screen). */
export function isIos(userAgent: string, platform: string, maxTouchPoints: number): boolean {
  return /iPhone|iPad|iPod/.test(userAgent) || (platform === 'MacIntel' && maxTouchPoints > 1);
}

/** Whether Harbour runs from the Home Screen (an installed app), not in a browser tab. */
export function isStandalone(navigatorStandalone: boolean | undefined, displayModeStandalone: boolean): boolean {
  return navigatorStandalone === true || displayModeStandalone;
}

/** on / off; blocked (the person said no, so only the phone's settings can undo it);
 * installFirst (an iPhone shows reminders only from the Home Screen); unsupported. */
export type PhoneState = 'on' | 'off' | 'blocked' | 'installFirst' | 'unsupported';

export function phoneState(facts: {
  ios: boolean;
  standalone: boolean;
  supported: boolean;
  permission: NotificationPermission;
  subscribed: boolean;
}): PhoneState {
  if (facts.ios && !facts.standalone) return 'installFirst';
  if (!facts.supported) return 'unsupported';
  if (facts.permission === 'denied') return 'blocked';
  return facts.permission === 'granted' && facts.subscribed ? 'on' : 'off';
}

function supported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** This phone's state now. */
export async function readPhoneState(): Promise<PhoneState> {
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone;
  return phoneState({
    ios: isIos(navigator.userAgent, navigator.platform, navigator.maxTouchPoints),
    standalone: isStandalone(standalone, window.matchMedia('(display-mode: standalone)').matches),
    supported: supported(),
    permission: supported() ? Notification.permission : 'default',
    subscribed: supported() && (await currentSubscription()) !== null,
  });
}

/** base64url (the server's public key) to bytes, for `applicationServerKey`. */
export function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function sameBytes(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, index) => byte === b[index]);
}

/** Asks for permission (call it straight from the tap: browsers allow the question only
 * then), subscribes with the server's key and gives the server the subscription. */
export async function turnOn(): Promise<PhoneState> {
  if (!supported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'blocked' : 'off';
  const registration = await navigator.serviceWorker.getRegistration('/');
  if (!registration) return 'unsupported';
  const { public_key } = await send<PublicKey>('GET', pushPaths.key);
  const key = base64UrlBytes(public_key);
  let subscription = await registration.pushManager.getSubscription();
  // One made with an older key can't receive our pushes: replace it.
  if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await send('PUT', pushPaths.subscription, subscriptionBody(subscription.toJSON()));
  return 'on';
}

/** "Turn off on this phone": the server forgets the subscription, then the phone does. */
export async function turnOff(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await send('DELETE', pushPaths.subscription, { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}
