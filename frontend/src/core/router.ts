// A tiny router: the History API, same-origin link clicks, and focus moved to the new
// page's heading after a navigation (so screen readers hear the new page).
import { useEffect, useState } from 'preact/hooks';
import { hasLeft, leaveAgain } from './quick-exit';

const listeners = new Set<() => void>();
let focusRequest = false;
/** Whether the person has moved to another page of the app since it opened. */
let moved = false;

const navigationListeners = new Set<() => void>();

/** The page changed; `moved`: the person went to another page (a link, Back), not a page
 * sending them on to where it belongs (`navigate` with `replace`). */
function notify(movedNow: boolean): void {
  if (movedNow) moved = true;
  for (const listener of listeners) listener();
  if (movedNow) for (const listener of navigationListeners) listener();
}

/** Whether the person has moved to another page (a link, Back) since the app opened: the page
 * drawn now is not the first. */
export function hasMoved(): boolean {
  return moved;
}

/** Calls `listener` after each move to another page: a link, Back, or `navigate` without
 * `replace`. */
export function onNavigate(listener: () => void): void {
  navigationListeners.add(listener);
}

/** `state` travels with the history entry, never in the address (so never in a server's log). */
export function navigate(to: string, { replace = false, state = null }: { replace?: boolean; state?: unknown } = {}): void {
  if (replace) {
    history.replaceState(state, '', to);
  } else {
    history.pushState(state, '', to);
    window.scrollTo(0, 0);
    focusRequest = true;
  }
  notify(!replace);
}

/** Whether the person navigated and the new page's heading should take focus. `settle`
 * ends the request (a loading stand-in doesn't, so the real page takes focus in its turn). */
export function focusRequested(settle: boolean): boolean {
  const requested = focusRequest;
  if (settle) focusRequest = false;
  return requested;
}

export function useLocation(): { path: string; search: string } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return { path: location.pathname, search: location.search };
}

/** Params of `path` if it matches `pattern` ("/c/:slug/offer/:itemId"), else null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split('/').filter(Boolean);
  const given = path.split('/').filter(Boolean);
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const segment = given[index] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return null;
      }
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

/** Handles clicks on links to other pages of the app without reloading the page. */
export function startRouter(): void {
  window.addEventListener('popstate', () => {
    if (hasLeft()) return leaveAgain(); // after a quick exit, no page of Harbour's shows again
    focusRequest = true;
    notify(true);
  });
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link || link.target || link.hasAttribute('download')) return;
    if (link.origin !== location.origin || link.pathname.startsWith('/api/')) return;
    if (link.hash && link.pathname === location.pathname) return; // in-page, e.g. skip link
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  });
}

/** The staff pages ("/staff/..."): their own chunk, start page and frame. */
export function isStaffPath(path: string): boolean {
  return path === '/staff' || path.startsWith('/staff/');
}
