// Small hooks for the always-visible status: online or not, and what the outbox holds.
import { useEffect, useState } from 'preact/hooks';
import { subscribe, type OutboxItem } from './outbox';

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
