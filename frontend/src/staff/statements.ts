// "My views" for staff: the statements API's addresses, the queue page remembered for "Back",
// and the words for the response clock (the queue's filters: queue-filters.ts). The API's
// shapes are the generated ones (api/types.ts).
import type { QueueItem } from '../api/types';
import { intlLocale } from '../core/i18n';
import { formatWhen } from '../lib/format';
import { t } from './i18n';

export const statementPaths = {
  alerts: '/api/v1/statements/alerts',
  one: (id: string) => `/api/v1/statements/${encodeURIComponent(id)}`,
  acknowledge: (id: string) => `/api/v1/statements/${encodeURIComponent(id)}/acknowledge`,
  replies: (id: string) => `/api/v1/statements/${encodeURIComponent(id)}/replies`,
  notes: (id: string) => `/api/v1/statements/${encodeURIComponent(id)}/notes`,
  export: (id: string) => `/api/v1/statements/${encodeURIComponent(id)}/export`,
  copied: (id: string) => `/api/v1/statements/${encodeURIComponent(id)}/copied-to-case-record`,
};

const LAST_QUEUE = 'harbour.staff.lastQueue';

/** Remembers the queue page (its address holds ids and fixed words only) for "Back". */
export function rememberQueue(address: string): void {
  try {
    sessionStorage.setItem(LAST_QUEUE, address);
  } catch {
    // storage blocked: "Back" goes to the PA's own queue
  }
}

/** The queue page the statement was opened from, or the PA's own queue. */
export function lastQueue(): string {
  try {
    const address = sessionStorage.getItem(LAST_QUEUE) ?? '';
    return address.startsWith('/staff/views') ? address : '/staff/views';
  } catch {
    return '/staff/views';
  }
}

/** "Sam says: I'm OK now (17:32)": the young person's latest word from their help screen. */
export function updateText(item: Pick<QueueItem, 'young_person' | 'young_person_update'>): string {
  const said = item.young_person_update;
  if (!said) return '';
  return t(`triage.update.${said.said}`, { name: item.young_person.preferred_name, when: formatWhen(said.at) });
}

const MINUTE = 60_000;

/** "2 days", "3 hours", "25 minutes": the largest whole unit, at least one minute. */
function span(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / MINUTE));
  if (minutes < 60) return t('triage.clock.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('triage.clock.hours', { count: hours });
  return t('triage.clock.days', { count: Math.floor(hours / 24) });
}

/** "17:20" and "2 December", and the calendar day to compare, in the council's time zone
 * (the PA's computer may be set to another). */
function inZone(iso: string, timeZone: string): { time: string; date: string; day: string } {
  const moment = new Date(iso);
  const part = (options: Intl.DateTimeFormatOptions, locale = intlLocale) =>
    new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(moment);
  return {
    time: part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    date: part({ day: 'numeric', month: 'long' }),
    day: part({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA'),
  };
}

/** When the young person opened a reply: "Seen at 17:20" today, else "Seen on 2 December at
 * 17:20", in the council's time zone. */
export function seenText(readAt: string, now: number, timeZone: string): string {
  const when = inZone(readAt, timeZone);
  const today = when.day === inZone(new Date(now).toISOString(), timeZone).day;
  return t(today ? 'triage.history.seenAt' : 'triage.history.seenOn', { time: when.time, date: when.date });
}

/** The words for an answered statement: "Answered at 17:20 by Alex" (on another day, "Answered
 * on 2 December at 17:20 by Alex"), or "Overdue, answered 2 hours late". */
function answeredText(item: Pick<QueueItem, 'answered_at' | 'answered_by' | 'answered_late_minutes'>, answeredAt: string, now: number, timeZone: string): string {
  if (item.answered_late_minutes !== null) return t('triage.clock.answeredLate', { time: span(item.answered_late_minutes * MINUTE) });
  const when = inZone(answeredAt, timeZone);
  const today = when.day === inZone(new Date(now).toISOString(), timeZone).day;
  const params = { time: when.time, date: when.date, name: item.answered_by ?? '' };
  if (today) return t(item.answered_by ? 'triage.clock.answeredAtBy' : 'triage.clock.answeredAt', params);
  return t(item.answered_by ? 'triage.clock.answeredOnBy' : 'triage.clock.answeredOn', params);
}

/** The response clock: "2 hours left", "Overdue by 3 hours", and once someone has replied or
 * marked it done, who answered and when, or how late, so the list shows what is done. */
export function clockText(
  item: Pick<QueueItem, 'due_at' | 'overdue' | 'answered_at' | 'answered_by' | 'answered_late_minutes'>,
  now: number,
  timeZone: string,
): string {
  if (item.answered_at !== null) return answeredText(item, item.answered_at, now, timeZone);
  const left = Date.parse(item.due_at) - now;
  if (item.overdue || left <= 0) return t('triage.clock.overdue', { time: span(-left) });
  return t('triage.clock.left', { time: span(left) });
}

/** Whether a key press came from somewhere the person is typing, so shortcuts stay away. */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('[contenteditable="true"]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** Whether a key press is a plain one a shortcut may take (no modifier but Shift for "?"). */
export function plainKey(event: KeyboardEvent): boolean {
  return !event.ctrlKey && !event.metaKey && !event.altKey && !event.defaultPrevented && !typingIn(event.target);
}
