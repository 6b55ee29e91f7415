// Quick exit (issue 14, trust.md SG-01 and T8): "Leave" in the top bar, or Shift pressed three
// times, blanks the page at once, tells its listeners (the app lock locks), and replaces this
// history entry with a neutral page that works offline (a plain calculator, precached by the
// service worker). It deletes nothing and signs nobody out: drafts and unsent statements stay
// in IndexedDB, untouched.
//
// Back would still reach Harbour's earlier entries (pages of this same app), which no page can
// rewrite. So the tab remembers that it left (sessionStorage: this tab only, gone when it is
// closed), and a Harbour page reached again by Back or Forward, or shown again from the
// back/forward cache, leaves at once before anything renders. A deliberate visit (a typed
// address, the home-screen icon, a link, a reload) forgets it and opens Harbour as usual.

/** The neutral page: no Harbour name, colours, icon or manifest (frontend/calculator.html). */
export const NEUTRAL_PAGE = '/calculator.html';
const NEUTRAL_TITLE = 'Calculator';
const LEFT_KEY = 'quick-exit.left';
const EXPLAINED_KEY = 'quick-exit.explained';
/** The longest pause between two Shift presses, as in GOV.UK's "Exit this page". */
export const SHIFT_PAUSE_MS = 5000;

const listeners: (() => void)[] = [];

/** `listener` runs at a quick exit, synchronously, before the page goes (the app lock's
 * lockNow). One that throws cannot stop the exit. */
export function onQuickExit(listener: () => void): void {
  listeners.push(listener);
}

/** The longest a quick exit waits, on a blank page, for writes still landing on the phone. */
export const LEAVE_WAIT_MS = 500;

const writing = new Set<Promise<unknown>>();

/** Marks a write to the phone that a quick exit lets land before it leaves (a draft's last
 * words: leaving the page would cancel the IndexedDB write still under way). */
export function finishBeforeLeaving<T>(write: Promise<T>): Promise<T> {
  writing.add(write);
  const done = () => writing.delete(write);
  write.then(done, done);
  return write;
}

function leave(): void {
  location.replace(NEUTRAL_PAGE);
}

/** Hides the page now, then leaves it for the neutral page in place of this history entry:
 * at once, or once the writes under way have landed (at most LEAVE_WAIT_MS later). */
export function quickExit(): void {
  hide();
  remember(LEFT_KEY, sessionStorage, true);
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // Leaving matters more than any listener.
    }
  }
  if (writing.size === 0) return leave();
  const waited = new Promise((resolve) => setTimeout(resolve, LEAVE_WAIT_MS));
  void Promise.race([Promise.allSettled([...writing]), waited]).then(leave);
}

/** Whether a Harbour page is being loaded again by Back or Forward after this tab left. */
export function returnsAfterExit(left: boolean, navigationType: string | undefined): boolean {
  return left && navigationType === 'back_forward';
}

/** At start-up, before anything renders. True when this tab left quickly and came back by
 * Back or Forward: it is leaving again and the caller must start nothing. Otherwise this is a
 * deliberate visit, which forgets the exit. */
export function startQuickExit(): boolean {
  const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (returnsAfterExit(hasLeft(), entry?.type)) {
    leaveAgain();
    return true;
  }
  remember(LEFT_KEY, sessionStorage, false);
  // A page kept in the back/forward cache goes there hidden, so that Back after a quick exit
  // shows nothing of it, even for a moment, before it leaves again; any other return shows it.
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) document.body.hidden = true;
  });
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    if (hasLeft()) leaveAgain();
    else document.body.hidden = false;
  });
  return false;
}

/** Whether this tab has quick-exited (and not been opened deliberately since). */
export function hasLeft(): boolean {
  return recalled(LEFT_KEY, sessionStorage);
}

/** Back on a Harbour page after leaving: hidden at once and off to the neutral page again. */
export function leaveAgain(): void {
  hide();
  location.replace(NEUTRAL_PAGE);
}

function hide(): void {
  document.body.hidden = true;
  document.title = NEUTRAL_TITLE;
}

/** Whether the young person has read and closed the first-use explanation on this phone. */
export function explained(): boolean {
  return recalled(EXPLAINED_KEY, localStorage);
}

export function markExplained(): void {
  remember(EXPLAINED_KEY, localStorage, true);
}

// Storage can be switched off or full; quick exit must work all the same.
function remember(key: string, storage: Storage, on: boolean): void {
  try {
    if (on) storage.setItem(key, '1');
    else storage.removeItem(key);
  } catch {
    // Without storage, Back can reach Harbour again; the exit itself still works.
  }
}

function recalled(key: string, storage: Storage): boolean {
  try {
    return storage.getItem(key) === '1';
  } catch {
    return false;
  }
}

/** Counts Shift pressed on its own. `keydown` of any other key starts again (and marks a Shift
 * held with it, as for a capital letter or Shift+Tab, so its release does not count);
 * `shiftUp` answers the presses in a row so far, where a pause over `pause` ms starts again. */
export function shiftCounter(pause = SHIFT_PAUSE_MS) {
  let count = 0;
  let last = -Infinity;
  let combined = false;
  return {
    keydown(key: string, shiftHeld: boolean): void {
      if (key === 'Shift') return;
      count = 0;
      if (shiftHeld) combined = true;
    },
    shiftUp(now: number): number {
      if (combined) {
        combined = false;
        count = 0;
        return count;
      }
      count = now - last > pause ? 1 : count + 1;
      last = now;
      return count;
    },
  };
}

/** Listens for Shift pressed three times, anywhere, text fields included (as GOV.UK does: the
 * moment someone comes in may be mid-sentence, and typing never presses Shift on its own).
 * `onCount` hears the presses so far (0 when a pause or another key starts again). Returns
 * the function that stops listening. */
export function watchShift(onCount: (presses: number) => void): () => void {
  const counter = shiftCounter();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const down = (event: KeyboardEvent) => {
    if (event.key === 'Shift') return;
    counter.keydown(event.key, event.shiftKey);
    onCount(0);
  };
  const up = (event: KeyboardEvent) => {
    if (event.key !== 'Shift') return;
    const presses = counter.shiftUp(event.timeStamp);
    clearTimeout(timer);
    if (presses >= 3) return quickExit();
    onCount(presses);
    if (presses > 0) timer = setTimeout(() => onCount(0), SHIFT_PAUSE_MS);
  };
  document.addEventListener('keydown', down, true);
  document.addEventListener('keyup', up, true);
  return () => {
    clearTimeout(timer);
    document.removeEventListener('keydown', down, true);
    document.removeEventListener('keyup', up, true);
  };
}
