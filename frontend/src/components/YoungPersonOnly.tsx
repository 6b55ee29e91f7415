// "My views", "My plan" and "My health passport" are for the signed-in young person; anyone
// else is asked to sign in (`title` says what for).
import type { VNode } from 'preact';
import type { CouncilOut } from '../api/types';
import { paths } from '../core/api';
import { t } from '../core/i18n';
import { useSignedIn, type SignedInPerson } from '../core/session';
import { Loaded } from './Loaded';
import { Page } from './Page';

interface Props {
  slug: string;
  title?: string;
  /** Shown while the phone finds out who is signed in (a session may exist): the page's own
   * heading and what needs nobody's data, so it paints at once and nothing moves when the
   * rest arrives. Without one, a loading page. */
  frame?: VNode;
  children: (person: SignedInPerson) => VNode;
}

export function YoungPersonOnly({ slug, title, frame, children }: Props) {
  const person = useSignedIn();
  if (person === undefined) {
    return (
      frame ?? (
        <Page title={t('app.loadingTitle')} busy>
          <p>{t('app.loading')}</p>
        </Page>
      )
    );
  }
  if (!person || person.kind !== 'young_person' || person.council !== slug) {
    return (
      <Page title={title ?? t('views.signIn.title')}>
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

/** The same, for the pages that need the council too (its time zone says which day it is);
 * the frame shows until both are known. */
export function YoungPersonAndCouncil({ slug, title, frame, children }: Omit<Props, 'children'> & { children: (person: SignedInPerson, council: CouncilOut) => VNode }) {
  return (
    <YoungPersonOnly slug={slug} title={title} frame={frame}>
      {(person) => (
        <Loaded<CouncilOut> path={paths.council(slug)} loading={frame}>
          {(council) => children(person, council)}
        </Loaded>
      )}
    </YoungPersonOnly>
  );
}
