// "My plan"'s shapes: its outbox bodies as the server takes them (backend/harbour/plans/
// schemas.py), and the phone's copies of what it sends (PlanHeader, TaskOut; declared to the
// core in sync.ts).
import type { Domain, PlanHeader, TaskFields, TaskOut } from '../../api/types';

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

/** The phone's copy of a task (IndexedDB "tasks", key `id`). `owner` is the young person's
 * id, as in every other store; the task's own `owner` (who does it) is inside `task`. */
export interface LocalTask {
  id: string;
  owner: string;
  task: TaskOut;
}

/** The phone's copy of the plan's header, a pull's `plan` (IndexedDB "plans", key `owner`). */
export type StoredPlan = PlanHeader & { owner: string };
