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

export function useMyViews(owner: string | null): MyViews | null {
  const outbox = useOutbox();
  const [pulls, setPulls] = useState(0);
  const [rows, setRows] = useState<Omit<MyViews, 'outbox'> | null>(null);
  useEffect(() => onPulled(() => setPulls((n) => n + 1)), []);
  useEffect(() => {
    if (owner === null) return; // the phone is finding out who is signed in
    let current = true;
    Promise.all([listStatements(owner), listDrafts(owner)]).then(
      ([statements, drafts]) => current && setRows({ statements, drafts }),
      () => current && setRows({ statements: [], drafts: [] }),
    );
    return () => {
      current = false;
    };
  }, [owner, outbox, pulls]);
  // The same object until something changed: pages read again when `views` changes
  // (StatementView's replies), so a new one on every render would read and render forever.
  return useMemo(
    () => (rows && outbox ? { ...rows, outbox: new Map(outbox.map((item) => [item.id, item])) } : null),
    [rows, outbox],
  );
}
