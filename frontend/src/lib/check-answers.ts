// "What can I get?" answers: checked here, kept only on this phone (IndexedDB `meta`).
import { useEffect, useState } from 'preact/hooks';
import { deleteMeta, getMeta, setMeta } from '../core/db';
import { ageOn, isRealDate, type CalendarDate, type Profile, type StatusAnswer } from './eligibility';
import type { Condition } from './types';

export interface SavedCheckAnswers {
  ageMode: 'age' | 'dob';
  /** Set when the person gave their age. */
  age: number | null;
  /** Set when the person gave their date of birth; their age then keeps up with birthdays. */
  dob: CalendarDate | null;
  status: StatusAnswer;
  conditions: Condition[];
}

declare module '../core/db' {
  interface MetaValues {
    /** The "What can I get?" answers, so the results show again on the next visit. */
    checkAnswers: SavedCheckAnswers;
  }
}

/** The form as typed, before checking. */
export interface CheckForm {
  ageMode: '' | 'age' | 'dob';
  age: string;
  day: string;
  month: string;
  year: string;
  status: '' | StatusAnswer;
  conditions: Condition[];
}

declare module '../core/db' {
  interface MetaValues {
    /** The "What can I get?" answers, so the results show again on the next visit. */
    checkAnswers: SavedCheckAnswers;
  }
}

export type CheckError = 'ageMode' | 'age' | 'dob' | 'dobFuture' | 'status';

export const EMPTY_FORM: CheckForm = {
  ageMode: '',
  age: '',
  day: '',
  month: '',
  year: '',
  status: '',
  conditions: [],
};

const WHOLE_NUMBER = /^\s*\d{1,4}\s*$/;

function number(text: string): number {
  return WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
}

function isAfter(a: CalendarDate, b: CalendarDate): boolean {
  return a.year * 10_000 + a.month * 100 + a.day > b.year * 10_000 + b.month * 100 + b.day;
}

/** Checks the form. Returns the answers to save, or the errors to show, in page order. */
export function validate(
  form: CheckForm,
  today: CalendarDate,
): { answers: SavedCheckAnswers; errors: [] } | { answers: null; errors: CheckError[] } {
  const errors: CheckError[] = [];
  let age: number | null = null;
  let dob: CalendarDate | null = null;
  if (form.ageMode === 'age') {
    age = number(form.age);
    if (!(age >= 1 && age <= 99)) errors.push('age');
  } else if (form.ageMode === 'dob') {
    dob = { year: number(form.year), month: number(form.month), day: number(form.day) };
    if (!isRealDate(dob) || dob.year < 1900) errors.push('dob');
    else if (isAfter(dob, today)) errors.push('dobFuture');
  } else {
    errors.push('ageMode');
  }
  if (form.status === '') errors.push('status');
  if (errors.length > 0 || form.ageMode === '' || form.status === '') {
    return { answers: null, errors };
  }
  return {
    answers: {
      ageMode: form.ageMode,
      age: form.ageMode === 'age' ? age : null,
      dob: form.ageMode === 'dob' ? dob : null,
      status: form.status,
      conditions: [...form.conditions],
    },
    errors: [],
  };
}

/** The form filled in again from saved answers, for "Change my answers". */
export function formOf(answers: SavedCheckAnswers): CheckForm {
  return {
    ageMode: answers.ageMode,
    age: answers.age === null ? '' : String(answers.age),
    day: answers.dob ? String(answers.dob.day) : '',
    month: answers.dob ? String(answers.dob.month) : '',
    year: answers.dob ? String(answers.dob.year) : '',
    status: answers.status,
    conditions: [...answers.conditions],
  };
}

export function profileOf(answers: SavedCheckAnswers, today: CalendarDate): Profile {
  const age = answers.dob ? ageOn(answers.dob, today) : (answers.age ?? 0);
  return { age, status: answers.status, conditions: answers.conditions };
}

export const loadCheckAnswers = (): Promise<SavedCheckAnswers | undefined> => getMeta('checkAnswers');
export const saveCheckAnswers = (answers: SavedCheckAnswers): Promise<void> =>
  setMeta('checkAnswers', answers);
export const clearCheckAnswers = (): Promise<void> => deleteMeta('checkAnswers');

/** The answers saved on this phone (undefined while they are read, null when there are none),
 * and saving or forgetting them. The page shows what was asked for even when the phone cannot
 * store it (private browsing, full storage). */
export function useSavedCheckAnswers(): [SavedCheckAnswers | null | undefined, (answers: SavedCheckAnswers) => void, () => void] {
  const [saved, setSaved] = useState<SavedCheckAnswers | null | undefined>(undefined);
  useEffect(() => {
    loadCheckAnswers().then(
      (answers) => setSaved(answers ?? null),
      () => setSaved(null),
    );
  }, []);
  const save = (answers: SavedCheckAnswers) => {
    saveCheckAnswers(answers).catch(() => undefined);
    setSaved(answers);
  };
  const forget = () => {
    clearCheckAnswers().catch(() => undefined);
    setSaved(null);
  };
  return [saved, save, forget];
}
