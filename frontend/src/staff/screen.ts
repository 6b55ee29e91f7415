// A staff screen in one request (GET /api/v1/screens/..., decision 024): the page's own data
// with what every staff page shows around it, who is signed in, the inbox count and urgent
// alerts. The screen a visit opens on is asked for at start-up (main.tsx), while the staff
// chunk downloads, and the session takes who is signed in from its answer instead of asking
// /auth/me. Start-up code, so no words and no components here.
import type { Me, QueueItem, StaffFrame } from '../api/types';
import { ApiError, send } from '../core/api';
import { authPaths } from '../core/session';
import { countComesWith, giveInboxCount } from '../lib/inbox-count';
import { queueScreenRequest, readFilters } from './queue-filters';

export const CASELOAD_SCREEN = '/api/v1/screens/caseload';

/** The screen request for the page at this address; null for a page that is no screen. */
export function screenRequest(path: string, search: string): string | null {
  if (path === '/staff') return CASELOAD_SCREEN;
  if (path === '/staff/views') return queueScreenRequest('mine', readFilters(search));
  if (path === '/staff/views/team') return queueScreenRequest('team', readFilters(search));
  return null;
}

// On a screen, the header's inbox count comes with the screen's answer.
countComesWith((path) => screenRequest(path, '') !== null);

// The urgent alerts last heard of, and whose: a screen's answer or the alerts' own request
// brings them, and they stay from page to page (no flash of an empty alert on each page).
let alerts: { who: string; items: QueueItem[] } = { who: '', items: [] };
const alertListeners = new Set<() => void>();

/** The urgent alerts last heard of for this staff member (none for anyone else's). */
export function currentAlerts(who: string): QueueItem[] {
  return alerts.who === who ? alerts.items : [];
}

export function giveAlerts(who: string, items: QueueItem[]): void {
  alerts = { who, items };
  for (const listener of alertListeners) listener();
}

/** Calls `listener` whenever alerts come; returns the function that stops it. */
export function onAlerts(listener: () => void): () => void {
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

function ask<T extends StaffFrame>(api: string): Promise<T> {
  return send<T>('GET', api).then((screen) => {
    giveInboxCount(screen.me.id, screen.inbox_unseen);
    giveAlerts(screen.me.id, screen.alerts);
    return screen;
  });
}

let opening: { api: string; answer: Promise<StaffFrame>; answered: StaffFrame | null } | null = null;

/** For the session at start-up: asks for the screen at this address at once, and says who is
 * signed in from its answer. Undefined for a page that is no screen (the session asks
 * /auth/me). A screen refused for any reason but a 401 (a young person at /staff) asks
 * /auth/me after all. */
export function askWhoWithScreen(path: string, search: string): (() => Promise<Me>) | undefined {
  const api = screenRequest(path, search);
  if (!api) return undefined;
  return () => {
    const started = { api, answer: ask(api), answered: null as StaffFrame | null };
    opening = started;
    // First in line: kept before the session hears who it is, so the page draws it at once.
    // A refusal is not kept: after signing in, the page must ask again, not hear the old 401.
    started.answer.then(
      (screen) => (started.answered = screen),
      () => opening === started && (opening = null),
    );
    return started.answer.then(
      (screen) => screen.me,
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) throw error;
        return send<Me>('GET', authPaths.me);
      },
    );
  };
}

/** The start-up screen's answer, if it is this one and has come; taken once, so a later visit
 * to the page asks afresh. */
export function takeAnswered<T extends StaffFrame>(api: string): T | null {
  if (opening?.api !== api || opening.answered === null) return null;
  const { answered } = opening;
  opening = null;
  return answered as T;
}

/** The screen's answer: the start-up request's if it is this one (once) and has not failed,
 * else a new one. */
export function loadScreen<T extends StaffFrame>(api: string): Promise<T> {
  if (opening?.api !== api) return ask<T>(api);
  const { answer } = opening;
  opening = null;
  return answer as Promise<T>;
}
