// The staff plan editor's rules, apart from the screens: tasks grouped by domain, a task
// prefilled from a template, what an edit changes, who needs attention on the caseload,
// and a history entry in words.
import { formatDate } from '../lib/format';
import type { MessageKey } from '../core/i18n';
import { t } from './i18n';
import type {
  ChangeOut,
  CaseloadRow,
  Domain,
  EditorRef,
  FieldEditOut,
  TaskFields,
  TaskIn,
  TaskOut,
  TaskOwner,
  TaskStatus,
  TaskTemplateOut,
} from '../api/types';
import { DOMAINS, TASK_OWNERS, TASK_STATUSES } from '../lib/plan-vocabulary';
import { PASSPORT_DATE_FIELDS } from '../lib/records';

/** The plan pages' own addresses. */
export const planPages = {
  plan: (id: string) => `/staff/young-people/${encodeURIComponent(id)}/plan`,
  add: (id: string) => `/staff/young-people/${encodeURIComponent(id)}/plan/new`,
  task: (id: string, taskId: string) => `/staff/young-people/${encodeURIComponent(id)}/plan/tasks/${encodeURIComponent(taskId)}`,
  health: (id: string) => `/staff/young-people/${encodeURIComponent(id)}/health`,
  export: (id: string) => `/staff/young-people/${encodeURIComponent(id)}/plan/export`,
  statementsExport: (id: string) => `/staff/young-people/${encodeURIComponent(id)}/statements/export`,
};

/** "2026-11-24" plus 14 days → "2026-12-08", counted on the calendar (no time zone). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const FINISHED: readonly TaskStatus[] = ['done', 'not_needed'];

type Sortable = Pick<TaskOut, 'domain' | 'status' | 'due_on' | 'title'>;

/** Open tasks first, soonest due first (undated after dated), then finished ones. */
function byDue(a: Sortable, b: Sortable): number {
  const finished = Number(FINISHED.includes(a.status)) - Number(FINISHED.includes(b.status));
  if (finished !== 0) return finished;
  if (a.due_on !== b.due_on) {
    if (a.due_on === null) return 1;
    if (b.due_on === null) return -1;
    return a.due_on < b.due_on ? -1 : 1;
  }
  return a.title.localeCompare(b.title);
}

/** The tasks under each domain that has any, in the plan's order of domains. */
export function groupByDomain<T extends Sortable>(
  tasks: readonly T[],
): [Domain, T[]][] {
  return DOMAINS.map((domain): [Domain, T[]] => [domain, tasks.filter((task) => task.domain === domain).sort(byDue)]).filter(
    ([, found]) => found.length > 0,
  );
}

/** The templates under each domain that has any, in the plan's order of domains. */
export function templatesByDomain(templates: readonly TaskTemplateOut[]): [Domain, TaskTemplateOut[]][] {
  return DOMAINS.map((domain): [Domain, TaskTemplateOut[]] => [domain, templates.filter((item) => item.domain === domain)]).filter(
    ([, found]) => found.length > 0,
  );
}

/** A task form's fields as typed: every value a string, "" for empty. */
export interface TaskForm {
  title: string;
  description: string;
  domain: Domain | '';
  owner: TaskOwner;
  owner_name: string;
  due_on: string;
  status: TaskStatus;
  offer_item_id: string;
}

export const BLANK_TASK: TaskForm = {
  title: '',
  description: '',
  domain: '',
  owner: 'young_person',
  owner_name: '',
  due_on: '',
  status: 'to_do',
  offer_item_id: '',
};

/** A new task's form filled from a template; it is due `due_in_days` after the council's
 * `today`, or undated. */
export function taskFromTemplate(template: TaskTemplateOut, today: string): TaskForm {
  return {
    ...BLANK_TASK,
    title: template.title,
    description: template.description ?? '',
    domain: template.domain,
    owner: template.owner,
    due_on: template.due_in_days == null ? '' : addDays(today, template.due_in_days),
    offer_item_id: template.offer_item_id ?? '',
  };
}

export function formOfTask(task: TaskOut): TaskForm {
  return {
    title: task.title,
    description: task.description,
    domain: task.domain,
    owner: task.owner,
    owner_name: task.owner_name ?? '',
    due_on: task.due_on ?? '',
    status: task.status,
    offer_item_id: task.offer_item_id ?? '',
  };
}

/** The form as the API's task fields: trimmed, "" as null where the field may be empty. */
function fieldsOf(form: TaskForm): TaskFields {
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    domain: form.domain as Domain,
    owner: form.owner,
    owner_name: form.owner_name.trim() || null,
    due_on: form.due_on || null,
    status: form.status,
    offer_item_id: form.offer_item_id || null,
  };
}

/** A new task to send, leaving out what is empty. */
export function taskIn(form: TaskForm, id: string, templateId: string | null): TaskIn {
  const fields = fieldsOf(form);
  return {
    id,
    ...(templateId ? { template_id: templateId } : {}),
    title: fields.title,
    ...(fields.description ? { description: fields.description } : {}),
    domain: fields.domain,
    owner: fields.owner,
    ...(fields.owner_name ? { owner_name: fields.owner_name } : {}),
    ...(fields.due_on ? { due_on: fields.due_on } : {}),
    ...(fields.offer_item_id ? { offer_item_id: fields.offer_item_id } : {}),
  };
}

/** Only the fields the form changes: an edit that sets an unchanged field would still claim
 * it, and could replace someone else's newer value. */
export function changedFields(task: TaskOut, form: TaskForm): Partial<TaskFields> {
  const fields = fieldsOf(form);
  const changed: Partial<TaskFields> = {};
  for (const name of Object.keys(fields) as (keyof TaskFields)[]) {
    if (fields[name] !== (task[name] ?? null)) Object.assign(changed, { [name]: fields[name] });
  }
  return changed;
}

/** The form's problems that need no server: a title, a domain, and a name for "someone else". */
export function taskFormProblems(form: TaskForm): ('title' | 'domain' | 'owner_name')[] {
  const problems: ('title' | 'domain' | 'owner_name')[] = [];
  if (!form.title.trim()) problems.push('title');
  if (!form.domain) problems.push('domain');
  if (form.owner === 'other' && !form.owner_name.trim()) problems.push('owner_name');
  return problems;
}

/** A plan review that is overdue, or any overdue task. */
export function needsAttention(glance: CaseloadRow | undefined): boolean {
  return glance !== undefined && (glance.review_overdue || glance.overdue_tasks > 0);
}

/** "Priya (Personal Adviser)" for staff; the young person's preferred name for them. */
export function whoText(by: EditorRef, youngPersonName: string): string {
  if (by.kind === 'young_person') return by.name ?? youngPersonName;
  const name = by.name ?? t('staff.history.someone');
  return by.role ? t('staff.history.staffWho', { name, role: t(`staffAdmin.role.${by.role}`) }) : name;
}

const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'staff.plan.field.title',
  description: 'staff.plan.field.description',
  domain: 'staff.plan.field.domain',
  owner: 'staff.plan.field.owner',
  owner_name: 'staff.plan.field.owner_name',
  due_on: 'staff.plan.field.due_on',
  status: 'staff.plan.field.status',
  offer_item_id: 'staff.plan.field.offer_item_id',
  review_due: 'staff.plan.field.review_due',
};

/** A field's name inside a sentence: "the due date", "the next dental check". */
function fieldLabel(field: string): string {
  const key = FIELD_LABELS[field] ?? (`staff.passport.about.${field}` as MessageKey);
  const label = t(key);
  return label === key ? field : label;
}

const DATE_FIELDS = new Set<string>(['due_on', 'review_due', ...PASSPORT_DATE_FIELDS]);

/** A value as a person reads it: a date in words, a status's or domain's label, text quoted. */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('staff.history.nothing');
  if (typeof value === 'boolean') return t(value ? 'staff.history.yes' : 'staff.history.no');
  const text = String(value);
  if (DATE_FIELDS.has(field)) return formatDate(text);
  if (field === 'status' && (TASK_STATUSES as readonly string[]).includes(text)) return t(`staff.plan.status.${text as TaskStatus}`);
  if (field === 'domain' && (DOMAINS as readonly string[]).includes(text)) return t(`staff.plan.domain.${text as Domain}`);
  if (field === 'owner' && (TASK_OWNERS as readonly string[]).includes(text)) return t(`staff.plan.owner.${text as TaskOwner}`);
  return t('staff.history.quoted', { text });
}

/** One change in words: "Sam set status to Done." and, when the value replaced was one the
 * sender had not seen, "..., and replaced 5 December 2026 that they had not seen." */
export function changeText(change: ChangeOut, who: string): string {
  if (change.field === 'note') return t('staff.history.note', { who });
  const field = fieldLabel(change.field);
  const after = valueText(change.field, change.after);
  if (change.replaced_unseen) {
    return t('staff.history.replacedUnseen', { who, field, after, before: valueText(change.field, change.before) });
  }
  if (change.before === null || change.before === undefined || change.before === '') {
    return t('staff.history.set', { who, field, after });
  }
  return t('staff.history.changed', { who, field, after, before: valueText(change.field, change.before) });
}

/** Every change of a history entry, in words. */
export function entryTexts(entry: FieldEditOut, youngPersonName: string): string[] {
  const who = whoText(entry.by, youngPersonName);
  if (entry.changes.length === 0) return [t('staff.history.noChange', { who })];
  return entry.changes.map((change) => changeText(change, who));
}
