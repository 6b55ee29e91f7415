// The young person's answers, laid out for their statement's type, in the order they were
// asked. Skipped questions are left out; the feeling is an emoji with its words.
import { formatDate, formatDateTime } from '../lib/format';
import type { MessageKey } from '../core/i18n';
import { t } from './i18n';
import type { StatementOut, StatementType } from '../api/types';

const FEELINGS = ['😢', '🙁', '😐', '🙂', '😄'];

/** Each type's questions in screen order: the answer's name and how to show it. */
const QUESTIONS: Record<StatementType, [name: string, show: 'text' | 'choice' | 'date' | 'feeling' | 'topics'][]> = {
  meeting: [
    ['meeting_kind', 'choice'],
    ['meeting_other', 'text'],
    ['meeting_date', 'date'],
    ['going_well', 'text'],
    ['not_going_well', 'text'],
    ['want_to_happen', 'text'],
    ['who_there', 'text'],
    ['chair_or_speak', 'choice'],
  ],
  feeling: [
    ['feeling', 'feeling'],
    ['topics', 'topics'],
    ['text', 'text'],
  ],
  problem: [
    ['text', 'text'],
    ['want', 'text'],
  ],
  good_news: [['text', 'text']],
  ask: [['question', 'text']],
  help_now: [], // no questions: the tap is the message
};

function answerText(name: string, show: string, value: unknown): string {
  if (show === 'date') return formatDate(String(value));
  if (show === 'choice') return t(`triage.answer.${name}.${String(value)}` as MessageKey);
  if (show === 'topics') return (value as string[]).map((topic) => t(`triage.topic.${topic}` as MessageKey)).join(', ');
  return String(value);
}

/** What the answers need of a statement: the staff view's, or a case-record export's. */
type Answered = Pick<StatementOut, 'type' | 'answers' | 'about' | 'written_at'> & { young_person: { preferred_name: string } };

export function Answers({ statement }: { statement: Answered }) {
  const given = QUESTIONS[statement.type].filter(([name]) => {
    const value = statement.answers[name];
    return value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
  });
  return (
    <>
      {statement.about && (
        <p class="inset" data-testid="about">
          {t(`triage.about.${statement.about.kind}`, { title: statement.about.title })}
        </p>
      )}
      {statement.type === 'help_now' ? (
        <p data-testid="answers">
          {t('triage.answers.helpNow', { name: statement.young_person.preferred_name, when: formatDateTime(statement.written_at) })}
        </p>
      ) : given.length === 0 ? (
        <p>{t('triage.answers.none')}</p>
      ) : (
        <dl class="summary-list answers" data-testid="answers">
          {given.map(([name, show]) => {
            const value = statement.answers[name];
            const question = t(`triage.question.${statement.type}.${name}` as MessageKey);
            return (
              <div key={name}>
                <dt>{question}</dt>
                <dd class="answers__text">
                  {show === 'feeling' ? (
                    <>
                      <span class="feeling" aria-hidden="true">
                        {FEELINGS[Number(value) - 1]}
                      </span>{' '}
                      {t(`triage.feeling.${Number(value)}` as MessageKey)}
                    </>
                  ) : (
                    answerText(name, show, value)
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </>
  );
}
