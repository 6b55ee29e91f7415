// Shapes of the staff API's JSON (backend/harbour/accounts/schemas.py, audit/schemas.py).
import type { LegalStatus } from '../lib/types';
import type { StaffRole } from '../core/session';

/** The key dates a PA sets; the pathway plan review is the plan's own review date. */
export const KEY_DATE_KINDS = [
  'entered_care',
  'left_care',
  'pathway_plan_review',
  'health_assessment',
  'next_visit',
  'other',
] as const;

export interface KeyDate {
  /** `eighteenth_birthday` comes from the date of birth: shown, never sent. */
  kind: (typeof KEY_DATE_KINDS)[number] | 'eighteenth_birthday';
  date: string;
  label?: string | null;
}

export const PLACEMENT_TYPES = [
  'foster_care',
  'kinship_care',
  'childrens_home',
  'supported_lodgings',
  'supported_accommodation',
  'staying_put',
  'own_tenancy',
  'with_family',
  'student_accommodation',
  'custody',
  'other',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

/** The details a PA can correct besides name, birth, status and key dates. */
export interface RecordDetails {
  full_name: string | null;
  case_reference: string | null;
  contact_phone: string | null;
  placement_type: PlacementType | null;
  /** null: not recorded. */
  placement_out_of_area: boolean | null;
  unaccompanied_asylum_seeking: boolean;
  preferred_language: string | null;
  interpreter_needed: boolean;
}

export interface LegalStatusEntry {
  legal_status: LegalStatus;
  /** null when nobody knows the day. */
  changed_on: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

export interface YoungPersonSummary {
  id: string;
  preferred_name: string;
  /** Whole years, counted on the council's own date. */
  age: number;
  legal_status: LegalStatus;
  allocated_pa_id: string | null;
  joined: boolean;
  active: boolean;
  next_key_date: KeyDate | null;
  /** 18 or over and still looked after, eligible or relevant: the status probably needs changing. */
  status_check_due: boolean;
}

export interface YoungPerson extends YoungPersonSummary, RecordDetails {
  date_of_birth: string;
  eighteenth_birthday: string;
  /** Date order, with the pathway plan's review date. */
  key_dates: KeyDate[];
  /** Newest first. */
  legal_status_history: LegalStatusEntry[];
  username: string | null;
  invite_expires_at: string | null;
}

export interface Invite {
  code: string;
  expires_at: string;
}

/** Someone a manager or admin can allocate a young person to, or a PA's teammate. */
export interface Adviser {
  id: string;
  display_name: string;
  role: StaffRole;
  /** Left out (null) when a PA lists their teammates. */
  caseload: number | null;
}

export interface StaffMember {
  id: string;
  display_name: string;
  role: StaffRole;
  team_id: string | null;
  active: boolean;
}

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_locked',
  'signed_out',
  'session_ended',
  'signed_out_everywhere',
  'invite_issued',
  'invite_redeemed',
  'access_reset',
  'passkey_added',
  'passkey_removed',
  'young_person_read',
  'young_person_listed',
  'young_person_created',
  'young_person_changed',
  'young_person_reallocated',
  'young_person_exported',
  'staff_created',
  'staff_changed',
  'team_created',
  'audit_viewed',
  'content_added',
  'content_draft_saved',
  'content_draft_discarded',
  'content_published',
  'content_retired',
  'statement_listed',
  'statement_read',
  'statement_status_changed',
  'statement_assigned',
  'statement_acknowledged',
  'statement_replied',
  'statement_noted',
  'passport_shared',
  'passport_unshared',
  'passport_read',
  'passport_recorded',
  'calendar_feed_created',
  'calendar_feed_revoked',
  'plan_caseload_listed',
  'plan_read',
  'plan_changed',
  'plan_task_added',
  'plan_task_changed',
  'plan_task_noted',
  'plan_history_read',
  'not_found_or_not_allowed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  id: string;
  at: string;
  action: AuditAction;
  actor_kind: 'staff' | 'young_person' | 'operator' | 'unknown';
  actor_id: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  /** Names the server gives for staff and for young people the viewer may see. */
  actor_name: string | null;
  subject_name: string | null;
}

export const staffPaths = {
  youngPeople: '/api/v1/young-people',
  youngPerson: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}`,
  invite: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/invite`,
  resetAccess: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/reset-access`,
  signOutEverywhere: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/sign-out-everywhere`,
  staff: '/api/v1/staff',
  advisers: '/api/v1/advisers',
  audit: '/api/v1/audit',
  taskTemplates: '/api/v1/task-templates',
  planCaseload: '/api/v1/plans/caseload',
  plan: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan`,
  planEdits: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan/edits`,
  tasks: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan/tasks`,
  task: (id: string, taskId: string) =>
    `/api/v1/young-people/${encodeURIComponent(id)}/plan/tasks/${encodeURIComponent(taskId)}`,
  passportSharing: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport/sharing`,
  passport: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport`,
  passportHistory: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport/history`,
  healthAssessments: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport/health-assessments`,
};

/** "27", "3", "2008" → "2008-03-27", or null when that is not a date. */
export function isoDate(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day, month, year].map((part) => Number(part.trim()));
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || year.trim().length !== 4) return null;
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  if (date.getUTCDate() !== d || date.getUTCMonth() !== m! - 1) return null;
  return date.toISOString().slice(0, 10);
}

export interface AuditFilters {
  who: string;
  what: string;
  from: string;
  to: string;
}
export const NO_FILTERS: AuditFilters = { who: '', what: '', from: '', to: '' };

/** The query for these filters: dates are whole days in the admin's own time zone. */
export function auditQuery(filters: AuditFilters, before: string | null = null): string {
  const query = new URLSearchParams();
  if (filters.who) query.set('actor_id', filters.who);
  if (filters.what) query.set('action', filters.what);
  if (filters.from) query.set('since', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.set('until', end.toISOString());
  }
  if (before) query.set('before', before);
  const text = query.toString();
  return text ? `${staffPaths.audit}?${text}` : staffPaths.audit;
}

// Pathway plans and the health passport (backend/harbour/plans/schemas.py,
// health/schemas.py, field_edits.py).

export { DOMAINS, TASK_STATUSES, TASK_OWNERS as OWNERS } from '../lib/records';
import type {
  ChangedBy as ByWhom,
  Domain,
  FieldChange,
  FieldEditOut as FieldEdit,
  NoteOut as TaskNote,
  TaskOut as Task,
  TaskOwner as Owner,
  TaskStatus,
} from '../lib/records';
export type { ByWhom, Domain, FieldChange, FieldEdit, Owner, Task, TaskNote, TaskStatus };

/** The fields a task edit may set. */
export type TaskFields = Pick<Task, 'title' | 'description' | 'domain' | 'owner' | 'owner_name' | 'due_on' | 'status' | 'offer_item_id'>;

/** A new task, made in the browser (the id is the idempotency key). */
export interface TaskIn {
  id: string;
  template_id?: string;
  title: string;
  description?: string;
  domain: Domain;
  owner: Owner;
  owner_name?: string;
  due_on?: string;
  offer_item_id?: string;
}

export interface Plan {
  young_person_id: string;
  review_due: string | null;
  review_overdue: boolean;
  /** 0 until the plan's first change is stored. */
  version: number;
  tasks: Task[];
  /** The council's own date today. */
  today: string;
}

export interface TaskTemplate {
  id: string;
  domain: Domain;
  title: string;
  description: string;
  owner: Owner;
  due_in_days: number | null;
  offer_item_id: string | null;
}

/** One young person's row in "caseload at a glance". */
export interface PlanGlance {
  young_person_id: string;
  review_due: string | null;
  review_overdue: boolean;
  open_tasks: number;
  overdue_tasks: number;
  /** Done in the last 14 days. */
  done_recently: number;
  last_done_at: string | null;
}

export interface CaseloadGlance {
  today: string;
  young_people: PlanGlance[];
}

/** An edit: the fields to set, and the version of the record the sender saw. */
export interface EditIn<F> {
  op_id: string;
  base_version: number;
  set: Partial<F>;
}

export interface EditResult<R> {
  version: number;
  changes: FieldChange[];
  record: R;
}

export interface PassportSharing {
  exists: boolean;
  shared: boolean;
}

export const PASSPORT_CONTACTS = ['gp', 'dentist', 'optician'] as const;
export { PASSPORT_DATE_FIELDS as PASSPORT_DATES, PASSPORT_NOTE_FIELDS as PASSPORT_NOTES } from '../lib/records';
export type { PassportDateField as PassportDate, PassportOut as Passport } from '../lib/records';
