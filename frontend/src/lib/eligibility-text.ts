// Eligibility rules in plain words: "From 18", "If you're in education or training".
import type { Eligibility } from '../api/types';
import type { Rule } from './eligibility';
import type { StatusAnswer } from './eligibility-status';
import { formatOrList } from './format';
import { t } from '../core/i18n';
import type { LegalStatus } from './types';

const LEFT_CARE: readonly LegalStatus[] = ['relevant', 'former_relevant', 'qualifying'];
const IN_CARE: readonly LegalStatus[] = ['looked_after', 'eligible'];

export function statusLabel(status: StatusAnswer): string {
  return t(`legalStatus.${status}.label`);
}

/** Who a status rule is for, grouped into "left care" or "in care" where it can be. */
export function describeStatuses(statuses: readonly LegalStatus[]): string {
  if (statuses.every((status) => LEFT_CARE.includes(status))) return t('who.status.leftCare');
  if (statuses.every((status) => IN_CARE.includes(status))) return t('who.status.inCare');
  return t('who.status.list', { statuses: formatOrList(statuses.map(statusLabel)) });
}

/** Why an item is not for someone yet: one short line per unmet rule. */
export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'min_age':
      return t('reason.minAge', { age: rule.age });
    case 'max_age':
      return t('reason.maxAge', { age: rule.age });
    case 'status':
      return describeStatuses(rule.statuses);
    case 'condition':
      return t(`reason.condition.${rule.condition}`);
  }
}

/** Who can get an item, as a list of lines for its page (empty: everyone). Ages are joined
 * into one line ("Aged 16 to 25") because that reads better than two. */
export function describeWhoCanGet(eligibility: Eligibility = {}): string[] {
  // Defaults as the schema's (decision 017: the server always sends them).
  const { statuses = [], min_age: min = null, max_age: max = null, conditions = [] } = eligibility;
  const lines: string[] = [];
  if (statuses.length > 0) lines.push(describeStatuses(statuses));
  if (min !== null && max !== null) lines.push(t('who.age.between', { min, max }));
  else if (min !== null) lines.push(t('who.age.from', { min }));
  else if (max !== null) lines.push(t('who.age.upTo', { max }));
  for (const condition of conditions) lines.push(t(`reason.condition.${condition}`));
  return lines;
}
