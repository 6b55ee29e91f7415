// The audit log's filters: the actions an admin can pick, and the query they make.
import type { AuditAction, EveryValue } from '../api/types';
import { staffPaths } from './paths';

const auditActions = [
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
  'my_data_downloaded',
  'subject_access_exported',
  'staff_created',
  'staff_changed',
  'staff_profile_changed',
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
  'statement_update_received',
  'statement_copied_to_case_record',
  'case_record_statement_exported',
  'case_record_statements_exported',
  'case_record_plan_exported',
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
/** In the order the filter lists them; every action the API records, by its schema. */
export const AUDIT_ACTIONS: EveryValue<AuditAction, typeof auditActions> = auditActions;

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
