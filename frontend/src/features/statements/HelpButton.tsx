// "I don't feel safe / I need help now": one tap. For a signed-in young person it sends an
// urgent statement at once (the one being written, or a new one), then shows what to do now.
import type { CouncilOut } from '../../api/types';
import { paths, useResource } from '../../core/api';
import { t } from '../../core/i18n';
import { navigate } from '../../core/router';
import { useSignedIn } from '../../core/session';
import { answersFit, newDraft, PA_RECIPIENT, sendDraft, type Draft } from './statements';

export function HelpButton({ slug, draft }: { slug: string; draft?: Draft | undefined }) {
  const person = useSignedIn();
  const [council] = useResource<CouncilOut>(paths.council(slug));
  const helpPath = `/c/${encodeURIComponent(slug)}/views/help`;

  const askForHelp = async () => {
    if (!person || person.kind !== 'young_person' || person.council !== slug) {
      navigate(helpPath);
      return;
    }
    // A draft the server would refuse (too long, a wrong date) must not hold up the call for
    // help: a new, empty urgent statement goes instead, and the draft stays.
    const start = draft && answersFit(draft.answers) ? draft : newDraft(person.id, slug, 'problem');
    const urgent = { ...start, urgent: true };
    const recipients = council.status === 'ready' ? council.data.views.recipients : [];
    const label = recipients.find((recipient) => recipient.key === urgent.recipient)?.label;
    try {
      const sent = await sendDraft(urgent, label ?? (urgent.recipient === PA_RECIPIENT ? t('views.yourPa') : urgent.recipient));
      navigate(`${helpPath}/${encodeURIComponent(sent.id)}`);
    } catch {
      navigate(helpPath); // no storage on this phone: the numbers still matter most
    }
  };

  return (
    <button type="button" class="button button--warning button--help" data-testid="help-now" onClick={() => void askForHelp()}>
      {t('views.help.button')}
    </button>
  );
}
