// The vocabulary of plans (domains, task statuses and owners), shared by the phone's plan pages
// and the staff screens, in the order they are offered; `EveryValue` checks each list against
// the API's schema. Apart from records.ts, which the first page load needs (the outbox applies
// task and passport changes), since only those lazy pages use it.
import type { Domain, EveryValue, TaskOwner, TaskStatus } from '../api/types';

const domains = [
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
export const DOMAINS: EveryValue<Domain, typeof domains> = domains;
export function isDomain(value: string): value is Domain {
  return (DOMAINS as readonly string[]).includes(value);
}
const taskStatuses = ['to_do', 'in_progress', 'done', 'not_needed'] as const;
export const TASK_STATUSES: EveryValue<TaskStatus, typeof taskStatuses> = taskStatuses;
const taskOwners = ['young_person', 'pa', 'social_worker', 'carer', 'other'] as const;
export const TASK_OWNERS: EveryValue<TaskOwner, typeof taskOwners> = taskOwners;
export type { Domain, TaskOwner, TaskStatus };
