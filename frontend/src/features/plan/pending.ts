// Tasks with the young person's changes still in the outbox applied on top, so a change made
// with no signal shows at once. Small and pure: the outbox (main bundle) also applies a
// change to the phone's copy when the server acknowledges it (sync.ts), so it never flickers
// back to the old value before the next pull brings the server's copy.
import type { TaskNoteOut, TaskOut } from '../../api/types';
import type { OutboxItem } from '../../core/outbox';
import { YOU } from '../../lib/records';
import type { TaskCreateBody } from './types';

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
      const note: TaskNoteOut = { id: op.id, text: op.body.text, by: YOU, device: null, created_at: op.created_at };
      result = { ...result, notes: [...result.notes, note] };
    }
  }
  return result;
}
