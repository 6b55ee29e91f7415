// The questions of each statement type, screen by screen. Every question can be skipped.
// Labels come from the catalogue: views.q.<type>.<name>, options views.opt.<name>.<value>.
import type { StatementType } from '../../lib/statement-types';
import { tooLong, type Answers } from './statements';

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
};

/** A meeting date the server takes: 30 days before to 366 days after today. */
export function meetingDateOk(value: string, today: Date = new Date()): boolean {
  const date = Date.parse(`${value}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date)) return false;
  const day = 86_400_000;
  const noon = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate(), 12);
  return date >= noon - 30 * day && date <= noon + 366 * day;
}

/** Whether the server would take these answers as they are (length and meeting date). */
export function answersFit(answers: Answers): boolean {
  const date = answers['meeting_date'];
  return tooLong(answers).length === 0 && (typeof date !== 'string' || date === '' || meetingDateOk(date));
}
