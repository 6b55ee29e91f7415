// The in-app alert for urgent statements: while any staff page is open it asks the server
// every 30 seconds and whenever the tab comes back into view (on a screen, its answer brings
// them first: staff/screen.ts), and shows each unacknowledged urgent statement as a link until
// someone acknowledges it. Text and an icon, never colour alone; an assertive live region
// (there from the start, empty until needed) so a screen reader hears a new one at once
// without another role="alert" on every staff page.
import { useEffect, useState } from 'preact/hooks';
import { send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { t } from './i18n';
import type { AlertList } from '../api/types';
import { currentAlerts, giveAlerts, onAlerts } from './screen';
import { statementPaths, updateText } from './statements';

const EVERY_MS = 30_000;
const listeners = new Set<() => void>();

/** Asks again at once, e.g. after acknowledging one. */
export function refreshAlerts(): void {
  for (const listener of listeners) listener();
}

export function UrgentIcon() {
  return (
    <svg class="urgent-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M12 2 1 21h22L12 2Zm0 5 7.5 12h-15L12 7Zm-1 4v4h2v-4h-2Zm0 5v2h2v-2h-2Z" fill="currentColor" />
    </svg>
  );
}

/** `who`: the staff member signed in. `withScreen`: the page is a screen, whose answer
 * brings the alerts, so they are not asked for when it opens. */
export function UrgentAlerts({ who, withScreen }: { who: string; withScreen: boolean }) {
  const [items, setItems] = useState(() => currentAlerts(who));

  useEffect(() => {
    const check = () => {
      if (document.visibilityState === 'hidden') return;
      send<AlertList>('GET', statementPaths.alerts).then(
        (list) => giveAlerts(who, list.items),
        () => undefined, // offline or signed out: keep what was shown; the next check tries again
      );
    };
    const show = () => setItems(currentAlerts(who));
    const stop = onAlerts(show);
    show(); // any that came between the first draw and now
    if (!withScreen) check();
    const timer = window.setInterval(check, EVERY_MS);
    listeners.add(check);
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      stop();
      window.clearInterval(timer);
      listeners.delete(check);
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, []);

  return (
    <div aria-live="assertive" data-testid="urgent-alerts">
      {items.length > 0 && (
        <section class="urgent-alert" aria-labelledby="urgent-alert-heading">
          <h2 id="urgent-alert-heading" class="urgent-alert__heading">
            <UrgentIcon />
            {t('triage.alert.heading', { count: items.length })}
          </h2>
          <ul class="urgent-alert__list">
            {items.map((item) => (
              <li key={item.id}>
                <a href={`/staff/views/${encodeURIComponent(item.id)}`}>
                  {t('triage.alert.item', {
                    name: item.young_person.preferred_name,
                    reason: t(`triage.urgent.${item.urgent_reason ?? 'asked_for_help'}`),
                    when: formatDateTime(item.received_at),
                  })}
                </a>
                {item.young_person_update && <strong class="urgent-alert__update">{` ${updateText(item)}`}</strong>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
