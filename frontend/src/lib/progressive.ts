// A long list drawn a part at a time as the app opens: the first parts at once, then one more
// after each paint, so no one task draws (and lays out) the whole list, which on a slow phone is
// a long task just after the first paint. Later parts join below the first screenful, so nothing
// on screen moves. After a move to another page (a link, Back) the whole list is drawn at once:
// Back must find the page as long as it was, to scroll back to where the person was.
import { useEffect, useState } from 'preact/hooks';
import { hasMoved } from '../core/router';

/** How many of `total` parts to draw now: `first`, then one more after each paint. */
export function useProgressive(total: number, first = 1): number {
  const [shown, setShown] = useState(() => (hasMoved() ? Infinity : first));
  // An effect runs after the paint of what the last part added (Preact's effects wait for it).
  useEffect(() => {
    if (shown < total) setShown(shown + 1);
  }, [shown, total]);
  return Math.min(shown, total);
}
