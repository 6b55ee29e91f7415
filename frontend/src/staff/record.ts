// The choices a young person's record form offers, in its order, each checked against the
// API's schema so a kind or placement the API adds or drops stops the build until it is here.
import type { EveryValue, KeyDateKind, PlacementType } from '../api/types';

const keyDateKinds = ['entered_care', 'left_care', 'pathway_plan_review', 'health_assessment', 'next_visit', 'other'] as const;
/** The key dates a PA sets; `eighteenth_birthday` comes from the date of birth: shown, never sent. */
export const KEY_DATE_KINDS: EveryValue<Exclude<KeyDateKind, 'eighteenth_birthday'>, typeof keyDateKinds> = keyDateKinds;

const placementTypes = [
  'foster_care',
  'kinship_care',
  'childrens_home',
  'supported_lodgings',
  'supported_accommodation',
  'staying_put',
  'own_tenancy',
  'with_family',
  'student_accommodation',
  'custody',
  'other',
] as const;
export const PLACEMENT_TYPES: EveryValue<PlacementType, typeof placementTypes> = placementTypes;
