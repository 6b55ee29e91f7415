// Reading the server's JSON. Responses are kept in memory for the life of the page, so going
// back and forth between pages does not flash "Loading"; the service worker keeps them for
// offline use.
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
  return (await response.json()) as T;
}

/** Sends a change (or reads personal data, never cached) with the session cookie. */
export function send<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

const inFlight = new Map<string, Promise<unknown>>();
const loaded = new Map<string, unknown>();

export function load<T>(path: string): Promise<T> {
  let request = inFlight.get(path) as Promise<T> | undefined;
  if (!request) {
    request = getJson<T>(path).then((data) => {
      loaded.set(path, data);
      return data;
    });
    inFlight.set(path, request);
    request.catch(() => inFlight.delete(path));
  }
  return request;
}

/** Loads pages' data in the background, once the phone is idle, so those pages work
 * offline later without a visit. */
export function prefetch(...pathsToLoad: string[]): void {
  const start = () => {
    for (const path of pathsToLoad) load(path).catch(() => undefined);
  };
  if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}

/** Asks again for everything this page has loaded, so the service worker, which was not yet
 * running when the page first asked, keeps a copy for offline use. */
export function refetchThroughServiceWorker(): void {
  for (const path of inFlight.keys()) fetch(path).catch(() => undefined);
}

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

/** The data at `path`, loading it if needed, and a function to try again after an error. */
export function useResource<T>(path: string): [Resource<T>, () => void] {
  const initial = (): Resource<T> =>
    loaded.has(path) ? { status: 'ready', data: loaded.get(path) as T } : { status: 'loading' };
  const [resource, setResource] = useState<Resource<T>>(initial);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setResource(initial());
    load<T>(path).then(
      (data) => current && setResource({ status: 'ready', data }),
      (error: unknown) =>
        current &&
        setResource({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'unknown'),
        }),
    );
    return () => {
      current = false;
    };
  }, [path, attempt]);

  return [resource, () => setAttempt((n) => n + 1)];
}
