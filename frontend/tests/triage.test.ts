import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queueAddress, queueScreenRequest, readFilters } from '../src/staff/queue-filters';
import { clockText } from '../src/staff/statements';

const ID = '0b7e3c1a-5d2f-4c7e-9a11-2f3b4c5d6e7f';
const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('queue filters in the address', () => {
  it('keeps known filters and ids, and drops anything else', () => {
    const filters = readFilters(`?status=seen&type=ask&young_person_id=${ID}&overdue=true&page=3&name=Sam`);
    assert.deepEqual(filters, { status: 'seen', type: 'ask', young_person_id: ID, overdue: 'true', page: 3 });
    assert.deepEqual(readFilters('?status=lost&young_person_id=Sam&page=-2&overdue=maybe'), {
      status: '',
      type: '',
      young_person_id: '',
      overdue: '',
      page: 1,
    });
  });

  it('round-trips through the page address, and asks the triage screen for the right slice', () => {
    const filters = readFilters(`?type=feeling&young_person_id=${ID}&page=2`);
    assert.equal(queueAddress('team', filters), `/staff/views/team?young_person_id=${ID}&type=feeling&page=2`);
    assert.deepEqual(readFilters(queueAddress('mine', filters).split('?')[1] ?? ''), filters);
    assert.equal(queueAddress('mine', readFilters('')), '/staff/views');
    assert.equal(
      queueScreenRequest('mine', filters),
      `/api/v1/screens/queue?view=mine&young_person_id=${ID}&type=feeling&limit=25&offset=25`,
    );
  });
});

describe('the response clock', () => {
  const due = (iso: string, overdue = false) => ({ due_at: iso, overdue, answered_at: null, answered_by: null, answered_late_minutes: null });
  const answered = (at: string, by: string | null, late: number | null = null) => ({
    ...due('2026-11-23T14:00:00Z'),
    answered_at: at,
    answered_by: by,
    answered_late_minutes: late,
  });
  const ZONE = 'Europe/London';

  it('says how long is left in the largest whole unit', () => {
    assert.equal(clockText(due('2026-11-23T14:30:00Z'), NOW, ZONE), '2 hours left to respond');
    assert.equal(clockText(due('2026-11-23T12:01:00Z'), NOW, ZONE), '1 minute left to respond');
    assert.equal(clockText(due('2026-11-26T12:00:00Z'), NOW, ZONE), '3 days left to respond');
  });

  it('says how overdue, counting on while the page is open', () => {
    assert.equal(clockText(due('2026-11-23T09:00:00Z', true), NOW, ZONE), 'Overdue by 3 hours');
    assert.equal(clockText(due('2026-11-23T11:30:00Z'), NOW, ZONE), 'Overdue by 30 minutes');
  });

  it('stops at the first answer, saying when and by whom in the council\'s time zone', () => {
    assert.equal(clockText(answered('2026-11-23T11:20:00Z', 'Alex'), NOW, ZONE), 'Answered at 11:20 by Alex');
    assert.equal(clockText(answered('2026-11-23T11:20:00Z', 'Alex'), NOW, 'Asia/Tokyo'), 'Answered at 20:20 by Alex');
    assert.equal(clockText(answered('2026-11-23T11:20:00Z', null), NOW, ZONE), 'Answered at 11:20');
    assert.equal(clockText(answered('2026-11-21T17:05:00Z', 'Alex'), NOW, ZONE), 'Answered on 21 November at 17:05 by Alex');
  });

  it('says how late a late answer was', () => {
    assert.equal(clockText({ ...answered('2026-11-23T11:00:00Z', 'Alex', 125), overdue: false }, NOW, ZONE), 'Overdue, answered 2 hours late');
    assert.equal(clockText(answered('2026-11-23T11:00:00Z', 'Alex', 1), NOW, ZONE), 'Overdue, answered 1 minute late');
  });
});
