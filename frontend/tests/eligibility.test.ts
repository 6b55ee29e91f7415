import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageOn, check, isRealDate, rulesOf, sortItems, type Profile } from '../src/lib/eligibility';
import type { Eligibility } from '../src/api/types';

const anyone: Eligibility = { statuses: [], min_age: null, max_age: null, conditions: [] };
const leaverGrant: Eligibility = {
  statuses: ['relevant', 'former_relevant'],
  min_age: 18,
  max_age: 21,
  conditions: ['in_education_or_training'],
};
const student: Profile = { age: 19, status: 'former_relevant', conditions: ['in_education_or_training'] };

describe('check', () => {
  it('lets anyone get an item with no rules', () => {
    assert.deepEqual(check(anyone, { age: 11, status: 'looked_after', conditions: [] }), {
      eligible: true,
      unmet: [],
      unchecked: [],
    });
  });

  it('accepts someone who meets every rule', () => {
    assert.equal(check(leaverGrant, student).eligible, true);
  });

  it('counts the age limits as inclusive', () => {
    assert.equal(check(leaverGrant, { ...student, age: 18 }).eligible, true);
    assert.equal(check(leaverGrant, { ...student, age: 21 }).eligible, true);
  });

  it('says "from" an age when too young and "up to" one when too old', () => {
    assert.deepEqual(check(leaverGrant, { ...student, age: 17 }).unmet, [{ kind: 'min_age', age: 18 }]);
    assert.deepEqual(check(leaverGrant, { ...student, age: 22 }).unmet, [{ kind: 'max_age', age: 21 }]);
  });

  it('reports a status that does not match', () => {
    assert.deepEqual(check(leaverGrant, { ...student, status: 'eligible' }).unmet, [
      { kind: 'status', statuses: ['relevant', 'former_relevant'] },
    ]);
  });

  it('needs every condition, and reports each missing one', () => {
    const twoConditions = { ...anyone, conditions: ['in_work', 'young_parent'] } as Eligibility;
    const verdict = check(twoConditions, { age: 20, status: 'former_relevant', conditions: ['in_work'] });
    assert.deepEqual(verdict.unmet, [{ kind: 'condition', condition: 'young_parent' }]);
  });

  it('lists every unmet rule in the order we explain them', () => {
    const verdict = check(leaverGrant, { age: 16, status: 'looked_after', conditions: [] });
    assert.deepEqual(
      verdict.unmet.map((rule) => rule.kind),
      ['status', 'min_age', 'condition'],
    );
  });

  it('with "Not sure", checks age and conditions only and leaves the status to the PA', () => {
    const verdict = check(leaverGrant, { ...student, status: 'not_sure' });
    assert.equal(verdict.eligible, true);
    assert.deepEqual(verdict.unchecked, [{ kind: 'status', statuses: ['relevant', 'former_relevant'] }]);
    const tooYoung = check(leaverGrant, { ...student, age: 15, status: 'not_sure' });
    assert.equal(tooYoung.eligible, false);
    assert.deepEqual(tooYoung.unmet, [{ kind: 'min_age', age: 18 }]);
  });
});

describe('rulesOf', () => {
  it('has no rules for an item anyone can get', () => {
    assert.deepEqual(rulesOf(anyone), []);
  });
});

describe('sortItems', () => {
  it('splits items into can-get and not-yet, keeping the council order', () => {
    const items = [
      { id: 'a', eligibility: leaverGrant },
      { id: 'b', eligibility: anyone },
      { id: 'c', eligibility: { ...anyone, min_age: 25 } },
      { id: 'd', eligibility: { ...anyone, max_age: 19 } },
    ];
    const { canGet, notYet } = sortItems(items, student);
    assert.deepEqual(canGet.map(({ item }) => item.id), ['a', 'b', 'd']);
    assert.deepEqual(notYet.map(({ item }) => item.id), ['c']);
  });

  it('keeps what they have aged out of, or left behind with care, apart from "not yet"', () => {
    const items = [
      { id: 'too-old', eligibility: { ...anyone, max_age: 17 } },
      { id: 'in-care-only', eligibility: { ...anyone, statuses: ['eligible' as const] } },
      { id: 'older', eligibility: { ...anyone, min_age: 21 } },
      { id: 'parents', eligibility: { ...anyone, conditions: ['young_parent' as const] } },
    ];
    const { canGet, notYet, noLonger } = sortItems(items, student);
    assert.deepEqual(canGet, []);
    assert.deepEqual(notYet.map(({ item }) => item.id), ['older', 'parents']);
    assert.deepEqual(noLonger.map(({ item }) => item.id), ['too-old', 'in-care-only']);
  });

  it('counts a later status as "not yet" for someone still in care', () => {
    const items = [{ id: 'leavers', eligibility: { ...anyone, statuses: ['former_relevant' as const] } }];
    const { notYet } = sortItems(items, { age: 16, status: 'eligible', conditions: [] });
    assert.deepEqual(notYet.map(({ item }) => item.id), ['leavers']);
  });
});

describe('ageOn', () => {
  const birth = { year: 2008, month: 3, day: 27 };

  it('counts whole years, turning older on the birthday', () => {
    assert.equal(ageOn(birth, { year: 2026, month: 3, day: 26 }), 17);
    assert.equal(ageOn(birth, { year: 2026, month: 3, day: 27 }), 18);
    assert.equal(ageOn(birth, { year: 2026, month: 12, day: 1 }), 18);
  });

  it('makes someone born on 29 February older on 1 March in other years', () => {
    const leapling = { year: 2008, month: 2, day: 29 };
    assert.equal(ageOn(leapling, { year: 2026, month: 2, day: 28 }), 17);
    assert.equal(ageOn(leapling, { year: 2026, month: 3, day: 1 }), 18);
  });
});

describe('isRealDate', () => {
  it('refuses dates that do not exist', () => {
    assert.equal(isRealDate({ year: 2008, month: 2, day: 29 }), true);
    assert.equal(isRealDate({ year: 2007, month: 2, day: 29 }), false);
    assert.equal(isRealDate({ year: 2008, month: 13, day: 1 }), false);
    assert.equal(isRealDate({ year: 2008, month: 4, day: 31 }), false);
    assert.equal(isRealDate({ year: Number.NaN, month: 1, day: 1 }), false);
  });
});
