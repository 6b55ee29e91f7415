// Small hooks for the always-visible status: online or not, what the outbox holds, and
// whether the app is locked.
import { useEffect, useState } from 'preact/hooks';
import { isLocked, onLockChange } from './db';
import { subscribe, subscribeSignInNeeded, type OutboxItem } from './outbox';

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

/** Whether the app lock is closed now: known at once from a clear flag, so nothing personal
 * renders before the lock screen (decision 020). */
export function useLocked(): boolean {
  const [locked, setLocked] = useState(isLocked);
  useEffect(() => {
    setLocked(isLocked());
    return onLockChange(setLocked);
  }, []);
  return locked;
}
