// Why an outbox item needs attention, in words.
import { t } from './i18n';
import type { OutboxItem } from './outbox';

/** The server's own words when it gave any, otherwise ours for the kind of problem. */
export function attentionReason(item: OutboxItem): string {
  const messages = item.errors.map((error) => error.message).filter(Boolean);
  if (messages.length > 0) return messages.join(' ');
  return t(item.problem === 'conflict' ? 'status.reason.conflict' : 'status.reason.rejected');
}
