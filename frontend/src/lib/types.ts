// The vocabulary of the local offer and the pledge, in the order the screens offer it;
// `EveryValue` checks each list against the API's schema. The shapes of the server's JSON
// (CouncilOut, OfferOut, PledgeOut ...) are in api/types.ts.
import type { Area, Condition, EveryValue, LegalStatus } from '../api/types';


const areas = [
  'health_and_wellbeing',
  'relationships',
  'education_and_training',
  'employment',
  'accommodation',
  'participation',
] as const;
export const AREAS: EveryValue<Area, typeof areas> = areas;

const legalStatuses = ['looked_after', 'eligible', 'relevant', 'former_relevant', 'qualifying'] as const;
export const LEGAL_STATUSES: EveryValue<LegalStatus, typeof legalStatuses> = legalStatuses;

const conditions = [
  'in_education_or_training',
  'in_higher_education',
  'in_work',
  'young_parent',
  'living_independently',
] as const;
export const CONDITIONS: EveryValue<Condition, typeof conditions> = conditions;
export type { Area, Condition, LegalStatus };

/** A pledge answer, as the `pledge_answer` outbox body carries it (typed with the bodies once
 * the API's schema describes them). */
export type PledgeAnswerValue = 'yes' | 'partly' | 'no';
