// Reading the server's JSON. Responses are kept in memory for the life of the page, so going
// back and forth between pages does not flash "Loading"; the service worker keeps them for
// offline use.
import { useEffect, useState } from 'preact/hooks';
import type { CouncilSummary } from './types';

export const paths = {
  councils: '/api/v1/councils',
  council: (slug: string) => `/api/v1/councils/${encodeURIComponent(slug)}`,
  offer: (slug: string) => `/api/v1/councils/${encodeURIComponent(slug)}/offer`,
  pledge: (slug: string) => `/api/v1/councils/${encodeURIComponent(slug)}/pledge`,
};

export type CouncilList = { councils: CouncilSummary[] };

/** status 0: no answer at all (offline, and nothing saved for offline use). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error');
  }
  return (await response.json()) as T;
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
