import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAmount, formatDate, formatDateTime, formatMoney } from '../src/lib/format';
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
