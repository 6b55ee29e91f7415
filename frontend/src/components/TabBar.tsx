// The young person's tab bar: five tabs at the bottom of a phone's screen (at the top on a wide
// one), like the apps they already use. Signed in: Home, My views, My plan, Inbox (with the
// count not seen yet) and More. Signed out: the council's public pages and Sign in; More then
// only holds joining and this phone, which Home and Sign in also lead to.
import { t, type MessageKey } from '../core/i18n';
import { usePulledInboxCount } from '../lib/inbox-count';

/** A 24-unit line drawing, stroked in the text's colour. Short on purpose: they are in the
 * main bundle. */
const ICONS = {
  home: 'M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10',
  views: 'M4 4h16v12H9l-5 4z',
  plan: 'M9 6h11M9 12h11M9 18h11M4 6h1M4 12h1M4 18h1',
  inbox: 'M3 13l3-8h12l3 8v6H3zM3 13h5l1 3h6l1-3h5',
  more: 'M4 6h16M4 12h16M4 18h16',
  check: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM8 12l3 3 5-6',
  offer: 'M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7c-2-4-6-4-6-1s6 1 6 1c0 0 6 2 6-1s-4-3-6 1',
  pledge: 'M12 20s-8-5-8-11a4 4 0 0 1 8-1a4 4 0 0 1 8 1c0 6-8 11-8 11z',
  signIn: 'M12 12a4 4 0 1 0 0-8a4 4 0 1 0 0 8zM4 21a8 8 0 0 1 16 0',
} as const;

interface Tab {
  icon: keyof typeof ICONS;
  label: MessageKey;
  /** The page it opens, after the council's home ('' is home itself). */
  suffix: string;
  /** Other pages it stands for, so it is marked current on them too. */
  also?: readonly string[];
  /** Pages below it that are not its own (the help screen is reached from every page). */
  except?: readonly string[];
}

const SIGNED_IN: readonly Tab[] = [
  { icon: 'home', label: 'nav.home', suffix: '' },
  { icon: 'views', label: 'nav.views', suffix: '/views', except: ['/views/help'] },
  { icon: 'plan', label: 'nav.plan', suffix: '/plan' },
  { icon: 'inbox', label: 'nav.inbox', suffix: '/inbox' },
  // Everything the More page lists.
  {
    icon: 'more',
    label: 'nav.more',
    suffix: '/more',
    also: ['/check', '/offer', '/pledge', '/health', '/calendar', '/reminders', '/privacy', '/my-data', '/seen', '/devices', '/lock', '/this-phone', '/sign-out'],
  },
];

const SIGNED_OUT: readonly Tab[] = [
  { icon: 'home', label: 'nav.home', suffix: '' },
  { icon: 'check', label: 'nav.check', suffix: '/check' },
  { icon: 'offer', label: 'nav.offer', suffix: '/offer' },
  { icon: 'pledge', label: 'nav.pledge', suffix: '/pledge' },
  { icon: 'signIn', label: 'nav.signIn', suffix: '/sign-in', also: ['/join', '/more'] },
];

/** Whether `path` is one of `tab`'s pages (or below one, like an offer item). Home is only
 * itself. */
function isCurrent(tab: Tab, home: string, path: string): boolean {
  if (tab.suffix === '') return path === home;
  const under = (suffix: string) => path === home + suffix || path.startsWith(`${home + suffix}/`);
  return [tab.suffix, ...(tab.also ?? [])].some(under) && !(tab.except ?? []).some(under);
}

interface Props {
  path: string;
  /** The council's home ("/c/riverford"). */
  home: string;
  /** A young person is signed in (or may be, while the phone finds out). */
  signedIn: boolean;
}

export function TabBar({ path, home, signedIn }: Props) {
  const unseen = usePulledInboxCount(signedIn);
  return (
    <nav aria-label={t('nav.label')} class="tab-bar">
      <ul class="tab-bar__list">
        {(signedIn ? SIGNED_IN : SIGNED_OUT).map((tab) => {
          const count = tab.icon === 'inbox' ? unseen : 0;
          return (
            <li key={tab.suffix}>
              <a
                href={home + tab.suffix}
                class="tab"
                aria-current={isCurrent(tab, home, path) ? 'page' : undefined}
                // "Inbox, 2 new": the label said whole (its parts are separate boxes).
                aria-label={count > 0 ? t(tab.label) + t('nav.new', { count }) : undefined}
                data-testid={tab.icon === 'inbox' ? 'inbox-link' : undefined}
              >
                <svg class="tab__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path d={ICONS[tab.icon]} />
                </svg>
                <span class="tab__label">{t(tab.label)}</span>
                {count > 0 && (
                  <span class="tab__badge" aria-hidden="true">
                    {count > 99 ? '99+' : count}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
