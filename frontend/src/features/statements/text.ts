// Statements in words: where each has got to, and what each answer was.
import { formatAndList } from '../../lib/format';
import { t, type MessageKey } from '../../core/i18n';
import type { OutboxItem } from '../../core/outbox';
import { attentionReason } from '../../core/outbox-text';
import { FEELING_EMOJI } from './flows';
import type { StatementType } from '../../lib/statement-types';
import { PA_RECIPIENT, type LocalStatement, type Progress } from './statements';

export function typeTitle(type: StatementType): string {
  return t(`views.type.${type}.title`);
}

/** "Saved on this phone", "Sent", "Received", "Read by Priya", "Replied", or the reason
 * the server would not take it. */
export function progressText(progress: Progress, item?: OutboxItem): string {
  switch (progress.state) {
    case 'attention':
      return t('views.state.attention', { reason: item ? attentionReason(item) : '' });
    case 'read':
      return t('views.state.read', { name: progress.by });
    default:
      return t(`views.state.${progress.state}`);
  }
}

/** "Sent to Alex" once it has gone to their PA ("Sent to: Leaving care team" for a team, or
 * when the phone does not know it went to the PA); before that "Waiting to send to Alex",
 * with the PA's first name from the sign-in answer, or "your PA" when the phone has none (no
 * PA allocated, or remembered from before the phone was told); "Not sent to Alex" when the
 * server refused it (it will not go until it is put right). */
export function recipientText(statement: LocalStatement, progress: Progress, paName?: string | null): string {
  if (progress.state !== 'saved' && progress.state !== 'attention') {
    const sentToPa = (statement.body?.recipient ?? statement.recipient) === PA_RECIPIENT;
    return sentToPa && paName ? t('views.sentToName', { who: paName }) : t('views.sentTo', { who: statement.recipient_label });
  }
  const toPa = (statement.body?.recipient ?? PA_RECIPIENT) === PA_RECIPIENT;
  const who = toPa ? paName || t('views.yourPaLower') : statement.recipient_label;
  return t(progress.state === 'saved' ? 'views.waitingToSend' : 'views.notSentTo', { who });
}

/** A recipient as the young person reads it: their PA by first name where the phone knows it
 * ("Priya, your personal adviser"), anyone else by the council's label. */
export function recipientName(recipient: { key: string; label: string }, paName?: string | null): string {
  return recipient.key === PA_RECIPIENT && paName ? t('views.paByName', { name: paName }) : recipient.label;
}

export function questionLabel(type: StatementType, name: string): string {
  return t(`views.q.${type}.${name}` as MessageKey);
}

export function optionLabel(name: string, value: string): string {
  return t(`views.opt.${name}.${value}` as MessageKey);
}

export function feelingLabel(value: number): string {
  return `${FEELING_EMOJI[value] ?? ''} ${t(`views.opt.feeling.${value}` as MessageKey)}`.trim();
}

/** One answer as the young person would read it back. */
export function answerText(name: string, value: string | number | string[]): string {
  if (name === 'feeling' && typeof value === 'number') return feelingLabel(value);
  if (Array.isArray(value)) return formatAndList(value.map((option) => optionLabel(name, option)));
  if (name === 'meeting_kind' || name === 'chair_or_speak') return optionLabel(name, String(value));
  return String(value);
}
