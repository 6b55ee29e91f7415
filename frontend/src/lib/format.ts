// Money, dates and lists in the words the app uses ("£3,000 once", "1 September 2026").
//
// The app's own language, British English, is written out here by hand: the first Intl number
// or date formatter a page makes costs 25-50 ms on a laptop and a few hundred on a cheap phone
// (the browser loads its locale data), in the middle of drawing the page (the offer's amounts,
// a signed-in page's dates). Its words are fixed, and tests/format.test.ts checks them against
// Intl's. Another language's catalogue uses Intl, each formatter made on first use.
import type { Amount } from '../api/types';
import { intlLocale, t } from '../core/i18n';

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Whether the catalogue's language is British English, which needs no Intl formatter. */
const british = intlLocale === 'en-GB';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

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
const clock = lazy(() => new Intl.DateTimeFormat(intlLocale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));

/** Starts the browser's date formatting, whose first use costs tens of milliseconds on a
 * slow phone (main.tsx calls it before the first paint of a signed-in page that shows dates),
 * so that it is not done in the middle of drawing the page. Any date formatter is cheap
 * after it. British English needs none. */
export function startDateFormatting(): void {
  if (!british) longDate();
}
const orList = lazy(() => new Intl.ListFormat(intlLocale, { type: 'disjunction' }));
const andList = lazy(() => new Intl.ListFormat(intlLocale, { type: 'conjunction' }));

/** "1,234,567" from a whole number of pounds. */
function withCommas(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** "£3,000" for whole pounds, "£12.50" otherwise: no ".00" for a 14-year-old to read past. */
export function formatMoney(pence: number): string {
  if (!british || !Number.isInteger(pence)) {
    const format = pence % 100 === 0 ? wholePounds() : poundsAndPence();
    return format.format(pence / 100);
  }
  const sign = pence < 0 ? '-' : '';
  const size = Math.abs(pence);
  const pounds = `${sign}£${withCommas(Math.floor(size / 100))}`;
  return size % 100 === 0 ? pounds : `${pounds}.${twoDigits(size % 100)}`;
}

export function formatAmount(amount: Amount): string {
  return t(`amount.${amount.frequency}`, { amount: formatMoney(amount.pence) });
}

/** "2026-09-01" → "1 September 2026". */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (!british) return longDate().format(date);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** When something was saved on this phone, in the phone's own time zone: "3 November". */
export function formatSavedDate(isoTimestamp: string): string {
  const date = new Date(isoTimestamp);
  if (!british) return dayAndMonth().format(date);
  return `${date.getDate()} ${MONTHS[date.getMonth()]}`;
}

/** A moment, in the phone's own time zone: "23 November 2026 at 19:57". */
export function formatDateTime(isoTimestamp: string): string {
  const date = new Date(isoTimestamp);
  if (!british) return dateAndTime().format(date);
  const day = `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
  return `${day} at ${date.getHours()}:${twoDigits(date.getMinutes())}`;
}

/** Whether a moment falls on today's date, in the phone's time zone. */
export function isToday(isoTimestamp: string, now: Date = new Date()): boolean {
  return new Date(isoTimestamp).toDateString() === now.toDateString();
}

/** A moment's time of day, in the phone's time zone: "17:20". */
export function formatTime(isoTimestamp: string): string {
  const date = new Date(isoTimestamp);
  if (!british) return clock().format(date);
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

/** "17:20" today, "23 November 2026 at 17:20" on another day. */
export function formatWhen(isoTimestamp: string, now: Date = new Date()): string {
  return isToday(isoTimestamp, now) ? formatTime(isoTimestamp) : formatDateTime(isoTimestamp);
}

/** "a, b and c" or "a, b or c", as British English writes a list (no comma before the last). */
function britishList(parts: string[], last: string): string {
  if (parts.length < 2) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${last} ${parts[parts.length - 1]}`;
}

export function formatOrList(parts: string[]): string {
  return british ? britishList(parts, 'or') : orList().format(parts);
}

export function formatAndList(parts: string[]): string {
  return british ? britishList(parts, 'and') : andList().format(parts);
}
