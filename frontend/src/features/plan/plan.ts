// "My plan": the young person's pathway-plan tasks on the phone. What a page shows is the
// phone's copy from the last pull with the changes waiting in the outbox on top (pending.ts),
// so ticking a task off, adding a note or adding a task works with no signal. Every change
// is an outbox item; it says "Saved on this phone" once that write has committed.
import type { FieldEditOut, PlanHeader, TaskOut } from '../../api/types';
import { database, getMeta, setMeta } from '../../core/db';
import { createItem, readablePending, saveItem, type OutboxItem } from '../../core/outbox';
import { isIsoDate } from '../../lib/iso-date';
import { isDomain, type Domain } from '../../lib/plan-vocabulary';
import { applyPending, taskFromCreate } from './pending';
import type { TaskCreateBody, TaskFields } from './types';
import { compareIso } from '../../core/order';

export const MAX_TITLE = 120;
export const MAX_DESCRIPTION = 2_000;
export const MAX_NOTE = 2_000;

/** A task as shown: the phone's copy with pending changes, and whether any are unsent. */
export interface ShownTask {
  task: TaskOut;
  /** The version of the phone's copy: what a new change is based on. */
  base_version: number;
  unsent: boolean;
  /** Made on this phone and not yet on the server. */
  newHere: boolean;
}

// ---- Pure parts -------------------------------------------------------------------------

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date ("2026-11-24") in the council's time zone, on the Gregorian calendar. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB-u-ca-gregory', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format); // made once: a page draws it on every render
  }
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((one) => one.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Today in the council's time zone, or in the phone's own if it does not know that zone. */
export function councilToday(timeZone: string, now: Date = new Date()): string {
  try {
    return todayIn(timeZone, now);
  } catch {
    return todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, now);
  }
}

export function isFinished(task: TaskOut): boolean {
  return task.status === 'done' || task.status === 'not_needed';
}

/** Not finished, and due before today. Worked out on the phone, so it stays right offline. */
export function isOverdue(task: TaskOut, today: string): boolean {
  return !isFinished(task) && task.due_on !== null && task.due_on < today;
}

/** Every task to show: the phone's copies and tasks made here but not yet sent, each with
 * the changes waiting in the outbox applied on top. */
export function shownTasks(stored: readonly TaskOut[], outbox: readonly OutboxItem[], owner: string): ShownTask[] {
  const pending = readablePending(outbox, owner);
  const touched = (id: string) =>
    pending.some((item) => (item.kind === 'task_edit' || item.kind === 'task_note') && item.body.task_id === id);
  const known = new Set(stored.map((task) => task.id));
  const shown = stored.map((task) => ({
    task: applyPending(task, pending),
    base_version: task.version,
    unsent: touched(task.id),
    newHere: false,
  }));
  for (const item of pending) {
    if (item.kind !== 'task_create' || known.has(item.id)) continue;
    const task = taskFromCreate(item);
    shown.push({ task: applyPending(task, pending), base_version: task.version, unsent: true, newHere: true });
  }
  return shown;
}

export interface PlanGroups {
  overdue: ShownTask[];
  comingUp: ShownTask[];
  done: ShownTask[];
}

const byDue = (a: ShownTask, b: ShownTask) => {
  const [x, y] = [a.task.due_on, b.task.due_on];
  if (x === y) return a.task.title.localeCompare(b.task.title);
  if (x === null) return 1; // undated last
  if (y === null) return -1;
  return compareIso(x, y);
};

/** Overdue (oldest first), Coming up (by due date, undated last) and Done so far (done or
 * not needed, most recent first). */
export function groupTasks(tasks: readonly ShownTask[], today: string): PlanGroups {
  const groups: PlanGroups = { overdue: [], comingUp: [], done: [] };
  for (const shown of tasks) {
    if (isFinished(shown.task)) groups.done.push(shown);
    else if (isOverdue(shown.task, today)) groups.overdue.push(shown);
    else groups.comingUp.push(shown);
  }
  groups.overdue.sort(byDue);
  groups.comingUp.sort(byDue);
  const finishedAt = (shown: ShownTask) => shown.task.done_at ?? shown.task.updated_at;
  groups.done.sort((a, b) => compareIso(finishedAt(b), finishedAt(a)));
  return groups;
}

/** The fields of a task the young person may change: status always, the rest on their own. */
export function editableFields(task: TaskOut): (keyof TaskFields)[] {
  return task.created_by === 'young_person' ? ['title', 'description', 'domain', 'due_on', 'status'] : ['status'];
}

/** Only the fields whose value differs from the task's. */
export function changedFields(task: TaskOut, wanted: Partial<TaskFields>): Partial<TaskFields> {
  const changes: Partial<TaskFields> = {};
  for (const field of editableFields(task)) {
    const value = wanted[field];
    if (value !== undefined && value !== task[field]) Object.assign(changes, { [field]: value });
  }
  return changes;
}

export interface TaskInput {
  title: string;
  description: string;
  domain: string;
  due_on: string;
}
export type TaskProblem = 'titleMissing' | 'titleTooLong' | 'descriptionTooLong' | 'domainMissing' | 'dateWrong';

/** What is wrong with a task the young person typed, by field. */
export function taskProblems(input: TaskInput): Partial<Record<keyof TaskInput, TaskProblem>> {
  const problems: Partial<Record<keyof TaskInput, TaskProblem>> = {};
  const title = input.title.trim();
  if (!title) problems.title = 'titleMissing';
  else if (title.length > MAX_TITLE) problems.title = 'titleTooLong';
  if (input.description.trim().length > MAX_DESCRIPTION) problems.description = 'descriptionTooLong';
  if (!isDomain(input.domain)) problems.domain = 'domainMissing';
  if (input.due_on && !isIsoDate(input.due_on)) problems.due_on = 'dateWrong';
  return problems;
}

/** The body of a `task_create`: optional parts left out when blank, text trimmed. Only for
 * input `taskProblems` passed, so its domain is one of DOMAINS. */
export function createBody(input: TaskInput): TaskCreateBody {
  const body: TaskCreateBody = { title: input.title.trim(), domain: input.domain as Domain };
  const description = input.description.trim();
  if (description) body.description = description;
  if (input.due_on) body.due_on = input.due_on;
  return body;
}

/** A task's history, oldest first: the server's entries for it. */
export function historyOf(history: readonly FieldEditOut[], taskId: string): FieldEditOut[] {
  return history
    .filter((entry) => entry.record === 'task' && entry.record_id === taskId)
    .sort((a, b) => compareIso(a.at, b.at));
}

/** The latest change to a task made by staff after `seenAt` (when the latest change the
 * young person saw was made), or null: "Priya changed this". */
export function unseenStaffChange(history: readonly FieldEditOut[], taskId: string, seenAt = ''): FieldEditOut | null {
  const last = historyOf(history, taskId).at(-1);
  return last && last.by.kind === 'staff' && last.at > seenAt ? last : null;
}

// ---- Storage ----------------------------------------------------------------------------

export interface PlanOnPhone {
  tasks: TaskOut[];
  plan: PlanHeader | null;
  history: FieldEditOut[];
  /** By task id: when the latest change the person has seen on it was made. */
  seen: Record<string, string>;
}

/** The person's copies of their tasks, plan and history. */
export async function readPlan(owner: string): Promise<PlanOnPhone> {
  const db = await database();
  const [tasks, plan, history, seen] = await Promise.all([
    db.getAll('tasks'),
    db.get('plans', owner),
    db.getAll('history'),
    getMeta('seenChanges'),
  ]);
  return {
    tasks: tasks.filter((row) => row.owner === owner).map((row) => row.task),
    plan: plan ? { review_due: plan.review_due, version: plan.version } : null,
    history: history.filter((entry) => entry.owner === owner),
    seen: seen?.[owner] ?? {},
  };
}

/** Remembers that the person has seen a task's changes up to the one made at `at`. */
export async function markSeen(owner: string, taskId: string, at: string): Promise<void> {
  const seen = (await getMeta('seenChanges')) ?? {};
  await setMeta('seenChanges', { ...seen, [owner]: { ...seen[owner], [taskId]: at } });
}

/** Adds the young person's own task; returns its id (made here, the server keeps it). */
export async function addTask(owner: string, input: TaskInput): Promise<string> {
  const item = createItem('task_create', createBody(input), undefined, crypto.randomUUID(), owner);
  await saveItem(item);
  return item.id;
}

export async function editTask(owner: string, shown: ShownTask, set: Partial<TaskFields>): Promise<void> {
  const body = { task_id: shown.task.id, base_version: shown.base_version, set };
  await saveItem(createItem('task_edit', body, undefined, crypto.randomUUID(), owner));
}

export async function addNote(owner: string, taskId: string, text: string): Promise<void> {
  await saveItem(createItem('task_note', { task_id: taskId, text: text.trim() }, undefined, crypto.randomUUID(), owner));
}
