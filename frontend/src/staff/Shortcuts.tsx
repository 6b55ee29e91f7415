// Keyboard shortcuts for fast triage. Single letters, so they never fire while someone types
// in a field, and anyone (a screen reader user in focus mode, say) can turn them off: WCAG
// 2.1.4. The list is always on the page, and "?" jumps to it.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../core/i18n';
import { t } from './i18n';
import { plainKey } from './statements';

const OFF_KEY = 'harbour.shortcuts.off';

export interface Shortcut {
  key: string;
  /** What it does, for the list on screen. */
  label: MessageKey;
  run: () => void;
}

function shortcutsOff(): boolean {
  try {
    return localStorage.getItem(OFF_KEY) === '1';
  } catch {
    return false;
  }
}

/** Listens for the page's shortcuts and "?"; shows what they are and a switch to turn them off. */
export function Shortcuts({ shortcuts }: { shortcuts: Shortcut[] }) {
  const [off, setOff] = useState(shortcutsOff);
  const [open, setOpen] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const latest = useRef(shortcuts);
  latest.current = shortcuts;

  // Listening from the same task as the render: a key pressed as soon as the page shows
  // (its h1 already focused) would otherwise fall before an after-paint effect attached.
  useLayoutEffect(() => {
    if (off) return;
    const onKey = (event: KeyboardEvent) => {
      if (!plainKey(event)) return;
      if (event.key === '?') {
        event.preventDefault();
        setOpen(true);
        requestAnimationFrame(() => headingRef.current?.focus());
        return;
      }
      const shortcut = latest.current.find((candidate) => candidate.key === event.key);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [off]);

  const toggle = () => {
    const next = !off;
    try {
      if (next) localStorage.setItem(OFF_KEY, '1');
      else localStorage.removeItem(OFF_KEY);
    } catch {
      // private browsing: the choice lasts for this page only
    }
    setOff(next);
  };

  return (
    <section class="shortcuts" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading" class="shortcuts__heading" tabIndex={-1} ref={headingRef}>
        <button type="button" class="link-button" aria-expanded={open} aria-controls="shortcuts-list" onClick={() => setOpen(!open)}>
          {t('triage.keys.heading')}
        </button>
      </h2>
      <div id="shortcuts-list" hidden={!open}>
        <p>{t(off ? 'triage.keys.areOff' : 'triage.keys.intro')}</p>
        <dl class="shortcuts__list" data-testid="shortcut-list">
          {shortcuts.map((shortcut) => (
            <div key={shortcut.key}>
              <dt>
                <kbd>{shortcut.key}</kbd>
              </dt>
              <dd>{t(shortcut.label)}</dd>
            </div>
          ))}
          <div>
            <dt>
              <kbd>?</kbd>
            </dt>
            <dd>{t('triage.keys.help')}</dd>
          </div>
        </dl>
        <button type="button" class="button button--secondary" onClick={toggle}>
          {t(off ? 'triage.keys.turnOn' : 'triage.keys.turnOff')}
        </button>
      </div>
    </section>
  );
}
