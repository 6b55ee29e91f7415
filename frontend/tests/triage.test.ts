import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockText, queueAddress, queueRequest, readFilters } from '../src/staff/statements';

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

  it('round-trips through the page address, and asks the API for the right slice', () => {
    const filters = readFilters(`?type=feeling&young_person_id=${ID}&page=2`);
    assert.equal(queueAddress('team', filters), `/staff/views/team?young_person_id=${ID}&type=feeling&page=2`);
    assert.deepEqual(readFilters(queueAddress('mine', filters).split('?')[1] ?? ''), filters);
    assert.equal(queueAddress('mine', readFilters('')), '/staff/views');
    assert.equal(
      queueRequest('mine', filters),
      `/api/v1/statements?view=mine&young_person_id=${ID}&type=feeling&limit=25&offset=25`,
    );
  });
});

describe('the response clock', () => {
  const due = (iso: string, overdue = false, status = 'new' as const) => ({ due_at: iso, overdue, status });

  it('says how long is left in the largest whole unit', () => {
    assert.equal(clockText(due('2026-11-23T14:30:00Z'), NOW), '2 hours left to respond');
    assert.equal(clockText(due('2026-11-23T12:01:00Z'), NOW), '1 minute left to respond');
    assert.equal(clockText(due('2026-11-26T12:00:00Z'), NOW), '3 days left to respond');
  });

  it('says how overdue, or answered once someone replied or it is done', () => {
    assert.equal(clockText(due('2026-11-23T09:00:00Z', true), NOW), 'Overdue by 3 hours');
    assert.equal(clockText(due('2026-11-23T09:00:00Z'), NOW), 'Answered');
    assert.equal(clockText(due('2026-11-23T14:00:00Z'), NOW, '2026-11-23T11:00:00Z'), 'Answered');
  });
});
