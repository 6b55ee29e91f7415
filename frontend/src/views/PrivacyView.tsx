// "/c/:slug/privacy": the young person's privacy page, written for a 14-year-old (issue 14,
// trust.md CC-04 and CC-24): what Harbour keeps, who can see it, what stays on the phone, how
// long it is kept, their rights and who to ask. Signed in or not: anyone may read it first.
// Who sees what follows backend/harbour/access; what stays on the phone, decision 006; how
// long a session lasts, decision 002. Harbour sets no period for the council's records: the
// council decides (trust.md T3, DP-08), so the page says so rather than promise one.
import { Page } from '../components/Page';
import { addMessages, t, type MessageKey } from '../core/i18n';
import messages from '../messages/privacy.en.json';

addMessages(messages); // the page's words come with its chunk, not the first load

/** A section: its heading and its points, each one a short sentence. */
function Section({ id, heading, points }: { id: string; heading: MessageKey; points: readonly MessageKey[] }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t(heading)}</h2>
      <ul class="list list--bullet">
        {points.map((point) => (
          <li key={point}>{t(point)}</li>
        ))}
      </ul>
    </section>
  );
}

/** A point with its link after it ("You can see ...: Download my data"). */
function Linked({ text, href, link }: { text: MessageKey; href: string; link: MessageKey }) {
  return (
    <li>
      {t(text)}{' '}
      <a href={href} class="tap-link">
        {t(link)}
      </a>
    </li>
  );
}

export function PrivacyView({ slug }: { slug: string }) {
  const home = `/c/${encodeURIComponent(slug)}`;
  return (
    <Page title={t('privacy.title')}>
      <p class="lead">{t('privacy.intro')}</p>
      <Section
        id="privacy-keeps"
        heading="privacy.keeps.heading"
        points={['privacy.keeps.record', 'privacy.keeps.account', 'privacy.keeps.views', 'privacy.keeps.plan', 'privacy.keeps.passport', 'privacy.keeps.phones', 'privacy.keeps.pledge']}
      />
      <Section
        id="privacy-sees"
        heading="privacy.sees.heading"
        points={['privacy.sees.you', 'privacy.sees.staff', 'privacy.sees.team', 'privacy.sees.passport', 'privacy.sees.nobodyElse', 'privacy.sees.audit']}
      />
      <section aria-labelledby="privacy-phone">
        <h2 id="privacy-phone">{t('privacy.phone.heading')}</h2>
        <ul class="list list--bullet">
          <li>{t('privacy.phone.drafts')}</li>
          <li>{t('privacy.phone.signedIn')}</li>
          <li>{t('privacy.phone.quickExit')}</li>
        </ul>
        <p>
          <a href={`${home}/this-phone`} class="tap-link">
            {t('privacy.phone.deleteLink')}
          </a>
        </p>
      </section>
      <Section id="privacy-long" heading="privacy.long.heading" points={['privacy.long.records', 'privacy.long.signedIn', 'privacy.long.code']} />
      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t('privacy.rights.heading')}</h2>
        <ul class="list list--bullet">
          <Linked text="privacy.rights.see" href={`${home}/my-data`} link="privacy.rights.seeLink" />
          <Linked text="privacy.rights.seen" href={`${home}/seen`} link="privacy.rights.seenLink" />
          <Linked text="privacy.rights.correct" href={`${home}/views/new/problem`} link="privacy.rights.correctLink" />
          <li>{t('privacy.rights.delete')}</li>
          <li>
            {t('privacy.rights.complain')}
            <ul class="list">
              <li>
                <a href="tel:03031231113" class="tap-link">
                  {t('privacy.rights.icoCall')}
                </a>
              </li>
              <li>
                <a href="https://ico.org.uk/make-a-complaint/" class="tap-link">
                  {t('privacy.rights.icoWeb')}
                </a>
              </li>
            </ul>
          </li>
        </ul>
      </section>
      <Section id="privacy-ask" heading="privacy.ask.heading" points={['privacy.ask.pa', 'privacy.ask.dpo', 'privacy.ask.trusted']} />
    </Page>
  );
}
