// Money, dates and lists in the words the app uses ("£3,000 once", "1 September 2026").
// Intl formatters are slow to create on a cheap phone, so each is made on first use.
import type { Amount } from '../api/types';
import { intlLocale, t } from '../core/i18n';

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const wholePounds = lazy(
  () =>
    new Intl.NumberFormat(intlLocale, {
      style: 'currency',
      currency: 'GBP',
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    }),
);
const poundsAndPence = lazy(() => new Intl.NumberFormat(intlLocale, { style: 'currency', currency: 'GBP' }));
// Dates are on the Gregorian calendar whatever the language's default (plan and passport
// dates are the council's), and calendar dates are read as UTC so no time zone can move them
// to the day before.
const GREGORIAN = { calendar: 'gregory' } as const;
const longDate = lazy(
  () => new Intl.DateTimeFormat(intlLocale, { ...GREGORIAN, day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
);
const dayAndMonth = lazy(() => new Intl.DateTimeFormat(intlLocale, { ...GREGORIAN, day: 'numeric', month: 'long' }));
const dateAndTime = lazy(
  () =>
    new Intl.DateTimeFormat(intlLocale, {
      ...GREGORIAN,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }),
);
const orList = lazy(() => new Intl.ListFormat(intlLocale, { type: 'disjunction' }));

/** Starts the browser's date formatting, whose first use costs tens of milliseconds on a
 * slow phone (main.tsx calls it before the first paint of a signed-in page that shows dates),
 * so that it is not done in the middle of drawing the page. Any date formatter is cheap
 * after it. */
export function startDateFormatting(): void {
  longDate();
}
const andList = lazy(() => new Intl.ListFormat(intlLocale, { type: 'conjunction' }));

/** "£3,000" for whole pounds, "£12.50" otherwise: no ".00" for a 14-year-old to read past. */
export function formatMoney(pence: number): string {
  const format = pence % 100 === 0 ? wholePounds() : poundsAndPence();
  return format.format(pence / 100);
}

export function formatAmount(amount: Amount): string {
  return t(`amount.${amount.frequency}`, { amount: formatMoney(amount.pence) });
}

/** "2026-09-01" → "1 September 2026". */
export function formatDate(isoDate: string): string {
  return longDate().format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** When something was saved on this phone, in the phone's own time zone: "3 November". */
export function formatSavedDate(isoTimestamp: string): string {
  return dayAndMonth().format(new Date(isoTimestamp));
}

/** A moment, in the phone's own time zone: "23 November 2026 at 19:57". */
export function formatDateTime(isoTimestamp: string): string {
  return dateAndTime().format(new Date(isoTimestamp));
}

const clock = lazy(() => new Intl.DateTimeFormat(intlLocale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));

/** Whether a moment falls on today's date, in the phone's time zone. */
export function isToday(isoTimestamp: string, now: Date = new Date()): boolean {
  return new Date(isoTimestamp).toDateString() === now.toDateString();
}

/** A moment's time of day, in the phone's time zone: "17:20". */
export function formatTime(isoTimestamp: string): string {
  return clock().format(new Date(isoTimestamp));
}

/** "17:20" today, "23 November 2026 at 17:20" on another day. */
export function formatWhen(isoTimestamp: string, now: Date = new Date()): string {
  return isToday(isoTimestamp, now) ? formatTime(isoTimestamp) : formatDateTime(isoTimestamp);
}

export function formatOrList(parts: string[]): string {
  return orList().format(parts);
}

export function formatAndList(parts: string[]): string {
  return andList().format(parts);
}
