// A hook for pages showing the phone's copy of something (the plan, the passport). Only those
// pages' lazy chunk needs it, so it is not in hooks.ts, which the first page load needs.
import { useEffect, useState } from 'preact/hooks';
import { useOutbox } from './hooks';
import type { OutboxItem } from './outbox';
import { cursorFor, onPulled, pullSettled } from './pull';

/** The phone's copy of something for `owner`, read with `read` again whenever the outbox
 * changes or a pull stored something; with the outbox, so pending changes can go on top.
 * On a phone that has never pulled for them (just signed in), the first read waits for the
 * pull under way, so the page does not show an empty plan or passport and then jump. No
 * owner yet (the phone is finding out who is signed in): nothing is read. */
export function usePhoneCopy<T>(owner: string | null, read: (owner: string) => Promise<T>): [T | null, OutboxItem[] | null] {
  const outbox = useOutbox();
  const [pulls, setPulls] = useState(0);
  const [copy, setCopy] = useState<T | null>(null);
  useEffect(() => onPulled(() => setPulls((n) => n + 1)), []);
  useEffect(() => {
    if (owner === null) return;
    let current = true;
    firstPull(owner).then(() => read(owner)).then(
      (found) => current && setCopy(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [owner, outbox, pulls]);
  return [copy, outbox];
}

async function firstPull(owner: string): Promise<void> {
  if ((await cursorFor(owner)) === 0) await pullSettled();
}
