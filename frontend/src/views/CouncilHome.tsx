// "/c/:slug": the three ways in (and the signed-in young person's own pages), and who to
// call. Opening it remembers the council.
import { useEffect } from 'preact/hooks';
import type { CouncilOut } from '../api/types';
import { ContactList } from '../components/ContactList';
import { Loaded } from '../components/Loaded';
import { PaCard, paOf } from '../components/PaCard';
import { Page } from '../components/Page';
import { paths } from '../core/api';
import { setMeta } from '../core/db';
import { t } from '../core/i18n';
import { firstName, useSignedIn, type SignedInPerson } from '../core/session';

export function CouncilHome({ slug }: { slug: string }) {
  // A signed-in young person's own cards come first, so wait to know who it is.
  const person = useSignedIn();
  return (
    <Loaded<CouncilOut> path={paths.council(slug)} settled={person !== undefined}>
      {(council) => <Home council={council} person={person ?? null} />}
    </Loaded>
  );
}

const WAYS_IN: [suffix: string, key: 'home.check' | 'home.offer' | 'home.pledge'][] = [
  ['/check', 'home.check'],
  ['/offer', 'home.offer'],
  ['/pledge', 'home.pledge'],
];

/** The signed-in young person's own pages. */
const MINE: [suffix: string, key: 'home.views' | 'home.plan' | 'home.health' | 'home.reminders'][] = [
  ['/views', 'home.views'],
  ['/plan', 'home.plan'],
  ['/health', 'home.health'],
  ['/reminders', 'home.reminders'],
];

function Home({ council, person }: { council: CouncilOut; person: SignedInPerson | null }) {
  const home = `/c/${encodeURIComponent(council.slug)}`;
  const mine = person?.kind === 'young_person' && person.council === council.slug ? person : null;
  const pa = paOf(mine);

  useEffect(() => {
    setMeta('council', council.slug).catch(() => undefined);
  }, [council.slug]);

  return (
    <Page title={council.name}>
      {/* Who is signed in, on a phone more than one person may use. */}
      {mine && (
        <p class="hint" data-testid="signed-in-as">
          {t('account.signedInAs', { name: firstName(mine.display_name) })}
        </p>
      )}
      <p class="lead">{t('home.intro')}</p>
      {pa && <PaCard pa={pa} />}
      <ul class="cards">
        {[...(mine ? MINE : []), ...WAYS_IN].map(([suffix, key]) => (
          <li key={key} class="card card--link">
            <h2 class="card__title">
              <a href={home + suffix}>{t(`${key}.title`)}</a>
            </h2>
            <p class="card__summary">{t(`${key}.text`)}</p>
          </li>
        ))}
      </ul>
      {person === null && (
        <p class="inset">
          {t('home.joinText')}{' '}
          <a href={`${home}/join`} class="tap-link">
            {t('home.joinLink')}
          </a>
        </p>
      )}
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t('home.contactsHeading')}</h2>
        <ContactList contacts={council.contacts} />
      </section>
      <p>
        {t('home.notYourCouncil')} <a href="/?change" class="tap-link">{t('home.changeCouncil')}</a>
      </p>
    </Page>
  );
}
