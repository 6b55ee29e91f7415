// "I don't feel safe / I need help now": one tap. For a signed-in young person it sends an
// "I need help now" statement at once (its own type: urgent, no questions), then shows what to
// do now. A statement being written stays a draft, untouched, to finish later.
import { useState } from 'preact/hooks';
import { t } from '../../core/i18n';
import { navigate, useLocation } from '../../core/router';
import { useSignedIn } from '../../core/session';
import { newDraft, sendDraft } from './statements';

/** A statement being written is kept as it is, never sent with the call for help (the two
 * must not be mixed up in the PA's queue). One call per tap: a second tap while it is being
 * saved, or on the screen already following a call, makes no second one. */
export function HelpButton({ slug }: { slug: string }) {
  const person = useSignedIn();
  const { path } = useLocation();
  const [sending, setSending] = useState(false);
  const helpPath = `/c/${encodeURIComponent(slug)}/views/help`;

  const askForHelp = async () => {
    if (!person || person.kind !== 'young_person' || person.council !== slug) {
      navigate(helpPath);
      return;
    }
    if (path.startsWith(`${helpPath}/`)) {
      window.scrollTo(0, 0); // this screen already follows their call, and shows the numbers
      return;
    }
    if (sending) return;
    setSending(true);
    const help = { ...newDraft(person.id, slug, 'help_now'), urgent: true };
    try {
      // Labelled with the PA's first name, so "Waiting to send to Alex" and "Sent to Alex".
      const sent = await sendDraft(help, person.pa_first_name || t('views.yourPa'));
      navigate(`${helpPath}/${encodeURIComponent(sent.id)}`);
    } catch {
      navigate(helpPath); // no storage on this phone: the numbers still matter most
    } finally {
      setSending(false);
    }
  };

  return (
    <button type="button" class="button button--warning button--help" data-testid="help-now" onClick={() => void askForHelp()}>
      {t('views.help.button')}
    </button>
  );
}
