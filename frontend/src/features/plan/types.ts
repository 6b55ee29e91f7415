// "My plan"'s shapes: its outbox bodies as the server takes them (backend/harbour/plans/
// schemas.py), and the phone's copies of what it sends (PlanHeader, TaskOut; declared to the
// core in sync.ts).
import type { PlanHeader, PushBody, Sent, TaskFields, TaskOut } from '../../api/types';

export type TaskCreateBody = PushBody<'task_create'>;

// The one TaskFields type, from the API's schema; which of them the young person may change
// (`status` on any task, the rest on their own) is plan.ts's editableFields.
export type { TaskFields };

/** The phone sends only the task's own values (never null for a required field), so its
 * `set` is narrower than the schema's `TaskChanges`. */
export interface TaskEditBody {
  task_id: string;
  base_version: number;
  set: Partial<TaskFields>;
}
export type TaskEditIsSent = Sent<TaskEditBody, 'task_edit'>;
export type TaskNoteBody = PushBody<'task_note'>;

/** The phone's copy of a task (IndexedDB "tasks", key `id`). `owner` is the young person's
 * id, as in every other store; the task's own `owner` (who does it) is inside `task`. */
export interface LocalTask {
  id: string;
  owner: string;
  task: TaskOut;
}

/** The phone's copy of the plan's header, a pull's `plan` (IndexedDB "plans", key `owner`). */
export type StoredPlan = PlanHeader & { owner: string };
