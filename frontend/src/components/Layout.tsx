// The frame of every page. A young person's page: skip link, a one-row top bar (Leave, the quick
// exit; Harbour, to the council's home; and the help button the app puts there), the quick
// exit's explanation the first time, the tab bar (components/TabBar.tsx),
// main, and a footer with the council's phone numbers (on every page but home, which shows
// them), a tappable 999 and the council's privacy page. Staff pages ("/staff/...") keep their own header: "Harbour" leads
// to staff home, with who is signed in and their links, and no tab bar, help button or 999.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CouncilOut } from '../api/types';
import { keepContent, paths, useResource } from '../core/api';
import { t } from '../core/i18n';
import { useInboxCount } from '../lib/inbox-count';
import { isStaffPath } from '../core/router';
import { firstName, useSignedIn } from '../core/session';
import { ContactList } from './ContactList';
import { QuickExit, QuickExitIntro } from './QuickExit';
import { StatusArea } from './StatusArea';
import { TabBar } from './TabBar';
import { UpdateBanner } from './UpdateBanner';

interface Props {
  path: string;
  /** The council whose pages these are, if any. */
  slug: string | undefined;
  /** The help button for the top bar of a council's young person's pages. Without one (no
   * council yet) the top bar's help leads to the footer's national numbers. */
  help?: ComponentChildren;
  children: ComponentChildren;
}

const EMERGENCY_ID = 'help-numbers-now';

export function Layout({ path, slug, help, children }: Props) {
  const staff = isStaffPath(path);
  const person = useSignedIn();
  const young = person?.kind === 'young_person' ? person : null;
  // A signed-in young person's tabs are their own council's, whichever page they are on.
  const council = young?.council ?? slug;
  const home = staff ? '/staff' : council ? `/c/${encodeURIComponent(council)}` : '/';
  // Not known yet means a session may exist (the CSRF cookie): the signed-in tabs from the
  // first paint, so nothing swaps when the phone learns who it is.
  const signedInTabs = person === undefined || young !== null;

  // Keep all of a council's pages' data once, so every page works offline even if the person
  // only opened one of them while online.
  useEffect(() => {
    if (slug) void keepContent(slug);
  }, [slug]);

  return (
    <>
      <a href="#main" class="skip-link">
        {t('app.skipLink')}
      </a>
      <header class="site-header">
        <div class="site-header__bar">
          <div class="width">
            {!staff && <QuickExit />}
            <a href={slug ? `/c/${encodeURIComponent(slug)}` : home} class="site-header__name">
              {t('app.name')}
            </a>
            {staff ? (
              <StaffAccount path={path} />
            ) : (
              (help ?? (
                <a href={`#${EMERGENCY_ID}`} class="button button--warning button--help" data-testid="help-now">
                  {t('views.help.button')}
                </a>
              ))
            )}
          </div>
        </div>
        <div class="width">
          {!staff && <QuickExitIntro />}
          <UpdateBanner />
          <StatusArea signInHref={slug ? `/c/${encodeURIComponent(slug)}/sign-in` : null} />
        </div>
      </header>
      {!staff && council && <TabBar path={path} home={home} signedIn={signedInTabs} />}
      <main id="main" class="width main" tabIndex={-1}>
        {children}
      </main>
      <footer class={staff || !council ? 'site-footer' : 'site-footer site-footer--tabs'}>
        <div class="width">
          {slug && path !== home && <CouncilContacts slug={slug} />}
          {!staff && (
            <p class="site-footer__emergency" id={EMERGENCY_ID}>
              {/* The number is the link, so "Call 999" stays the help page's button alone. */}
              {t('footer.emergency')} <a href="tel:999">999</a>.
            </p>
          )}
          {!staff && !slug && (
            <p>
              <a href="tel:08001111" class="tap-link">
                {t('views.help.childlineAction')}
              </a>
            </p>
          )}
          <p class="hint">
            {t('footer.about')}
            {!staff && slug && (
              <>
                {' '}
                <a href={`/c/${encodeURIComponent(slug)}/privacy`}>{t('footer.privacy')}</a>
              </>
            )}
          </p>
        </div>
      </footer>
    </>
  );
}

/** "Signed in as Noor · Inbox (2 new) · Staff home · Your profile · Sign out" on staff pages.
 * On a phone they fold behind a Menu button (GOV.UK's header pattern), so the bar stays one row
 * whether or not the page knows yet who is signed in: nothing below it moves when it learns. */
function StaffAccount({ path }: { path: string }) {
  const person = useSignedIn();
  const unseen = useInboxCount(person?.kind === 'staff', `${person?.id ?? ''} ${path}`);
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  if (person?.kind !== 'staff') return null;
  return (
    <div class="account">
      <button
        type="button"
        class="account__menu"
        aria-expanded={open}
        aria-controls="staff-account"
        onClick={() => setOpen(!open)}
      >
        {unseen > 0 ? t('account.menuNew', { count: unseen }) : t('account.menu')}
      </button>
      <div id="staff-account" class={open ? 'account__links account__links--open' : 'account__links'}>
        <p data-testid="signed-in-as">{t('account.signedInAs', { name: firstName(person.display_name) })}</p>
        <ul aria-label={t('account.label')}>
          <li>
            <a href="/staff/inbox" data-testid="inbox-link">
              {unseen > 0 ? t('account.inboxNew', { count: unseen }) : t('account.inbox')}
            </a>
          </li>
          <li>
            <a href="/staff">{t('account.staffHome')}</a>
          </li>
          <li>
            <a href="/staff/profile">{t('account.profile')}</a>
          </li>
          <li>
            <a href="/staff/sign-out">{t('account.signOut')}</a>
          </li>
        </ul>
      </div>
    </div>
  );
}

function CouncilContacts({ slug }: { slug: string }) {
  const [council] = useResource<CouncilOut>(paths.council(slug));
  if (council.status !== 'ready') return null;
  return (
    <section aria-labelledby="footer-help">
      <h2 id="footer-help" class="site-footer__heading">
        {t('footer.helpHeading')}
      </h2>
      <ContactList contacts={council.data.contacts} compact />
    </section>
  );
}
