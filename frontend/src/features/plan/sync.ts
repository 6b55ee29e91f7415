// What "My plan" adds to the core: its stores ("tasks", "plans") and outbox kinds and pull
// sections (declared below, so the core types them), what acknowledging one of its items does
// to the phone's copy, and how the pull's `plan` and `tasks` sections are kept and forgotten.
import type { PlanHeader, TaskOut } from '../../api/types';
import { deleteOwned, type WriteTransaction } from '../../core/db';
import type { Feature } from '../../core/features';
import type { ItemOf } from '../../core/outbox';
import { applyPending, taskFromCreate } from './pending';
import type { LocalTask, StoredPlan, TaskCreateBody, TaskEditBody, TaskNoteBody } from './types';

declare module '../../core/db' {
  interface HarbourStores {
    tasks: { key: string; value: LocalTask };
    plans: { key: string; value: StoredPlan };
  }
  interface MetaValues {
    /** By person, then task id: when the latest change they have seen on that task was made,
     * so "Priya changed this" shows only for changes made since they last looked. */
    seenChanges: Record<string, Record<string, string>>;
  }
}

declare module '../../core/outbox' {
  interface OutboxBodies {
    /** A task the young person adds to their plan; the item's id is the task's id. */
    task_create: TaskCreateBody;
    /** A change to a task; the item's id is the operation's id. */
    task_edit: TaskEditBody;
    /** A note on a task; the item's id is the note's id. */
    task_note: TaskNoteBody;
  }
}

declare module '../../core/pull' {
  interface PullSections {
    /** The plan's header, when it changed since the cursor. */
    plan: PlanHeader;
    /** Tasks changed since the cursor, with their notes. */
    tasks: TaskOut[];
  }
}

/** An acknowledged change or note goes onto the person's copy of its task. */
async function applyToCopy(tx: WriteTransaction, item: ItemOf<'task_edit'> | ItemOf<'task_note'>): Promise<void> {
  const tasks = tx.objectStore('tasks');
  const copy = await tasks.get(item.body.task_id);
  if (copy && copy.owner === item.owner) await tasks.put({ ...copy, task: applyPending(copy.task, [item]) });
}

export const plan = {
  stores: {
    tasks: { keyPath: 'id' },
    plans: { keyPath: 'owner' },
  },
  kinds: {
    task_create: {
      stores: ['tasks'],
      acknowledge: async (tx, item) => {
        const tasks = tx.objectStore('tasks');
        if (item.owner && !(await tasks.get(item.id))) {
          await tasks.put({ id: item.id, owner: item.owner, task: taskFromCreate(item) });
        }
      },
    },
    task_edit: { stores: ['tasks'], acknowledge: applyToCopy },
    task_note: { stores: ['tasks'], acknowledge: applyToCopy },
  },
  pull: {
    plan: {
      stores: ['plans'],
      keep: (tx, header, owner) => tx.objectStore('plans').put({ ...header, owner }),
      forget: (tx, owner) => tx.objectStore('plans').delete(owner),
    },
    tasks: {
      stores: ['tasks', 'meta'],
      keep: (tx, tasks, owner) =>
        Promise.all(
          tasks.map(async (task) => {
            const copy = await tx.objectStore('tasks').get(task.id);
            // Ids are made on phones; one owned by someone else here is never overwritten.
            if (copy && copy.owner !== owner) return;
            await tx.objectStore('tasks').put({ id: task.id, owner, task });
          }),
        ),
      forget: async (tx, owner) => {
        await deleteOwned(tx, 'tasks', owner);
        const meta = tx.objectStore('meta');
        const seen = { ...((await meta.get('seenChanges')) as Record<string, unknown> | undefined) };
        delete seen[owner];
        await meta.put(seen as never, 'seenChanges');
      },
    },
  },
} satisfies Feature;
