// "Who has seen my information" in plain words, for the page and for "Download my data".
import './my-data-words';
import type { SeenEntry } from '../api/types';
import { t, type MessageKey } from '../core/i18n';
import { formatDateTime } from './format';

/** "Alex (your personal adviser) opened your “How I'm feeling” on 3 December 2026 at 17:20",
 * or "Your personal adviser opened ..." where the council names staff by role only. */
export function seenSentence(entry: SeenEntry): string {
  const { name, role } = entry.by;
  const who = name
    ? t('seen.who.named', { name, role: t(`seen.role.${role}` as MessageKey) })
    : t(`seen.roleOnly.${role}` as MessageKey);
  const what = t(`seen.what.${entry.what}` as MessageKey, {
    type: entry.statement_type ? t(`views.type.${entry.statement_type}.title` as MessageKey) : '',
    title: entry.task_title ?? t('seen.what.aTask'),
  });
  return t('seen.line', { who, what, date: formatDateTime(entry.at) });
}
