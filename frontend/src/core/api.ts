// Reading the server's JSON. Responses are kept in memory for the life of the page, so going
// back and forth between pages does not flash "Loading"; the service worker keeps them for
// offline use. A council's public content (the council, its offer, its pledge) is kept in the
// service worker's cache: a signed-in young person's pages read their council's from there
// without asking the server, since each of their pulls says when the council changed it.
import { useEffect, useState } from 'preact/hooks';
import type { ErrorBody, FieldError } from '../api/types';

export const paths = {
  councils: '/api/v1/councils',
  council: (slug: string) => `/api/v1/councils/${encodeURIComponent(slug)}`,
  offer: (slug: string) => `/api/v1/councils/${encodeURIComponent(slug)}/offer`,
  pledge: (slug: string) => `/api/v1/councils/${encodeURIComponent(slug)}/pledge`,
  /** The signed-in young person's PA's photo; a new photo has a new version, so a new address.
   * `unkept`: the service worker does not keep it (the app lock is on). */
  myPaPhoto: (version: string, unkept = false) => `/api/v1/my-pa/photo?v=${encodeURIComponent(version)}${unkept ? '&unkept' : ''}`,
};

/** status 0: no answer at all (offline, and nothing saved for offline use). `fields` names
 * what was wrong (`body.username`); `retryAfter` is the seconds to wait after a 429. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: FieldError[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(`${status} ${code}`);
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const unauthorisedListeners = new Set<() => void>();

/** Tells the session module that the server no longer knows this session. */
export function notifyUnauthorised(): void {
  for (const listener of unauthorisedListeners) listener();
}

/** Calls `listener` whenever the server answers 401 to a signed-in request. */
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

/** The session's CSRF token, from the readable cookie the server set at sign-in. */
export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'harbour_csrf' || name === '__Host-harbour_csrf') return rest.join('=') || null;
  }
  return null;
}

/** Headers for a request: JSON, and the CSRF token on a change made while signed in. */
export function requestHeaders(method: string, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json) headers['content-type'] = 'application/json';
  const token = UNSAFE.has(method.toUpperCase()) ? csrfToken() : null;
  if (token) headers['X-CSRF-Token'] = token;
  return headers;
}

async function errorOf(response: Response): Promise<ApiError> {
  // Partial: an answer from something in between (a proxy's 502) has another shape.
  const body = (await response.json().catch(() => null)) as { error?: Partial<ErrorBody> } | null;
  const wait = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.fields ?? [],
    Number.isFinite(wait) && wait > 0 ? wait : null,
  );
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: requestHeaders(method, body !== undefined),
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.status === 401 && error.code === 'signed_out') notifyUnauthorised();
    throw error;
  }
  if (response.status === 204) return undefined as T; // "No Content": nothing to read
  return (await response.json()) as T;
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (!response.ok) throw await errorOf(response);
  keepIfUnkept(path, response);
  return (await response.json()) as T;
}

/** On a first visit the service worker does not yet answer for the page, so the page keeps
 * what it fetched of council content in the worker's cache itself: it works offline at once,
 * with nothing fetched twice. */
function keepIfUnkept(path: string, response: Response): void {
  if (!path.startsWith(paths.councils) || typeof caches === 'undefined') return;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || navigator.serviceWorker.controller) return;
  const copy = response.clone();
  caches.open(CONTENT_CACHE).then((cache) => cache.put(path, copy), () => undefined);
}

/** Sends a change (or reads personal data, never cached) with the session cookie. */
export function send<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

const inFlight = new Map<string, Promise<unknown>>();
const loaded = new Map<string, unknown>();
const reloadListeners = new Map<string, Set<() => void>>();

export function load<T>(path: string): Promise<T> {
  let request = inFlight.get(path) as Promise<T> | undefined;
  if (!request) {
    request = fromCopyOrServer<T>(path).then((data) => {
      loaded.set(path, data);
      return data;
    });
    inFlight.set(path, request);
    request.catch(() => inFlight.delete(path));
  }
  return request;
}

/** Starts loading `path` (as `load`), for a page that will show it: its answer is then on its
 * way while the page's code is. */
export function preload(path: string): void {
  if (!loaded.has(path)) void load(path).catch(() => undefined);
}

// ---- A council's content, kept on the phone -----------------------------------------------

/** The service worker's cache of council content (service-worker/sw.ts). */
const CONTENT_CACHE = 'harbour-content';

/** A council's public content, which the phone keeps for offline use. */
function councilContent(slug: string): string[] {
  return [paths.council(slug), paths.offer(slug), paths.pledge(slug)];
}

/** The council whose content a signed-in young person's pulls keep fresh, or null. */
let keptFor: Promise<string | null> = Promise.resolve(null);
/** Content shown from the phone's copy that no pull has said is current yet. */
const fromCopy = new Set<string>();

/** Set by the session: the signed-in young person's council (or a promise of it while the
 * phone reads who it remembers), whose content pages may read from the phone's copy; null
 * for anyone else, whose pages ask the server (and what was read from the copy is asked for
 * again). */
export function setContentKeptFor(council: string | null | Promise<string | null>): void {
  keptFor = Promise.resolve(council);
  if (council === null) for (const path of [...fromCopy]) void refresh(path);
}

async function copyOf<T>(path: string): Promise<T | undefined> {
  if (typeof caches === 'undefined') return undefined;
  try {
    const kept = await caches.match(path, { cacheName: CONTENT_CACHE, ignoreVary: true });
    return kept ? ((await kept.json()) as T) : undefined;
  } catch {
    return undefined; // no Cache Storage here (some private modes), or a broken entry
  }
}

async function fromCopyOrServer<T>(path: string): Promise<T> {
  const council = await keptFor;
  if (council !== null && councilContent(council).includes(path)) {
    const copy = await copyOf<T>(path);
    if (copy !== undefined) {
      fromCopy.add(path);
      return copy;
    }
  }
  return getJson<T>(path);
}

/** The content version a council, offer or pledge answer was made from. */
function versionOf(data: unknown): string | null | undefined {
  const { content_version, version } = (data ?? {}) as { content_version?: string | null; version?: string | null };
  return content_version !== undefined ? content_version : version;
}

/** Whether what the page holds of `path` is at `version` (any, when undefined). */
function isAt(path: string, version: string | null | undefined): boolean {
  return version === undefined || versionOf(loaded.get(path)) === version;
}

const refreshing = new Map<string, Promise<boolean>>();

/** Asks the server again (through the service worker, which keeps the answer) and shows the
 * answer on any page showing the old one; false offline, when the copy stays. */
function refresh(path: string): Promise<boolean> {
  let running = refreshing.get(path);
  if (!running) {
    running = getJson<unknown>(path).then(
      (data) => {
        fromCopy.delete(path);
        loaded.set(path, data);
        inFlight.set(path, Promise.resolve(data));
        for (const listener of reloadListeners.get(path) ?? []) listener();
        return true;
      },
      () => false,
    );
    refreshing.set(path, running);
    void running.then(() => refreshing.delete(path));
  }
  return running;
}

/** The last council and version whose copies were all found at that version, and the one
 * being checked. */
let checked = '';
let checking = '';

/** Keeps the council's content on the phone for offline use: fetches what the phone lacks
 * and, given the content version a pull said, what it holds at another version. Runs when the
 * phone is idle; a version already checked costs nothing. */
export function keepContent(slug: string, version?: string | null): Promise<void> {
  const check = version === undefined ? null : JSON.stringify([slug, version]);
  if (check !== null && (check === checked || check === checking)) return Promise.resolve();
  if (check !== null) checking = check;
  return whenIdle(async () => {
    let allCurrent = true;
    for (const path of councilContent(slug)) {
      const copy = loaded.get(path) ?? (await inFlight.get(path)?.catch(() => undefined)) ?? (await copyOf(path));
      const current = copy !== undefined && (version === undefined || versionOf(copy) === version);
      // The service worker may answer a slow network with its old copy: current only if not.
      if (!current) allCurrent = (await refresh(path)) && isAt(path, version) && allCurrent;
      else if (version !== undefined) fromCopy.delete(path); // a pull said it is current
    }
    if (check === null || checking !== check) return;
    checking = '';
    if (allCurrent) checked = check;
  });
}

/** Runs `task` once the phone is idle; resolves when it has run. */
function whenIdle(task: () => Promise<void>): Promise<void> {
  return new Promise((done) => {
    const start = () => void task().catch(() => undefined).then(done);
    if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 3000 });
    else setTimeout(start, 1000);
  });
}

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

function sameData<T>(shown: Resource<T>, next: Resource<T>): boolean {
  if (shown.status === 'ready' && next.status === 'ready') return shown.data === next.data;
  return shown.status === 'loading' && next.status === 'loading';
}

/** The data at `path`, loading it if needed, and a function to try again after an error. */
export function useResource<T>(path: string): [Resource<T>, () => void] {
  const initial = (): Resource<T> =>
    loaded.has(path) ? { status: 'ready', data: loaded.get(path) as T } : { status: 'loading' };
  const [resource, setResource] = useState<Resource<T>>(initial);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    // The same data again draws nothing: the page was often drawn with it already (a long
    // list drawn twice more was a long task on a slow phone).
    const show = (next: Resource<T>) => current && setResource((shown) => (sameData(shown, next) ? shown : next));
    show(initial());
    load<T>(path).then(
      (data) => show({ status: 'ready', data }),
      (error: unknown) =>
        show({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'unknown'),
        }),
    );
    // A copy shown from the phone is replaced when the council's newer content arrives.
    const reloaded = () => show({ status: 'ready', data: loaded.get(path) as T });
    const listening = reloadListeners.get(path) ?? new Set();
    reloadListeners.set(path, listening.add(reloaded));
    return () => {
      current = false;
      listening.delete(reloaded);
    };
  }, [path, attempt]);

  return [resource, () => setAttempt((n) => n + 1)];
}
