// The signed-in young person's plan as pages show it: the phone's copy with the changes
// waiting in the outbox on top, read again whenever either changes.
import { usePhoneCopy } from '../../core/phone-copy';
import type { OutboxItem } from '../../core/outbox';
import { readPlan, shownTasks, type PlanOnPhone, type ShownTask } from './plan';

export interface MyPlan extends Omit<PlanOnPhone, 'tasks'> {
  tasks: ShownTask[];
  outbox: OutboxItem[];
}

export function useMyPlan(owner: string | null): MyPlan | null {
  const [copy, outbox] = usePhoneCopy(owner, readPlan);
  if (!copy || !outbox || owner === null) return null;
  return { ...copy, tasks: shownTasks(copy.tasks, outbox, owner), outbox };
}
