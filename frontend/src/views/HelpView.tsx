// "/c/:slug/views/help[/:id]": what to do now, shown at once and offline (nothing here waits
// for the network), and whether the urgent message has been sent yet.
import { useEffect, useState } from 'preact/hooks';
import type { CouncilOut } from '../api/types';
import { telHref } from '../components/ContactList';
import { Page } from '../components/Page';
import { paths, useResource } from '../core/api';
import { useOutbox } from '../core/hooks';
import { t, type MessageKey } from '../core/i18n';
import { onPulled } from '../core/pull';
import { useSignedIn } from '../core/session';
import { getStatement, progressOf, type LocalStatement } from '../features/statements/statements';

/** Free, national, open all day and night. */
const NATIONAL: [label: MessageKey, href: string, shown: MessageKey][] = [
  ['views.help.emergency', 'tel:999', 'views.help.emergencyAction'],
  ['views.help.childline', 'tel:08001111', 'views.help.childlineAction'],
  ['views.help.samaritans', 'tel:116123', 'views.help.samaritansAction'],
  ['views.help.shout', 'sms:85258?body=SHOUT', 'views.help.shoutAction'],
];

export function HelpView({ slug, id }: { slug: string; id?: string }) {
  const [council] = useResource<CouncilOut>(paths.council(slug));
  const outOfHours = council.status === 'ready' ? council.data.views.out_of_hours : null;
  return (
    <Page title={t('views.help.title')}>
      {id ? <SentYet id={id} /> : <p class="inset">{t('views.help.notSignedIn')}</p>}
      <h2>{t('views.help.nowHeading')}</h2>
      <ul class="help-numbers" data-testid="help-numbers">
        {NATIONAL.map(([label, href, action]) => (
          <li key={href} class="help-number">
            <p class="help-number__label">{t(label)}</p>
            <a href={href} class="button button--secondary help-number__link">
              {t(action)}
            </a>
          </li>
        ))}
        {outOfHours && (
          <li class="help-number">
            <p class="help-number__label">{t('views.help.outOfHours', { label: outOfHours.label })}</p>
            <a href={telHref(outOfHours.phone)} class="button button--secondary help-number__link">
              {t('views.help.call', { phone: outOfHours.phone })}
            </a>
          </li>
        )}
      </ul>
      <p>
        <a href={`/c/${encodeURIComponent(slug)}/views`} class="tap-link">
          {t('views.backToList')}
        </a>
      </p>
    </Page>
  );
}

/** "Not sent yet" until the server has it; then "sent". Read again as the outbox changes. */
function SentYet({ id }: { id: string }) {
  const person = useSignedIn();
  const outbox = useOutbox();
  const [statement, setStatement] = useState<LocalStatement | null>(null);
  const [pulls, setPulls] = useState(0);
  useEffect(() => onPulled(() => setPulls((n) => n + 1)), []);
  useEffect(() => {
    if (!person) return;
    void getStatement(person.id, id).then((row) => setStatement(row ?? null), () => undefined);
  }, [person?.id, id, outbox, pulls]);
  if (!statement || !outbox) return null;
  const progress = progressOf(statement, outbox.find((item) => item.id === id));
  const sent = progress.state !== 'saved' && progress.state !== 'attention';
  return (
    <p class={sent ? 'inset' : 'inset inset--warning'} role="status" data-testid="help-sent">
      {t(sent ? 'views.help.sent' : 'views.help.notSent', { to: statement.recipient_label })}
    </p>
  );
}
