// The signed-in young person's plan and passport as pages show them, read again whenever the
// outbox changes or a pull stores something.
import { useEffect, useState } from 'preact/hooks';
import { useOutbox } from '../core/hooks';
import type { OutboxItem } from '../core/outbox';
import { readPassport, shownPassport, type ShownPassport } from '../features/passport/passport';
import { readPlan, shownTasks, type PlanOnPhone, type ShownTask } from '../features/plan/plan';
import { onPulled } from '../core/pull';
import type { FieldEditOut } from './records';

/** Re-reads with `read` whenever the outbox changes or a pull stored something. */
function usePhoneCopy<T>(owner: string, read: (owner: string) => Promise<T>): [T | null, OutboxItem[] | null] {
  const outbox = useOutbox();
  const [pulls, setPulls] = useState(0);
  const [copy, setCopy] = useState<T | null>(null);
  useEffect(() => onPulled(() => setPulls((n) => n + 1)), []);
  useEffect(() => {
    let current = true;
    read(owner).then(
      (found) => current && setCopy(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [owner, outbox, pulls]);
  return [copy, outbox];
}

export interface MyPlan extends Omit<PlanOnPhone, 'tasks'> {
  tasks: ShownTask[];
  outbox: OutboxItem[];
}

export function useMyPlan(owner: string): MyPlan | null {
  const [copy, outbox] = usePhoneCopy(owner, readPlan);
  if (!copy || !outbox) return null;
  return { ...copy, tasks: shownTasks(copy.tasks, outbox, owner), outbox };
}

export interface MyPassport extends ShownPassport {
  history: FieldEditOut[];
}

export function useMyPassport(owner: string): MyPassport | null {
  const [copy, outbox] = usePhoneCopy(owner, readPassport);
  if (!copy || !outbox) return null;
  return { ...shownPassport(copy.passport, outbox, owner), history: copy.history };
}
