// The signed-in young person's statements and drafts, read again whenever the outbox
// changes or a pull stores something.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useOutbox } from '../../core/hooks';
import type { OutboxItem } from '../../core/outbox';
import { onPulled } from '../../core/pull';
import { listStatements } from './pages';
import { listDrafts, type Draft, type LocalStatement } from './statements';

export interface MyViews {
  statements: LocalStatement[];
  drafts: Draft[];
  outbox: Map<string, OutboxItem>;
}

export function useMyViews(owner: string): MyViews | null {
  const outbox = useOutbox();
  const [pulls, setPulls] = useState(0);
  const [rows, setRows] = useState<Omit<MyViews, 'outbox'> | null>(null);
  useEffect(() => onPulled(() => setPulls((n) => n + 1)), []);
  useEffect(() => {
    let current = true;
    Promise.all([listStatements(owner), listDrafts(owner)]).then(
      ([statements, drafts]) => current && setRows({ statements, drafts }),
      () => current && setRows({ statements: [], drafts: [] }),
    );
    return () => {
      current = false;
    };
  }, [owner, outbox, pulls]);
  const byId = useMemo(() => new Map((outbox ?? []).map((item) => [item.id, item])), [outbox]);
  return rows && outbox ? { ...rows, outbox: byId } : null;
}
