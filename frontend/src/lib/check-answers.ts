// "What can I get?" answers: checked here, kept only on this phone (IndexedDB `meta`).
import { useEffect, useState } from 'preact/hooks';
import type { YoungPersonOut } from '../api/types';
import { send } from '../core/api';
import { deleteMeta, getMeta, setMeta } from '../core/db';
import { useSignedIn } from '../core/session';
import { ageOn, isRealDate, type CalendarDate, type Profile } from './eligibility';
import { deriveStatus, type CareAnswers, type StatusProblem, type WeeksAnswer, type YesNo } from './eligibility-status';
import type { Condition, LegalStatus } from './types';

/** "Are you at college, university or training?" University counts as education too. */
export type Study = 'college' | 'university' | 'no';
export const STUDY_ANSWERS: readonly Study[] = ['college', 'university', 'no'];
const STUDY_CONDITIONS: Record<Study, readonly Condition[]> = {
  college: ['in_education_or_training'],
  university: ['in_education_or_training', 'in_higher_education'],
  no: [],
};
/** The conditions still asked as ticks; the study question answers the others. */
export const OTHER_CONDITIONS = ['in_work', 'young_parent', 'living_independently'] as const satisfies readonly Condition[];

export interface SavedCheckAnswers {
  ageMode: 'age' | 'dob';
  /** Set when the person gave their age. */
  age: number | null;
  /** Set when the person gave their date of birth; their age then keeps up with birthdays. */
  dob: CalendarDate | null;
  /** The status their PA recorded, when they said it is still right; otherwise `care` says. */
  record: LegalStatus | null;
  care: CareAnswers | null;
  study: Study;
  conditions: Condition[];
}

/** What their PA recorded, for a signed-in young person: "Is this still right?" */
export interface PaRecord {
  status: LegalStatus;
  dob: CalendarDate;
}

declare module '../core/db' {
  interface MetaValues {
    /** The "What can I get?" answers, so the results show again on the next visit. */
    checkAnswers: SavedCheckAnswers;
  }
}

/** The form as typed, before checking. */
export interface CheckForm {
  /** Only asked when there is a record: "yes" skips the age and care questions. */
  recordRight: '' | YesNo;
  ageMode: '' | 'age' | 'dob';
  age: string;
  day: string;
  month: string;
  year: string;
  inCare: '' | YesNo;
  leftAge: string;
  weeks: '' | WeeksAnswer;
  study: '' | Study;
  conditions: Condition[];
}

export type CheckError =
  | 'recordRight'
  | 'ageMode'
  | 'age'
  | 'dob'
  | 'dobFuture'
  | 'inCare'
  | 'leftAge'
  | 'weeks'
  | 'study'
  | StatusProblem;

export const EMPTY_FORM: CheckForm = {
  recordRight: '',
  ageMode: '',
  age: '',
  day: '',
  month: '',
  year: '',
  inCare: '',
  leftAge: '',
  weeks: '',
  study: '',
  conditions: [],
};

const WHOLE_NUMBER = /^\s*\d{1,4}\s*$/;

function number(text: string): number {
  return WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
}

function isAfter(a: CalendarDate, b: CalendarDate): boolean {
  return a.year * 10_000 + a.month * 100 + a.day > b.year * 10_000 + b.month * 100 + b.day;
}

type AgeAnswers = Pick<SavedCheckAnswers, 'ageMode' | 'age' | 'dob'>;

function checkAge(form: CheckForm, today: CalendarDate, errors: CheckError[]): AgeAnswers | null {
  if (form.ageMode === 'age') {
    const age = number(form.age);
    if (age >= 1 && age <= 99) return { ageMode: 'age', age, dob: null };
    errors.push('age');
  } else if (form.ageMode === 'dob') {
    const dob = { year: number(form.year), month: number(form.month), day: number(form.day) };
    if (!isRealDate(dob) || dob.year < 1900) errors.push('dob');
    else if (isAfter(dob, today)) errors.push('dobFuture');
    else return { ageMode: 'dob', age: null, dob };
  } else {
    errors.push('ageMode');
  }
  return null;
}

function checkCare(form: CheckForm, errors: CheckError[]): CareAnswers | null {
  let leftAge: number | null = null;
  if (form.inCare === '') errors.push('inCare');
  if (form.inCare === 'no') {
    leftAge = number(form.leftAge);
    if (!(leftAge >= 0 && leftAge <= 18)) errors.push('leftAge');
  }
  if (form.weeks === '') errors.push('weeks');
  if (form.inCare === '' || form.weeks === '') return null;
  return { inCare: form.inCare, leftAge, weeks: form.weeks };
}

/** With a record, the age and care questions are only asked once they say it has changed. */
export function asksAboutCare(form: CheckForm, record: PaRecord | null): boolean {
  return record === null || form.recordRight === 'no';
}

type Checked = { answers: SavedCheckAnswers; errors: [] } | { answers: null; errors: CheckError[] };

/** Checks the form. Returns the answers to save, or the errors to show, in page order. Answers
 * that cannot all be true are named, never silently accepted. */
export function validate(form: CheckForm, today: CalendarDate, record: PaRecord | null = null): Checked {
  const errors: CheckError[] = [];
  const fromRecord = record !== null && form.recordRight === 'yes';
  const askAboutCare = asksAboutCare(form, record);
  if (record !== null && form.recordRight === '') errors.push('recordRight');
  const ages: AgeAnswers | null = fromRecord
    ? { ageMode: 'dob', age: null, dob: record.dob }
    : askAboutCare
      ? checkAge(form, today, errors)
      : null;
  const care = askAboutCare ? checkCare(form, errors) : null;
  if (form.study === '') errors.push('study');
  if (ages && care && errors.length === 0) {
    const { problem } = deriveStatus(ageNow(ages, today), care);
    if (problem) errors.push(problem);
  }
  if (errors.length > 0 || !ages || form.study === '') return { answers: null, errors };
  const answers = { ...ages, record: fromRecord ? record.status : null, care, study: form.study };
  return { answers: { ...answers, conditions: [...form.conditions] }, errors: [] };
}

/** The form filled in again from saved answers, for "Change my answers". */
export function formOf(answers: SavedCheckAnswers): CheckForm {
  const { care } = answers;
  return {
    recordRight: answers.record ? 'yes' : '',
    ageMode: answers.ageMode,
    age: answers.age === null ? '' : String(answers.age),
    day: answers.dob ? String(answers.dob.day) : '',
    month: answers.dob ? String(answers.dob.month) : '',
    year: answers.dob ? String(answers.dob.year) : '',
    inCare: care?.inCare ?? '',
    leftAge: care?.leftAge == null ? '' : String(care.leftAge),
    weeks: care?.weeks ?? '',
    study: answers.study,
    conditions: [...answers.conditions],
  };
}

function ageNow(answers: AgeAnswers, today: CalendarDate): number {
  return answers.dob ? ageOn(answers.dob, today) : (answers.age ?? 0);
}

/** Who the answers describe today. A date of birth keeps the age (and so the status) up to
 * date; answers a birthday has made impossible (in care, now 18) count as "not sure". */
export function profileOf(answers: SavedCheckAnswers, today: CalendarDate): Profile {
  const age = ageNow(answers, today);
  const status = answers.record ?? (answers.care && deriveStatus(age, answers.care).status) ?? 'not_sure';
  return { age, status, conditions: [...STUDY_CONDITIONS[answers.study], ...answers.conditions] };
}

/** Answers saved before the plain questions (they have no `study`) are asked again. */
export const loadCheckAnswers = async (): Promise<SavedCheckAnswers | undefined> => {
  const answers = await getMeta('checkAnswers');
  return answers && 'study' in answers ? answers : undefined;
};
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

/** "2009-05-01" → { year: 2009, month: 5, day: 1 }. */
function calendarDateFrom(isoDate: string): CalendarDate {
  const [year = 0, month = 0, day = 0] = isoDate.split('-').map(Number);
  return { year, month, day };
}

/** What their PA recorded, for a signed-in young person (undefined while it is read; null when
 * nobody is signed in or the phone is offline). It is only read: nothing is sent. */
export function usePaRecord(): PaRecord | null | undefined {
  const person = useSignedIn();
  const [record, setRecord] = useState<PaRecord | null | undefined>(undefined);
  useEffect(() => {
    if (person === undefined) return;
    if (person?.kind !== 'young_person') {
      setRecord(null);
      return;
    }
    send<YoungPersonOut>('GET', `/api/v1/young-people/${encodeURIComponent(person.id)}`).then(
      (found) => setRecord({ status: found.legal_status, dob: calendarDateFrom(found.date_of_birth) }),
      () => setRecord(null),
    );
  }, [person]);
  return record;
}
