// Always-visible status in a polite live region: offline, answers waiting to send, and any
// answers the server would not take, with the reason.
import { formatSavedDate } from '../lib/format';
import { useOnline, useOutbox } from '../lib/hooks';
import { t } from '../lib/i18n';
import { attentionReason } from '../lib/outbox-text';

export function StatusArea() {
  const online = useOnline();
  const items = useOutbox() ?? [];
  const waiting = items.filter((item) => item.state === 'pending');
  const attention = items.filter((item) => item.state === 'needs_attention');

  return (
    <div class="status-area" role="status">
      {!online && (
        <p class="banner banner--offline" data-testid="offline-banner">
          {t('status.offline')}
        </p>
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
