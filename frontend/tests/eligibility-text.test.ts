import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRule, describeWhoCanGet } from '../src/lib/eligibility-text';

describe('describeRule', () => {
  it('says why an item is not for someone yet, in plain words', () => {
    assert.equal(describeRule({ kind: 'min_age', age: 18 }), 'From 18');
    assert.equal(describeRule({ kind: 'max_age', age: 21 }), 'Up to 21');
    assert.equal(
      describeRule({ kind: 'condition', condition: 'in_education_or_training' }),
      "If you're in education or training",
    );
  });

  it('groups statuses into "left care" and "in care" where it can', () => {
    assert.equal(
      describeRule({ kind: 'status', statuses: ['former_relevant', 'relevant', 'qualifying'] }),
      'For young people who have left care',
    );
    assert.equal(describeRule({ kind: 'status', statuses: ['looked_after', 'eligible'] }), 'For young people in care');
    assert.equal(
      describeRule({ kind: 'status', statuses: ['eligible', 'former_relevant'] }),
      'For young people who are: Eligible or Former relevant',
    );
  });
});

describe('describeWhoCanGet', () => {
  it('joins the age limits into one line', () => {
    assert.deepEqual(
      describeWhoCanGet({ statuses: ['relevant'], min_age: 16, max_age: 25, conditions: ['in_work'] }),
      ['For young people who have left care', 'Aged 16 to 25', "If you're working or doing an apprenticeship"],
    );
    assert.deepEqual(describeWhoCanGet({ statuses: [], min_age: 18, max_age: null, conditions: [] }), [
      'Aged 18 or over',
    ]);
    assert.deepEqual(describeWhoCanGet({ statuses: [], min_age: null, max_age: 21, conditions: [] }), [
      'Aged 21 or under',
    ]);
  });

  it('is empty when everyone can get it', () => {
    assert.deepEqual(describeWhoCanGet({ statuses: [], min_age: null, max_age: null, conditions: [] }), []);
  });
});
