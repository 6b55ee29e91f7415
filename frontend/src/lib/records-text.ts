// Plan and passport changes in words: who did what, and values as the young person reads them.
import { formatDate, formatDateTime } from './format';
import { t, type MessageKey } from '../core/i18n';
import type { ChangeOut, EditorRef, FieldEditOut, TaskOwner, TaskStatus } from '../api/types';

/** "You" for the young person, the staff member's first name, or "Your PA". */
export function whoText(by: EditorRef): string {
  if (by.kind === 'young_person') return t('records.you');
  return by.name ?? t('records.yourPa');
}

export function statusText(status: TaskStatus): string {
  return t(`taskStatus.${status}`);
}

export function domainText(domain: string): string {
  return t(`domain.${domain}` as MessageKey);
}

export function ownerText(owner: TaskOwner, name: string | null): string {
  return name && owner !== 'young_person' ? name : t(`taskOwner.${owner}`);
}

/** A change that reached the server a minute or more after it was made (it waited offline):
 * its history then shows both times. */
export function arrivedLater(entry: Pick<FieldEditOut, 'at' | 'acted_at'>): boolean {
  return Date.parse(entry.at) - Date.parse(entry.acted_at) >= 60_000;
}

/** "943 476 5919": an NHS number as it is printed on letters. */
export function formatNhsNumber(value: string): string {
  return value.length === 10 ? `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` : value;
}

const DATE_VALUE = /^\d{4}-\d{2}-\d{2}$/;

/** One value of a field, as the page shows it. */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('records.nothing');
  if (typeof value === 'boolean') return t(value ? 'records.yes' : 'records.no');
  const text = String(value);
  if (field === 'status') return statusText(text as TaskStatus);
  if (field === 'domain') return domainText(text);
  if (field === 'owner') return t(`taskOwner.${text}` as MessageKey);
  if (field === 'nhs_number') return formatNhsNumber(text);
  return DATE_VALUE.test(text) ? formatDate(text) : text;
}

function fieldName(record: FieldEditOut['record'], field: string): string {
  return t(`${record === 'passport' ? 'passport.field' : 'records.field'}.${field}` as MessageKey);
}

/** "Priya changed when it's due from 1 December 2026 to 8 December 2026." */
export function changeText(entry: FieldEditOut, change: ChangeOut): string {
  const who = whoText(entry.by);
  if (change.field === 'note') return t('records.history.note', { who });
  const params = {
    who,
    field: fieldName(entry.record, change.field),
    before: valueText(change.field, change.before),
    after: valueText(change.field, change.after),
  };
  if (change.after === null || change.after === '') return t('records.history.cleared', params);
  if (change.before === null || change.before === '') return t('records.history.set', params);
  return t('records.history.changed', params);
}

/** "It replaced “To do” before Priya had seen it." for a change made without seeing the last. */
export function unseenText(entry: FieldEditOut, change: ChangeOut): string | null {
  if (!change.replaced_unseen || change.field === 'note') return null;
  return t('records.history.unseen', {
    before: valueText(change.field, change.before),
    who: entry.by.kind === 'young_person' ? t('records.youLower') : whoText(entry.by),
  });
}

/** "24 November 2026 at 10:00, on Chrome on Android": when it was done on the phone, and
 * when it was sent too if it waited for a signal. */
export function whenText(entry: FieldEditOut): string {
  const done = formatDateTime(entry.acted_at);
  const when = arrivedLater(entry) ? t('records.history.sentLater', { when: done, sent: formatDateTime(entry.at) }) : done;
  return entry.device ? t('records.history.whenOn', { when, device: entry.device }) : when;
}
