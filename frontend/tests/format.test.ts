import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatAmount,
  formatAndList,
  formatDate,
  formatDateTime,
  formatMoney,
  formatOrList,
  formatSavedDate,
  formatTime,
} from '../src/lib/format';
import { t } from '../src/core/i18n';

describe('money', () => {
  it('shows whole pounds without pence, and pence when there are some', () => {
    assert.equal(formatMoney(300000), '£3,000');
    assert.equal(formatMoney(1250), '£12.50');
    assert.equal(formatMoney(5), '£0.05');
  });

  it('says how often', () => {
    assert.equal(formatAmount({ pence: 300000, frequency: 'one_off' }), '£3,000 once');
    assert.equal(formatAmount({ pence: 200000, frequency: 'per_year' }), '£2,000 a year');
    assert.equal(formatAmount({ pence: 5750, frequency: 'per_week' }), '£57.50 a week');
    assert.equal(formatAmount({ pence: 10000, frequency: 'per_month' }), '£100 a month');
  });
});

describe('dates', () => {
  it('writes calendar dates out in full, whatever the time zone', () => {
    assert.equal(formatDate('2026-09-01'), '1 September 2026');
  });

  it('uses the Gregorian calendar', () => {
    assert.equal(formatDateTime('2026-11-24T10:05:00Z').includes('November 2026'), true);
  });
});

describe('British English without Intl', () => {
  // Written out by hand (lib/format.ts); Intl's words are the reference.
  const GB = 'en-GB';
  const money = (pence: number) =>
    new Intl.NumberFormat(GB, {
      style: 'currency',
      currency: 'GBP',
      ...(pence % 100 === 0 ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    }).format(pence / 100);
  const moments = [
    '2026-01-01T00:00:00Z',
    '2026-03-29T00:59:00Z',
    '2026-03-29T01:30:00Z',
    '2026-06-30T23:05:00Z',
    '2026-10-25T00:30:00Z',
    '2026-11-23T19:57:00Z',
    '2027-12-31T12:00:00Z',
    '1999-02-28T09:09:09Z',
  ];

  it('writes money as Intl does', () => {
    for (const pence of [0, 1, 5, 99, 100, 101, 1250, 99999, 100000, 300000, 123456789, 100000000, -5, -500, -123456]) {
      assert.equal(formatMoney(pence), money(pence), String(pence));
    }
  });

  it('writes dates and times as Intl does', () => {
    const long = new Intl.DateTimeFormat(GB, { calendar: 'gregory', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const dayMonth = new Intl.DateTimeFormat(GB, { calendar: 'gregory', day: 'numeric', month: 'long' });
    const dateTime = new Intl.DateTimeFormat(GB, {
      calendar: 'gregory',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    const clock = new Intl.DateTimeFormat(GB, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (const moment of moments) {
      const date = new Date(moment);
      assert.equal(formatDate(moment.slice(0, 10)), long.format(new Date(`${moment.slice(0, 10)}T00:00:00Z`)), moment);
      assert.equal(formatSavedDate(moment), dayMonth.format(date), moment);
      assert.equal(formatDateTime(moment), dateTime.format(date), moment);
      assert.equal(formatTime(moment), clock.format(date), moment);
    }
  });

  it('writes lists as Intl does', () => {
    for (const parts of [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['one', 'two', 'three', 'four']]) {
      assert.equal(formatAndList(parts), new Intl.ListFormat(GB, { type: 'conjunction' }).format(parts));
      assert.equal(formatOrList(parts), new Intl.ListFormat(GB, { type: 'disjunction' }).format(parts));
    }
  });
});

describe('t', () => {
  it('fills in placeholders', () => {
    assert.equal(t('item.lastChecked', { date: '1 September 2026' }), 'Last checked 1 September 2026');
  });

  it('picks the plural form from the count', () => {
    assert.equal(t('status.waiting', { count: 1 }), '1 thing waiting to send');
    assert.equal(t('status.waiting', { count: 2 }), '2 things waiting to send');
    assert.equal(t('status.waiting', { count: 0 }), '0 things waiting to send');
  });
});
