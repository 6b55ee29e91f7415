// Who can get an offer item: the rules, worked out on the phone so they work offline.
// Pure functions only (no storage, no words), so every rule is covered by unit tests.
import type { Eligibility } from '../api/types';
import { canStillHave, type StatusAnswer } from './eligibility-status';
import type { Condition, LegalStatus } from './types';

export interface Profile {
  age: number;
  status: StatusAnswer;
  conditions: readonly Condition[];
}

/** One rule of an item, phrased as what the young person would need. */
export type Rule =
  | { kind: 'min_age'; age: number }
  | { kind: 'max_age'; age: number }
  | { kind: 'status'; statuses: readonly LegalStatus[] }
  | { kind: 'condition'; condition: Condition };

export interface Verdict {
  eligible: boolean;
  /** The rules this person does not meet (empty when eligible). */
  unmet: Rule[];
  /** Status rules we could not check because the person chose "Not sure". */
  unchecked: Rule[];
}

/** Every rule of an item, in the order we explain them: status, age, then conditions. The
 * schema leaves out what has a default (decision 017); the server always sends it. */
export function rulesOf({ statuses = [], min_age = null, max_age = null, conditions = [] }: Eligibility = {}): Rule[] {
  const rules: Rule[] = [];
  if (statuses.length > 0) rules.push({ kind: 'status', statuses });
  if (min_age !== null) rules.push({ kind: 'min_age', age: min_age });
  if (max_age !== null) rules.push({ kind: 'max_age', age: max_age });
  for (const condition of conditions) rules.push({ kind: 'condition', condition });
  return rules;
}

function meets(rule: Rule, profile: Profile): boolean {
  switch (rule.kind) {
    case 'min_age':
      return profile.age >= rule.age;
    case 'max_age':
      return profile.age <= rule.age;
    case 'status':
      return rule.statuses.some((status) => status === profile.status);
    case 'condition':
      return profile.conditions.includes(rule.condition);
  }
}

export function check(eligibility: Eligibility | undefined, profile: Profile): Verdict {
  const unmet: Rule[] = [];
  const unchecked: Rule[] = [];
  for (const rule of rulesOf(eligibility)) {
    if (rule.kind === 'status' && profile.status === 'not_sure') unchecked.push(rule);
    else if (!meets(rule, profile)) unmet.push(rule);
  }
  return { eligible: unmet.length === 0, unmet, unchecked };
}

export interface Checked<T> {
  item: T;
  verdict: Verdict;
}

/** Whether a rule they do not meet is behind them: too old, or a status they cannot have again. */
function isBehind(rule: Rule, profile: Profile): boolean {
  if (rule.kind === 'max_age') return true;
  return rule.kind === 'status' && !canStillHave(profile.status, rule.statuses);
}

/** Splits items into what the person can get, what they can't get yet (or only if something
 * changes), and what is no longer for them, each kept in the council's order. */
export function sortItems<T extends { eligibility?: Eligibility }>(
  items: readonly T[],
  profile: Profile,
): { canGet: Checked<T>[]; notYet: Checked<T>[]; noLonger: Checked<T>[] } {
  const canGet: Checked<T>[] = [];
  const notYet: Checked<T>[] = [];
  const noLonger: Checked<T>[] = [];
  for (const item of items) {
    const verdict = check(item.eligibility, profile);
    const group = verdict.eligible
      ? canGet
      : verdict.unmet.some((rule) => isBehind(rule, profile))
        ? noLonger
        : notYet;
    group.push({ item, verdict });
  }
  return { canGet, notYet, noLonger };
}

/** A calendar date typed in by the person. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Whether the numbers make a real date (no 31 February). */
export function isRealDate({ year, month, day }: CalendarDate): boolean {
  if (![year, month, day].every(Number.isInteger)) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Age in whole years on `today`. Someone born on 29 February turns a year older on 1 March
 * in years without one. */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const hadBirthday =
    today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

export function calendarDateOf(date: Date): CalendarDate {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}
