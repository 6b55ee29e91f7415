// Where a reminder or a notification may take the person: a path inside Harbour, never
// another site (a push payload or an inbox item names it, and a tap must not leave the app).

/** `open` if it is a same-origin path ("/c/riverford/inbox/…"), else null. Refuses
 * "//host" and "/\host" (browsers read both as another site) and anything that resolves
 * to another origin. */
export function safeOpenPath(open: unknown, origin: string): string | null {
  if (typeof open !== 'string' || !open.startsWith('/') || open.length > 1000) return null;
  if (open.startsWith('//') || open.startsWith('/\\')) return null;
  let url: URL;
  try {
    url = new URL(open, origin);
  } catch {
    return null;
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : null;
}
