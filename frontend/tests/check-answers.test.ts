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
} from '../src/lib/check-answers';

const today = { year: 2026, month: 11, day: 23 };
const filled: CheckForm = { ...EMPTY_FORM, ageMode: 'age', age: '17', status: 'relevant', conditions: ['in_work'] };

describe('validate', () => {
  it('asks for the age choice and the status when nothing is filled in', () => {
    assert.deepEqual(validate(EMPTY_FORM, today).errors, ['ageMode', 'status']);
  });

  it('accepts an age and a status', () => {
    const { answers, errors } = validate(filled, today);
    assert.deepEqual(errors, []);
    assert.deepEqual(answers, { ageMode: 'age', age: 17, dob: null, status: 'relevant', conditions: ['in_work'] });
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
