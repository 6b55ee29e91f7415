// "Ask my PA about this" on a local-offer item or a pledge promise. Signed out, it leads to
// signing in (the public pages stay public).
import type { About } from '../api/types';
import { t } from '../core/i18n';
import { useSignedIn } from '../core/session';

/** Read back by NewStatementView's aboutFrom. */
function askHref(slug: string, about: About): string {
  const query = new URLSearchParams({ about: about.kind, id: about.id, title: about.title.slice(0, 200) });
  return `/c/${encodeURIComponent(slug)}/views/new/ask?${query.toString()}`;
}

export function AskLink({ slug, about }: { slug: string; about: About }) {
  const person = useSignedIn();
  const mine = person?.kind === 'young_person' && person.council === slug;
  return (
    <p class="ask-link">
      <a href={mine ? askHref(slug, about) : `/c/${encodeURIComponent(slug)}/sign-in`} class="tap-link">
        {t(mine ? 'views.ask' : 'views.askSignIn')}
      </a>
    </p>
  );
}
