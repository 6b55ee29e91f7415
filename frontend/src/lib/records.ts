// Pathway-plan tasks and the health passport as the phone shows them: the phone's copy from
// the last pull, with the young person's changes still in the outbox applied on top, so a
// change made with no signal shows at once. The server merges changes field by field
// (backend/harbour/field_edits.py); each change carries `base_version`, the version of the
// phone's copy when it was made. Kept small and pure: the outbox (main bundle) also applies
// a change to the phone's copy when the server acknowledges it, so it never flickers back
// to the old value before the next pull brings the server's copy.
import type { TaskFields } from '../api/types';
import type { OutboxItem } from './outbox';
import type { StaffRole } from './session';

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

/** The phone's copy of a task (IndexedDB "tasks", key `id`). `owner` is the young person's
 * id, as in every other store; the task's own `owner` (who does it) is inside `task`. */
export interface LocalTask {
  id: string;
  owner: string;
  task: TaskOut;
}

/** The plan itself (a pull's `plan`; IndexedDB "plans", key `owner`). */
export interface PlanHeader {
  review_due: string | null;
  version: number;
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

/** The phone's copy of the passport (IndexedDB "passport", key `owner`). */
export type LocalPassport = PassportOut & { owner: string };

// ---- Outbox bodies (plans and health sync kinds) ---------------------------------------

export interface TaskCreateBody {
  title: string;
  description?: string;
  domain: Domain;
  due_on?: string;
}

// The one TaskFields type, from the API's schema; which of them the young person may change
// (`status` on any task, the rest on their own) is plan.ts's editableFields.
export type { TaskFields };

export interface TaskEditBody {
  task_id: string;
  base_version: number;
  set: Partial<TaskFields>;
}

export interface TaskNoteBody {
  task_id: string;
  text: string;
}

export type PassportFields = Record<PassportField, string | null> & { shared_with_pa: boolean };

export interface PassportEditBody {
  base_version: number;
  set: Partial<PassportFields>;
}

// ---- Applying changes -------------------------------------------------------------------

const YOU: ChangedBy = { kind: 'young_person', name: null, role: null };

/** A change that reached the server a minute or more after it was made (it waited offline):
 * its history then shows both times. */
export function arrivedLater(entry: Pick<FieldEditOut, 'at' | 'acted_at'>): boolean {
  return Date.parse(entry.at) - Date.parse(entry.acted_at) >= 60_000;
}

/** A task made on this phone, as the server will have it (version 1) once it arrives. */
export function taskFromCreate(item: { id: string; body: TaskCreateBody; created_at: string }): TaskOut {
  return {
    id: item.id,
    title: item.body.title,
    description: item.body.description ?? '',
    domain: item.body.domain,
    owner: 'young_person',
    owner_name: null,
    due_on: item.body.due_on ?? null,
    status: 'to_do',
    done_at: null,
    offer_item_id: null,
    offer_item_title: null,
    template_id: null,
    created_by: 'young_person',
    added_by: YOU,
    version: 1,
    overdue: false,
    notes: [],
    updated_at: item.created_at,
  };
}

/** `task` with the edits and notes among `ops` that are for it, in the order they were
 * made. `done_at` follows the status, as on the server. */
export function applyPending(task: TaskOut, ops: readonly OutboxItem[]): TaskOut {
  let result = task;
  for (const op of ops) {
    if (op.kind === 'task_edit' && op.body.task_id === task.id) {
      const set = op.body.set;
      const next = { ...result, ...set, updated_at: op.created_at };
      if (set.status !== undefined && set.status !== result.status) {
        next.done_at = set.status === 'done' ? op.created_at : null;
      }
      result = next;
    } else if (op.kind === 'task_note' && op.body.task_id === task.id && !result.notes.some((one) => one.id === op.id)) {
      // (A note already in the copy arrived, though its answer did not: it shows once.)
      const note: NoteOut = { id: op.id, text: op.body.text, by: YOU, device: null, created_at: op.created_at };
      result = { ...result, notes: [...result.notes, note] };
    }
  }
  return result;
}

/** A passport nobody has written in yet. */
export function emptyPassport(): PassportOut {
  const fields = Object.fromEntries(
    [...PASSPORT_TEXT_FIELDS, ...PASSPORT_DATE_FIELDS].map((field) => [field, null]),
  ) as Record<PassportField, null>;
  return { ...fields, exists: false, shared_with_pa: false, version: 0, recorded_by: {}, updated_at: null };
}

const DATE_FIELDS: ReadonlySet<string> = new Set(PASSPORT_DATE_FIELDS);

/** `passport` (or an empty one) with the passport edits among `ops` applied in order. A date
 * set here was recorded by "you". */
export function applyPendingPassport(passport: PassportOut | null, ops: readonly OutboxItem[]): PassportOut {
  let result = passport ?? emptyPassport();
  for (const op of ops) {
    if (op.kind !== 'passport_edit') continue;
    const recorded = { ...result.recorded_by };
    for (const field of Object.keys(op.body.set)) {
      if (DATE_FIELDS.has(field)) recorded[field as PassportDateField] = { ...YOU, at: op.created_at };
    }
    result = { ...result, ...op.body.set, exists: true, recorded_by: recorded, updated_at: op.created_at };
  }
  return result;
}
