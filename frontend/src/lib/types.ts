// Shapes of the server's JSON (see the API contract in the backend's schemas).

export const AREAS = [
  'health_and_wellbeing',
  'relationships',
  'education_and_training',
  'employment',
  'accommodation',
  'participation',
] as const;
export type Area = (typeof AREAS)[number];

export const LEGAL_STATUSES = [
  'looked_after',
  'eligible',
  'relevant',
  'former_relevant',
  'qualifying',
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export const CONDITIONS = [
  'in_education_or_training',
  'in_higher_education',
  'in_work',
  'young_parent',
  'living_independently',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export type Frequency = 'one_off' | 'per_week' | 'per_month' | 'per_year';

export interface Amount {
  pence: number;
  frequency: Frequency;
}

export interface Eligibility {
  statuses: LegalStatus[];
  min_age: number | null;
  max_age: number | null;
  conditions: Condition[];
}

export interface OfferItem {
  id: string;
  area: Area;
  title: string;
  summary: string;
  details: string;
  amount: Amount | null;
  eligibility: Eligibility;
  how_to_claim: string;
  contact: string;
  provider: string;
  last_reviewed: string;
}

export interface Offer {
  council: string;
  version: string | null;
  items: OfferItem[];
}

export interface CouncilSummary {
  slug: string;
  name: string;
}

export type CouncilList = { councils: CouncilSummary[] };

export interface Contact {
  label: string;
  phone: string;
  hours: string;
  out_of_hours: boolean;
}

export interface Council extends CouncilSummary {
  time_zone: string;
  contacts: Contact[];
  content_version: string | null;
  /** Whether the council's staff can sign in with its own identity provider (OpenID
   * Connect). */
  staff_oidc: boolean;
  views: CouncilViews;
}

/** Who a young person's statements can go to (`pa` first, the default), and the council's
 * out-of-hours number for "I need help now". */
export interface CouncilViews {
  recipients: { key: string; label: string }[];
  out_of_hours: { label: string; phone: string } | null;
}

export interface PledgePromise {
  id: string;
  text: string;
}

export interface PledgeTheme {
  id: string;
  title: string;
  promises: PledgePromise[];
}

export interface Pledge {
  council: string;
  version: string | null;
  introduction: string;
  themes: PledgeTheme[];
}

export type PledgeAnswerValue = 'yes' | 'partly' | 'no';

/** What a statement asks about: a local-offer item or a pledge promise. */
export interface About {
  kind: 'offer_item' | 'promise';
  id: string;
  title: string;
}
