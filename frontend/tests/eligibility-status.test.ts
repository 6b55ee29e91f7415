import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canStillHave,
  deriveStatus,
  type CareAnswers,
  type StatusAnswer,
  type StatusProblem,
} from '../src/lib/eligibility-status';

const inCare = (weeks: CareAnswers['weeks']): CareAnswers => ({ inCare: 'yes', leftAge: null, weeks });
const leftAt = (leftAge: number, weeks: CareAnswers['weeks']): CareAnswers => ({ inCare: 'no', leftAge, weeks });

describe('deriveStatus', () => {
  const reachable: [string, number, CareAnswers, StatusAnswer][] = [
    ['in care under 16', 12, inCare('no'), 'looked_after'],
    ['in care under 16, 13 weeks already', 15, inCare('yes'), 'looked_after'],
    ['16 or 17 in care with the 13 weeks', 17, inCare('yes'), 'eligible'],
    ['16 or 17 in care without the 13 weeks', 16, inCare('no'), 'looked_after'],
    ['16 or 17, left care after 16 with the 13 weeks', 17, leftAt(16, 'yes'), 'relevant'],
    ['18 or over, left care after 16 with the 13 weeks', 20, leftAt(17, 'yes'), 'former_relevant'],
    ['left care on the 18th birthday', 18, leftAt(18, 'yes'), 'former_relevant'],
    ['left care after 16 without the 13 weeks', 19, leftAt(16, 'no'), 'qualifying'],
    ['left care before 16', 17, leftAt(15, 'yes'), 'none'],
    ['not sure about the 13 weeks, in care at 16', 16, inCare('not_sure'), 'not_sure'],
    ['not sure about the 13 weeks, left after 16', 19, leftAt(17, 'not_sure'), 'not_sure'],
  ];
  for (const [who, age, answers, status] of reachable) {
    it(`gives "${status}" to someone ${who}`, () => {
      assert.deepEqual(deriveStatus(age, answers), { status, problem: null });
    });
  }

  it('reaches every legal status', () => {
    const reached = new Set(reachable.map(([, , , status]) => status));
    for (const status of ['looked_after', 'eligible', 'relevant', 'former_relevant', 'qualifying']) {
      assert.ok(reached.has(status as StatusAnswer), status);
    }
  });

  it('does not need the 13 weeks answer where it changes nothing', () => {
    assert.equal(deriveStatus(13, inCare('not_sure')).status, 'looked_after');
    assert.equal(deriveStatus(17, leftAt(12, 'not_sure')).status, 'none');
  });

  const impossible: [string, number, CareAnswers, StatusProblem][] = [
    ['in care at 18 or over', 18, inCare('yes'), 'inCareAdult'],
    ['13 weeks after 14 while only 12', 12, inCare('yes'), 'weeksTooYoung'],
    ['12 and "former relevant" (left at 16 with the 13 weeks)', 12, leftAt(16, 'yes'), 'weeksTooYoung'],
    ['left care at an age not reached yet', 15, leftAt(16, 'no'), 'leftAfterNow'],
    ['13 weeks after 14, but left before 14', 17, leftAt(13, 'yes'), 'weeksLeftBefore14'],
  ];
  for (const [what, age, answers, problem] of impossible) {
    it(`names the problem with ${what}`, () => {
      assert.deepEqual(deriveStatus(age, answers), { status: null, problem });
    });
  }
});

describe('canStillHave', () => {
  it('lets someone in care look forward to leaving-care statuses', () => {
    assert.equal(canStillHave('looked_after', ['former_relevant']), true);
    assert.equal(canStillHave('eligible', ['relevant']), true);
  });

  it('does not send a care leaver back into care', () => {
    assert.equal(canStillHave('former_relevant', ['eligible', 'relevant']), false);
    assert.equal(canStillHave('qualifying', ['eligible']), false);
    assert.equal(canStillHave('none', ['qualifying']), false);
  });
});
