// "My health passport" on the phone: the copy from the last pull with the changes waiting in
// the outbox on top (pending.ts). The young person edits it a section at a time, offline or
// not, and chooses whether their PA may see it (`shared_with_pa`, theirs alone to change).
import type { FieldEditOut, PassportOut } from '../../api/types';
import { database } from '../../core/db';
import { createItem, readablePending, saveItem, type OutboxItem } from '../../core/outbox';
import { isIsoDate } from '../../lib/iso-date';
import { PASSPORT_CONTACT_FIELDS, PASSPORT_DATE_FIELDS, PASSPORT_NOTE_FIELDS, type PassportDateField, type PassportField } from '../../lib/records';
import { applyPendingPassport } from './pending';
import type { PassportFields } from './types';

export const SECTIONS = {
  contacts: PASSPORT_CONTACT_FIELDS,
  nhs: ['nhs_number'],
  notes: PASSPORT_NOTE_FIELDS,
  dates: PASSPORT_DATE_FIELDS,
} as const satisfies Record<string, readonly PassportField[]>;
export type Section = keyof typeof SECTIONS;

/** One date as an .ics file, by its key ("plan-review", "dental-check-next"). */
export const EVENTS_PATH = '/api/v1/calendar/events';

/** The calendar's key for a date field ("dental-check-next"). */
export function eventKey(field: PassportDateField): string {
  return field.replaceAll('_', '-');
}

/** Dates that are appointments to come: these can go in a calendar. */
export const UPCOMING_DATES: readonly PassportDateField[] = [
  'health_assessment_next',
  'dental_check_next',
  'eye_test_next',
  'immunisations_due',
  'passport_review',
];

export const MAX_NAME = 200;
export const MAX_PHONE = 30;
export const MAX_NOTE_TEXT = 2_000;

export type PassportProblem = 'tooLong' | 'phone' | 'nhs' | 'date';

export function isSection(name: string): name is Section {
  return Object.hasOwn(SECTIONS, name);
}

/** An empty passport's first step asks only for the doctor (the rest of "contacts" later). */
export const DOCTOR_STEP = ['gp_name', 'gp_address', 'gp_phone'] as const satisfies readonly PassportField[];

/** What a change page edits: a whole section, or the doctor step. */
export type EditPage = Section | 'doctor';

export function isEditPage(name: string): name is EditPage {
  return name === 'doctor' || isSection(name);
}

export function fieldsOf(page: EditPage): readonly PassportField[] {
  return page === 'doctor' ? DOCTOR_STEP : SECTIONS[page];
}

export function kindOf(field: PassportField): 'phone' | 'name' | 'nhs' | 'text' | 'date' {
  if (field === 'nhs_number') return 'nhs';
  if (field.endsWith('_phone')) return 'phone';
  if (field.endsWith('_name') || field.endsWith('_address')) return 'name';
  return (PASSPORT_DATE_FIELDS as readonly string[]).includes(field) ? 'date' : 'text';
}

/** A 10-digit NHS number (spaces allowed) whose last digit is its modulus-11 check digit. */
export function nhsNumberOk(value: string): boolean {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** What is wrong with one typed value, or null. Blank is never wrong (it empties the field). */
export function problemWith(field: PassportField, value: string): PassportProblem | null {
  const typed = value.trim();
  if (!typed) return null;
  switch (kindOf(field)) {
    case 'phone':
      return typed.length > MAX_PHONE || !/^[0-9 +()-]+$/.test(typed) ? 'phone' : null;
    case 'name':
      return typed.length > MAX_NAME ? 'tooLong' : null;
    case 'nhs':
      return nhsNumberOk(typed) ? null : 'nhs';
    case 'date':
      return isIsoDate(typed) ? null : 'date';
    default:
      return typed.length > MAX_NOTE_TEXT ? 'tooLong' : null;
  }
}

/** The value to send for what was typed: trimmed, blank as null, an NHS number without spaces. */
export function valueOf(field: PassportField, typed: string): string | null {
  const value = field === 'nhs_number' ? typed.replace(/\s+/g, '') : typed.trim();
  return value === '' ? null : value;
}

/** Only the fields of `typed` whose value differs from the passport's. */
export function passportChanges(
  passport: PassportOut,
  typed: Partial<Record<PassportField, string>>,
): Partial<PassportFields> {
  const changes: Partial<PassportFields> = {};
  for (const [field, text] of Object.entries(typed) as [PassportField, string][]) {
    const value = valueOf(field, text);
    if (value !== passport[field]) changes[field] = value;
  }
  return changes;
}

export interface ShownPassport {
  passport: PassportOut;
  base_version: number;
  unsent: boolean;
  /** Fields changed here and not yet sent: the server doesn't know these values yet. */
  unsentFields: ReadonlySet<string>;
}

export function shownPassport(stored: PassportOut | null, outbox: readonly OutboxItem[], owner: string): ShownPassport {
  const pending = readablePending(outbox, owner).filter(
    (item): item is Extract<OutboxItem, { kind: 'passport_edit' }> => item.kind === 'passport_edit',
  );
  return {
    passport: applyPendingPassport(stored, pending),
    base_version: stored?.version ?? 0,
    unsent: pending.length > 0,
    unsentFields: new Set(pending.flatMap((item) => Object.keys(item.body.set))),
  };
}

// ---- Storage ----------------------------------------------------------------------------

export async function readPassport(owner: string): Promise<{ passport: PassportOut | null; history: FieldEditOut[] }> {
  const db = await database();
  const [row, history] = await Promise.all([db.get('passport', owner), db.getAll('history')]);
  let passport: PassportOut | null = null;
  if (row) {
    const { owner: _owner, ...copy } = row;
    passport = copy;
  }
  return { passport, history: history.filter((entry) => entry.owner === owner && entry.record === 'passport') };
}

export async function editPassport(owner: string, baseVersion: number, set: Partial<PassportFields>): Promise<void> {
  await saveItem(createItem('passport_edit', { base_version: baseVersion, set }, undefined, crypto.randomUUID(), owner));
}
