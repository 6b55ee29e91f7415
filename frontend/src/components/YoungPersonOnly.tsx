// "My views" pages are for the signed-in young person; anyone else is asked to sign in.
import type { VNode } from 'preact';
import { t } from '../lib/i18n';
import { useSignedIn, type SignedInPerson } from '../lib/session';
import { Page } from './Page';

export function YoungPersonOnly({ slug, children }: { slug: string; children: (person: SignedInPerson) => VNode }) {
  const person = useSignedIn();
  if (person === undefined) {
    return (
      <Page title={t('app.loadingTitle')} busy>
        <p>{t('app.loading')}</p>
      </Page>
    );
  }
  if (!person || person.kind !== 'young_person' || person.council !== slug) {
    return (
      <Page title={t('views.signIn.title')}>
        <p>{t('views.signIn.text')}</p>
        <p>
          <a href={`/c/${encodeURIComponent(slug)}/sign-in`} class="button">
            {t('views.signIn.link')}
          </a>
        </p>
      </Page>
    );
  }
  return children(person);
}
