import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EMPTY_FORM,
  clearCheckAnswers,
  formOf,
  loadCheckAnswers,
  profileOf,
  saveCheckAnswers,
  validate,
  type CheckForm,
  type PaRecord,
} from '../src/lib/check-answers';

const today = { year: 2026, month: 11, day: 23 };
const filled: CheckForm = {
  ...EMPTY_FORM,
  ageMode: 'age',
  age: '17',
  inCare: 'no',
  leftAge: '16',
  weeks: 'yes',
  study: 'no',
  conditions: ['in_work'],
};
const inCareAt17: CheckForm = { ...filled, inCare: 'yes', leftAge: '', study: 'college', conditions: [] };
const record: PaRecord = { status: 'eligible', dob: { year: 2009, month: 5, day: 1 } };

describe('validate', () => {
  it('asks every question when nothing is filled in', () => {
    assert.deepEqual(validate(EMPTY_FORM, today).errors, ['ageMode', 'inCare', 'weeks', 'study']);
  });

  it('accepts plain answers and works the status out from them', () => {
    const { answers, errors } = validate(filled, today);
    assert.deepEqual(errors, []);
    assert.deepEqual(answers, {
      ageMode: 'age',
      age: 17,
      dob: null,
      record: null,
      care: { inCare: 'no', leftAge: 16, weeks: 'yes' },
      study: 'no',
      conditions: ['in_work'],
    });
    assert.equal(profileOf(answers, today).status, 'relevant');
  });

  it('gives a 17-year-old in care with the 13 weeks the status "eligible"', () => {
    const { answers } = validate(inCareAt17, today);
    assert.ok(answers);
    assert.deepEqual(profileOf(answers, today), { age: 17, status: 'eligible', conditions: ['in_education_or_training'] });
  });

  it('counts university as education', () => {
    const { answers } = validate({ ...filled, age: '20', study: 'university', conditions: [] }, today);
    assert.ok(answers);
    assert.deepEqual(profileOf(answers, today), {
      age: 20,
      status: 'former_relevant',
      conditions: ['in_education_or_training', 'in_higher_education'],
    });
  });

  it('asks when they left care only if they have left', () => {
    assert.deepEqual(validate({ ...filled, leftAge: '' }, today).errors, ['leftAge']);
    assert.deepEqual(validate({ ...filled, leftAge: '19' }, today).errors, ['leftAge']);
  });

  it('names answers that cannot all be true instead of accepting them', () => {
    assert.deepEqual(validate({ ...filled, age: '12' }, today).errors, ['weeksTooYoung']);
    assert.deepEqual(validate({ ...inCareAt17, age: '19' }, today).errors, ['inCareAdult']);
    assert.deepEqual(validate({ ...filled, age: '15', weeks: 'no' }, today).errors, ['leftAfterNow']);
  });

  it('starts from the PA\'s record: "yes" keeps its status and date of birth', () => {
    const form: CheckForm = { ...EMPTY_FORM, recordRight: 'yes', study: 'no' };
    assert.deepEqual(validate({ ...form, recordRight: '' }, today, record).errors, ['recordRight']);
    const { answers } = validate(form, today, record);
    assert.ok(answers);
    assert.deepEqual(profileOf(answers, today), { age: 17, status: 'eligible', conditions: [] });
    assert.equal(formOf(answers).recordRight, 'yes');
  });

  it('asks the plain questions when the record is no longer right', () => {
    const { answers } = validate({ ...filled, recordRight: 'no' }, today, record);
    assert.ok(answers);
    assert.equal(answers.record, null);
    assert.equal(profileOf(answers, today).status, 'relevant');
  });

  it('refuses an age that is not a whole number from 1 to 99', () => {
    for (const age of ['', 'seventeen', '17.5', '0', '100', '-3']) {
      assert.deepEqual(validate({ ...filled, age }, today).errors, ['age'], age);
    }
  });

  it('accepts a real date of birth and works out the age from it', () => {
    const form: CheckForm = { ...filled, ageMode: 'dob', day: '27', month: '3', year: '2008' };
    const { answers } = validate(form, today);
    assert.ok(answers);
    assert.deepEqual(answers.dob, { year: 2008, month: 3, day: 27 });
    assert.equal(profileOf(answers, today).age, 18);
  });

  it('refuses dates of birth that do not exist or are in the future', () => {
    const dob = (day: string, month: string, year: string) =>
      validate({ ...filled, ageMode: 'dob', day, month, year }, today).errors;
    assert.deepEqual(dob('31', '2', '2008'), ['dob']);
    assert.deepEqual(dob('', '', ''), ['dob']);
    assert.deepEqual(dob('1', '1', '08'), ['dob']);
    assert.deepEqual(dob('24', '11', '2026'), ['dobFuture']);
  });

  it('fills the form in again from saved answers', () => {
    const { answers } = validate(filled, today);
    assert.ok(answers);
    assert.deepEqual(formOf(answers), filled);
  });
});

describe('saved answers', () => {
  it('are kept on the phone until cleared', async () => {
    const { answers } = validate(filled, today);
    assert.ok(answers);
    await saveCheckAnswers(answers);
    assert.deepEqual(await loadCheckAnswers(), answers);
    await clearCheckAnswers();
    assert.equal(await loadCheckAnswers(), undefined);
  });
});
