// The frame of every page: skip link, header with the main links and the status area, main,
// and a footer with the council's phone numbers (on every page but home, which shows them).
// Staff pages ("/staff/...") have the same frame, but "Harbour" leads to staff home and the
// footer has none of the young person's help (the 999 line is for them).
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { CouncilOut } from '../api/types';
import { paths, prefetch, useResource } from '../core/api';
import { t, type MessageKey } from '../core/i18n';
import { useInboxCount } from '../lib/inbox-count';
import { isStaffPath } from '../core/router';
import { firstName, useSignedIn } from '../core/session';
import { ContactList } from './ContactList';
import { StatusArea } from './StatusArea';
import { UpdateBanner } from './UpdateBanner';

interface Props {
  path: string;
  /** The council whose pages these are, if any. */
  slug: string | undefined;
  children: ComponentChildren;
}

const NAV_LINKS: [suffix: string, label: MessageKey][] = [
  ['', 'nav.home'],
  ['/check', 'nav.check'],
  ['/offer', 'nav.offer'],
  ['/pledge', 'nav.pledge'],
];

export function Layout({ path, slug, children }: Props) {
  const staff = isStaffPath(path);
  const home = staff ? '/staff' : slug ? `/c/${encodeURIComponent(slug)}` : '/';

  // Fetch all of a council's pages' data once, so every page works offline even if the person
  // only opened one of them while online.
  useEffect(() => {
    if (slug) prefetch(paths.council(slug), paths.offer(slug), paths.pledge(slug));
  }, [slug]);

  return (
    <>
      <a href="#main" class="skip-link">
        {t('app.skipLink')}
      </a>
      <header class="site-header">
        <div class="site-header__bar">
          <div class="width">
            <a href={home} class="site-header__name">
              {t('app.name')}
            </a>
            {slug && (
              <nav aria-label={t('nav.label')} class="site-nav">
                <ul>
                  {NAV_LINKS.map(([suffix, label]) => {
                    const href = home + suffix;
                    const current = path === href || (suffix === '/offer' && path.startsWith(`${href}/`));
                    return (
                      <li key={suffix}>
                        <a href={href} aria-current={current ? 'page' : undefined}>
                          {t(label)}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            )}
            <AccountLinks slug={slug} path={path} />
          </div>
        </div>
        <div class="width">
          <UpdateBanner />
          <StatusArea signInHref={slug ? `/c/${encodeURIComponent(slug)}/sign-in` : null} />
        </div>
      </header>
      <main id="main" class="width main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <div class="width">
          {slug && path !== home && <CouncilContacts slug={slug} />}
          {!staff && <p class="site-footer__emergency">{t('footer.emergency')}</p>}
          <p class="hint">{t('footer.about')}</p>
        </div>
      </footer>
    </>
  );
}

/** "Signed in as Jay · Inbox (2 new) · Your devices · Sign out", or "Sign in" on a council's
 * pages. */
function AccountLinks({ slug, path }: { slug: string | undefined; path: string }) {
  const person = useSignedIn();
  const unseen = useInboxCount(Boolean(person), `${person?.id ?? ''} ${path}`);
  if (person === undefined) return null;
  const council = slug ?? person?.council;
  if (!person) {
    return council && !isStaffPath(path) ? (
      <p class="account">
        <a href={`/c/${encodeURIComponent(council)}/sign-in`}>{t('account.signIn')}</a>
      </p>
    ) : null;
  }
  const base = person.kind === 'staff' ? '/staff' : `/c/${encodeURIComponent(person.council)}`;
  return (
    <div class="account">
      <p data-testid="signed-in-as">{t('account.signedInAs', { name: firstName(person.display_name) })}</p>
      <ul aria-label={t('account.label')}>
        <li>
          <a href={`${base}/inbox`} data-testid="inbox-link">
            {unseen > 0 ? t('account.inboxNew', { count: unseen }) : t('account.inbox')}
          </a>
        </li>
        <li>
          <a href={person.kind === 'staff' ? '/staff' : `${base}/devices`}>
            {t(person.kind === 'staff' ? 'account.staffHome' : 'account.devices')}
          </a>
        </li>
        <li>
          <a href={`${base}/sign-out`}>{t('account.signOut')}</a>
        </li>
      </ul>
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
