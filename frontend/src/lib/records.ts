// Records: pathway-plan tasks and the health passport as the server sends them, shared by the
// young person's plan and passport features and the staff screens, with the history of
// changes to them. The server merges changes field by field (backend/harbour/field_edits.py).
import type { StaffRole } from '../core/session';

// The vocabulary of plans (backend/harbour/plans/schemas.py), shared by the phone and the
// staff screens.
export const DOMAINS = [
  'accommodation',
  'eet',
  'health',
  'money',
  'skills',
  'relationships',
  'identity',
  'safety',
  'leisure',
  'legal',
  'transition',
  'parenting',
] as const;
export type Domain = (typeof DOMAINS)[number];
export function isDomain(value: string): value is Domain {
  return (DOMAINS as readonly string[]).includes(value);
}
export const TASK_STATUSES = ['to_do', 'in_progress', 'done', 'not_needed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_OWNERS = ['young_person', 'pa', 'social_worker', 'carer', 'other'] as const;
export type TaskOwner = (typeof TASK_OWNERS)[number];

/** Who made a change or wrote a note. Staff by first name; the young person by their
 * preferred name on the staff screens, and null on their own phone ("You"). */
export interface ChangedBy {
  kind: 'young_person' | 'staff';
  name: string | null;
  role: StaffRole | null;
}

export interface NoteOut {
  id: string;
  text: string;
  by: ChangedBy;
  device: string | null;
  created_at: string;
}

/** A task as the server sends it (plans/schemas.py TaskOut). */
export interface TaskOut {
  id: string;
  title: string;
  description: string;
  domain: Domain;
  owner: TaskOwner;
  owner_name: string | null;
  due_on: string | null;
  status: TaskStatus;
  done_at: string | null;
  offer_item_id: string | null;
  offer_item_title: string | null;
  template_id: string | null;
  created_by: 'young_person' | 'staff';
  added_by: ChangedBy;
  version: number;
  overdue: boolean;
  notes: NoteOut[];
  updated_at: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  replaced_unseen: boolean;
}

/** One history entry (field_edits FieldEditOut; IndexedDB "history", key `op_id`). */
export interface FieldEditOut {
  op_id: string;
  /** When it reached the server. */
  at: string;
  /** When the person made it, by their device's clock: earlier than `at` for a change that
   * waited offline. */
  acted_at: string;
  by: ChangedBy;
  device: string | null;
  record: 'plan' | 'task' | 'passport';
  record_id: string;
  changes: FieldChange[];
}

export const PASSPORT_CONTACT_FIELDS = [
  'gp_name',
  'gp_phone',
  'gp_address',
  'dentist_name',
  'dentist_phone',
  'dentist_address',
  'optician_name',
  'optician_phone',
  'optician_address',
] as const;
export const PASSPORT_NOTE_FIELDS = ['allergies', 'conditions', 'medicines', 'immunisations', 'contacts'] as const;
export const PASSPORT_TEXT_FIELDS = [...PASSPORT_CONTACT_FIELDS, 'nhs_number', ...PASSPORT_NOTE_FIELDS] as const;
export const PASSPORT_DATE_FIELDS = [
  'health_assessment_last',
  'health_assessment_next',
  'dental_check_last',
  'dental_check_next',
  'eye_test_last',
  'eye_test_next',
  'immunisations_due',
  'passport_review',
] as const;
export type PassportTextField = (typeof PASSPORT_TEXT_FIELDS)[number];
export type PassportDateField = (typeof PASSPORT_DATE_FIELDS)[number];
export type PassportField = PassportTextField | PassportDateField;

/** Who recorded a date, and when. */
export interface RecordedBy extends ChangedBy {
  at: string;
}

/** The passport as the server sends it (health/schemas.py PassportOut). */
export type PassportOut = Record<PassportField, string | null> & {
  exists: boolean;
  shared_with_pa: boolean;
  version: number;
  recorded_by: Partial<Record<PassportDateField, RecordedBy>>;
  updated_at: string | null;
};

/** The young person, as the author of a change made on their own phone ("You"). */
export const YOU: ChangedBy = { kind: 'young_person', name: null, role: null };

/** A change that reached the server a minute or more after it was made (it waited offline):
 * its history then shows both times. */
export function arrivedLater(entry: Pick<FieldEditOut, 'at' | 'acted_at'>): boolean {
  return Date.parse(entry.at) - Date.parse(entry.acted_at) >= 60_000;
}
