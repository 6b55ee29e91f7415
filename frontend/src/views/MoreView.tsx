// "/c/:slug/more": the signed-in young person's pages that the tab bar has no room for, the
// council's pages, and their account, their privacy and this phone. Signed out it lists what
// is left: signing in, joining, privacy and this phone.
import { Page } from '../components/Page';
import { t, type MessageKey } from '../core/i18n';
import { firstName, useSignedIn } from '../core/session';

type Links = readonly [suffix: string, label: MessageKey][];

const YOURS: Links = [
  ['/health', 'home.health.title'],
  ['/calendar', 'calendar.title'],
  ['/reminders', 'reminders.title'],
  ['/my-data', 'more.myData'],
  ['/seen', 'more.seen'],
];
const COUNCIL: Links = [
  ['/check', 'check.title'],
  ['/offer', 'offer.title'],
  ['/pledge', 'pledge.title'],
];
const SIGNED_IN: Links = [
  ['/devices', 'account.devices'],
  ['/privacy', 'privacy.title'],
  ['/lock', 'lock.title'],
  ['/this-phone', 'phone.title'],
  ['/sign-out', 'account.signOut'],
];
const SIGNED_OUT: Links = [
  ['/sign-in', 'account.signIn'],
  ['/join', 'home.joinLink'],
  ['/privacy', 'privacy.title'],
  ['/this-phone', 'phone.title'],
];

export function MoreView({ slug }: { slug: string }) {
  const person = useSignedIn();
  const home = `/c/${encodeURIComponent(slug)}`;
  if (person === undefined) return <Page title={t('app.loadingTitle')} busy />;
  const mine = person?.kind === 'young_person' && person.council === slug ? person : null;
  return (
    <Page title={t('more.title')}>
      {mine && (
        <p class="lead" data-testid="signed-in-as">
          {t('account.signedInAs', { name: firstName(mine.display_name) })}
        </p>
      )}
      {mine && <LinkList id="more-yours" heading={t('more.yours')} home={home} links={YOURS} />}
      <LinkList id="more-council" heading={t('more.council')} home={home} links={COUNCIL} />
      <LinkList id="more-account" heading={t('more.account')} home={home} links={mine ? SIGNED_IN : SIGNED_OUT} />
      <p>
        {t('home.notYourCouncil')}{' '}
        <a href="/?change" class="tap-link">
          {t('home.changeCouncil')}
        </a>
      </p>
    </Page>
  );
}

function LinkList({ id, heading, home, links }: { id: string; heading: string; home: string; links: Links }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ul class="choice-list">
        {links.map(([suffix, label]) => (
          <li key={suffix}>
            <a class="choice-list__link" href={home + suffix}>
              {t(label)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
