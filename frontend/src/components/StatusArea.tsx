// Always-visible status in a polite live region: offline, things waiting to send (pledge
// answers, statements), and any the server would not take, with the reason.
import { formatSavedDate } from '../lib/format';
import { useOnline, useOutbox, useSignInNeeded } from '../core/hooks';
import { t } from '../core/i18n';
import { isWaiting, sendableBy } from '../core/outbox';
import { attentionReason } from '../core/outbox-text';
import { useSignedIn } from '../core/session';

/** Only the signed-in person's items and anonymous ones are listed; on a shared phone, other
 * people's items are only counted, and only while nobody is signed in. */
export function StatusArea({ signInHref }: { signInHref: string | null }) {
  const online = useOnline();
  const person = useSignedIn();
  const signInNeeded = useSignInNeeded();
  const all = useOutbox() ?? [];
  const items = all.filter((item) => sendableBy(item, person?.id ?? null));
  const waiting = items.filter(isWaiting);
  const attention = items.filter((item) => item.state === 'needs_attention');
  const othersWaiting = person ? 0 : all.filter((item) => item.owner !== null && isWaiting(item)).length;
  const allWaiting = all.filter(isWaiting).length;

  return (
    <div class="status-area" role="status">
      {!online && (
        <p class="banner banner--offline" data-testid="offline-banner">
          {t('status.offline')}
        </p>
      )}
      {signInNeeded && allWaiting > 0 ? (
        <p class="banner banner--attention" data-testid="sign-in-again">
          {t('status.signInAgain', { count: allWaiting })}{' '}
          {signInHref && <a href={signInHref}>{t('status.signInLink')}</a>}
        </p>
      ) : (
        othersWaiting > 0 && (
          <p class="banner" data-testid="outbox-others">
            {t('status.signInToSend', { count: othersWaiting })}
          </p>
        )
      )}
      {waiting.length > 0 && (
        <p class="banner" data-testid="outbox-count">
          {t('status.waiting', { count: waiting.length })}
        </p>
      )}
      {attention.length > 0 && (
        <div class="banner banner--attention" data-testid="outbox-attention">
          <p>{t('status.attention', { count: attention.length })}</p>
          <ul>
            {attention.map((item) => (
              <li key={item.id}>
                {t('status.attentionItem', {
                  date: formatSavedDate(item.created_at),
                  reason: attentionReason(item),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
