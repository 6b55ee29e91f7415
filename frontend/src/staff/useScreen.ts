// A staff screen's answer for its page (staff/screen.ts): at once when start-up already has
// it, so the page draws whole in its first frame and nothing moves in after; else when it
// comes.
import { useEffect, useState } from 'preact/hooks';
import type { StaffFrame } from '../api/types';
import { loadScreen, takeAnswered } from './screen';
import { refreshAlerts } from './UrgentAlerts';

export interface Loaded<T> {
  screen: T | null;
  error: unknown;
}

export function useScreen<T extends StaffFrame>(api: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>(() => ({ screen: takeAnswered<T>(api), error: null }));
  useEffect(() => {
    if (loaded.screen) return;
    let current = true;
    loadScreen<T>(api).then(
      (screen) => current && setLoaded({ screen, error: null }),
      (error: unknown) => {
        refreshAlerts(); // they did not come with the screen: ask for them alone
        if (current) setLoaded({ screen: null, error });
      },
    );
    return () => {
      current = false;
    };
  }, []);
  return loaded;
}
