// "Ask my PA about this" on a local-offer item or a pledge promise. Signed out, it leads to
// signing in (the public pages stay public).
import type { About } from '../api/types';
import { t } from '../core/i18n';
import { useSignedIn } from '../core/session';

/** Read back by NewStatementView's aboutFrom. */
export function askHref(slug: string, about: About): string {
  const query = new URLSearchParams({ about: about.kind, id: about.id, title: about.title.slice(0, 200) });
  return `/c/${encodeURIComponent(slug)}/views/new/ask?${query.toString()}`;
}

/** History state that starts the question from "I answered No". A pledge answer is anonymous,
 * so the No never goes in the address, where a server's access log would tie it to a person. */
export const SAID_NO = { saidNo: true } as const;

export function signInHref(slug: string): string {
  return `/c/${encodeURIComponent(slug)}/sign-in`;
}

/** Whether this phone's person can ask their PA here: a young person of this council. */
export function useCanAsk(slug: string): boolean {
  const person = useSignedIn();
  return person?.kind === 'young_person' && person.council === slug;
}

export function AskLink({ slug, about }: { slug: string; about: About }) {
  const mine = useCanAsk(slug);
  return (
    <p class="ask-link">
      <a href={mine ? askHref(slug, about) : signInHref(slug)} class="tap-link">
        {t(mine ? 'views.ask' : 'views.askSignIn')}
      </a>
    </p>
  );
}
