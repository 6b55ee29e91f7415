// A young person's record and plan for the plan pages, read together; `reload` reads the
// plan again after any change, so the page shows what the server now holds.
import { useEffect, useState } from 'preact/hooks';
import { send } from '../core/api';
import type { PlanOut, YoungPersonOut } from '../api/types';
import { useLoadFailure } from './LoadingPage';
import { staffPaths } from './paths';

export interface PlanData {
  person: YoungPersonOut | null;
  plan: PlanOut | null;
  /** Not someone this member of staff may see (or no such person): the page is a 404. */
  missing: boolean;
  problem: string;
  reload: () => Promise<PlanOut | null>;
}

export function usePlan(id: string): PlanData {
  const [person, setPerson] = useState<YoungPersonOut | null>(null);
  const [plan, setPlan] = useState<PlanOut | null>(null);
  const { missing, problem, failed } = useLoadFailure();

  const reload = () =>
    send<PlanOut>('GET', staffPaths.plan(id)).then((fresh) => {
      setPlan(fresh);
      return fresh;
    }, failed);

  useEffect(() => {
    send<YoungPersonOut>('GET', staffPaths.youngPerson(id)).then(setPerson, failed);
    void reload();
  }, [id]);

  return { person, plan, missing, problem, reload };
}
