// The legal status worked out from plain questions a young person can answer ("Are you in
// care now?"), following the Children (Leaving Care) Act categories (design/domain.md §2.1).
// Pure functions only, so every status and every impossible answer is covered by unit tests.
import type { LegalStatus } from './types';

/** "not_sure" is a real answer: we then check age and conditions only. "none": they left care
 * before 16, so items for a leaving-care status are not for them. */
export type StatusAnswer = LegalStatus | 'not_sure' | 'none';

export type YesNo = 'yes' | 'no';
export type WeeksAnswer = YesNo | 'not_sure';

/** The answers about care. `leftAge` is only asked (and set) when they are not in care now. */
export interface CareAnswers {
  inCare: YesNo;
  leftAge: number | null;
  /** "Were you in care for at least 13 weeks after you turned 14?" */
  weeks: WeeksAnswer;
}

/** Answers that cannot all be true, each explained to the young person by name. */
export type StatusProblem =
  | 'inCareAdult' // in care at 18 or over: care ends at 18
  | 'leftAfterNow' // left care at an age they have not reached
  | 'weeksTooYoung' // 13 weeks after turning 14, but not 14 yet
  | 'weeksLeftBefore14'; // 13 weeks after turning 14, but left care before 14

export type Derived = { status: StatusAnswer; problem: null } | { status: null; problem: StatusProblem };

const ok = (status: StatusAnswer): Derived => ({ status, problem: null });
const impossible = (problem: StatusProblem): Derived => ({ status: null, problem });

/** The status for someone of `age` with these answers, or the reason the answers cannot all
 * be true. "Not sure" about the 13 weeks gives "not_sure" only where it decides the status. */
export function deriveStatus(age: number, { inCare, leftAge, weeks }: CareAnswers): Derived {
  if (weeks === 'yes' && age < 14) return impossible('weeksTooYoung');
  if (inCare === 'yes') {
    if (age >= 18) return impossible('inCareAdult');
    if (age < 16) return ok('looked_after');
    return ok(weeks === 'yes' ? 'eligible' : weeks === 'no' ? 'looked_after' : 'not_sure');
  }
  const left = leftAge ?? 0;
  if (left > age) return impossible('leftAfterNow');
  if (weeks === 'yes' && left < 14) return impossible('weeksLeftBefore14');
  // Leaving-care support starts with being in care after the 16th birthday.
  if (left < 16) return ok('none');
  if (weeks === 'not_sure') return ok('not_sure');
  if (weeks === 'no') return ok('qualifying');
  return ok(age < 18 ? 'relevant' : 'former_relevant');
}

/** The statuses someone could still have later; an item only for other statuses is no longer
 * for them (a care leaver does not go back to being "eligible"). */
const LATER: Record<StatusAnswer, readonly LegalStatus[]> = {
  looked_after: ['looked_after', 'eligible', 'relevant', 'former_relevant', 'qualifying'],
  eligible: ['eligible', 'relevant', 'former_relevant'],
  relevant: ['relevant', 'former_relevant'],
  former_relevant: ['former_relevant'],
  qualifying: ['qualifying'],
  none: [],
  not_sure: ['looked_after', 'eligible', 'relevant', 'former_relevant', 'qualifying'],
};

export function canStillHave(status: StatusAnswer, statuses: readonly LegalStatus[]): boolean {
  return statuses.some((wanted) => LATER[status].includes(wanted));
}
