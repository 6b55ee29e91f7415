// Small hooks for the always-visible status (online or not, what the outbox holds) and for
// pages showing the phone's copy of something.
import { useEffect, useState } from 'preact/hooks';
import { subscribe, subscribeSignInNeeded, type OutboxItem } from './outbox';
import { onPulled } from './pull';

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The outbox's items, or null until they have been read. */
export function useOutbox(): OutboxItem[] | null {
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  useEffect(() => subscribe(setItems), []);
  return items;
}

/** Whether sending stopped at a 401: the person must sign in again to send what waits. */
export function useSignInNeeded(): boolean {
  const [needed, setNeeded] = useState(false);
  useEffect(() => subscribeSignInNeeded(setNeeded), []);
  return needed;
}

/** The phone's copy of something for `owner`, read with `read` again whenever the outbox
 * changes or a pull stored something; with the outbox, so pending changes can go on top. */
export function usePhoneCopy<T>(owner: string, read: (owner: string) => Promise<T>): [T | null, OutboxItem[] | null] {
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
