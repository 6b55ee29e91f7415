// The questions of each statement type, screen by screen. Every question can be skipped.
// Labels come from the catalogue: views.q.<type>.<name>, options views.opt.<name>.<value>.
import type { StatementType } from '../../lib/statement-types';

export type Question =
  | { kind: 'text' | 'date'; name: string }
  | { kind: 'radio' | 'checkbox'; name: string; options: readonly string[]; other?: string }
  | { kind: 'feeling'; name: string };

export const FEELINGS = [1, 2, 3, 4, 5] as const;
/** Shown next to the words, never instead of them. */
export const FEELING_EMOJI: Record<number, string> = { 1: '😢', 2: '😞', 3: '😐', 4: '😊', 5: '😄' };
export const TOPICS = ['home', 'family_friends', 'education_work', 'health', 'money', 'my_worker', 'something_else'] as const;

export const FLOWS: Record<StatementType, Question[][]> = {
  meeting: [
    [
      { kind: 'radio', name: 'meeting_kind', options: ['lac_review', 'pathway_plan_review', 'other'], other: 'meeting_other' },
      { kind: 'date', name: 'meeting_date' },
    ],
    [
      { kind: 'text', name: 'going_well' },
      { kind: 'text', name: 'not_going_well' },
    ],
    [
      { kind: 'text', name: 'want_to_happen' },
      { kind: 'text', name: 'who_there' },
    ],
    [{ kind: 'radio', name: 'chair_or_speak', options: ['chair', 'speak', 'someone_else', 'not_sure'] }],
  ],
  feeling: [
    [{ kind: 'feeling', name: 'feeling' }],
    [{ kind: 'checkbox', name: 'topics', options: TOPICS }],
    [{ kind: 'text', name: 'text' }],
  ],
  problem: [[{ kind: 'text', name: 'text' }], [{ kind: 'text', name: 'want' }]],
  good_news: [[{ kind: 'text', name: 'text' }]],
  ask: [[{ kind: 'text', name: 'question' }]],
  help_now: [], // no questions: the tap is the message
};
