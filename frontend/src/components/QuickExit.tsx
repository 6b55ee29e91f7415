// "Leave" (accessible name "Leave this page quickly") at the start of a young person's top bar,
// first in the focus order after the skip link and away from the red help button, so one is
// never tapped for the other. Once the bar has scrolled away the button stays in the top
// corner, so it is one tap away on every screen; `scroll-padding` keeps anything focused
// clear of it (WCAG 2.4.11). Shift pressed three times does the same (core/quick-exit.ts).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../core/i18n';
import { explained, markExplained, quickExit, watchShift } from '../core/quick-exit';

export function QuickExit() {
  const [presses, setPresses] = useState(0);
  const place = useRef<HTMLSpanElement>(null);

  useEffect(() => watchShift(setPresses), []);

  // The button floats while its place in the bar is above the screen. The place keeps the
  // button's size meanwhile, so the bar (and the page under it) does not move.
  useEffect(() => {
    const spot = place.current;
    if (!spot || !('IntersectionObserver' in window)) return;
    const observer = new IntersectionObserver(([entry]) => {
      const away = Boolean(entry && !entry.isIntersecting && entry.boundingClientRect.top < 0);
      if (away === spot.classList.contains('quick-exit--floating')) return;
      const { width, height } = spot.getBoundingClientRect();
      spot.style.width = away ? `${width}px` : '';
      spot.style.height = away ? `${height}px` : '';
      spot.classList.toggle('quick-exit--floating', away);
    });
    observer.observe(spot);
    return () => observer.disconnect();
  }, []);

  return (
    <span class="quick-exit" ref={place}>
      <button type="button" class="button quick-exit__button" aria-label={t('quickExit.name')} data-testid="quick-exit" onClick={quickExit}>
        {t('quickExit.button')}
      </button>
      <span class="visually-hidden" role="status">
        {presses > 0 ? t('quickExit.pressMore', { count: 3 - presses }) : ''}
      </span>
    </span>
  );
}

/** What Leave does, and does not do, said once on this phone until it is closed. */
export function QuickExitIntro() {
  const [shown, setShown] = useState(() => !explained());
  if (!shown) return null;
  const close = () => {
    markExplained();
    setShown(false);
    document.getElementById('main')?.focus({ preventScroll: true });
  };
  return (
    <div class="banner quick-exit-intro" data-testid="quick-exit-intro">
      <p>{t('quickExit.intro')}</p>
      <p>{t('quickExit.limits')}</p>
      <button type="button" class="button button--secondary" onClick={close}>
        {t('quickExit.gotIt')}
      </button>
    </div>
  );
}
