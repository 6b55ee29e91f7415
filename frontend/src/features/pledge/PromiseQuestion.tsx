// One pledge promise: "Is this happening for you?" Yes / Partly / No, an optional comment,
// and where the answer has got to (saved on this phone, sent, or needing attention).
import { useEffect, useState } from 'preact/hooks';
import type { PromiseOut } from '../../api/types';
import { AskLink } from '../../components/AskLink';
import { memo } from '../../components/memo';
import { t } from '../../core/i18n';
import type { OutboxItem } from '../../core/outbox';
import { attentionReason } from '../../core/outbox-text';
import { answerStatus, saveAnswer, type StoredAnswer } from './answers';
import { SafetyOffer } from './SafetyOffer';
import type { PledgeAnswerValue } from '../../lib/types';

const ANSWERS: PledgeAnswerValue[] = ['yes', 'partly', 'no'];
export const COMMENT_MAX = 1000;

interface Props {
  council: string;
  promise: PromiseOut;
  saved: StoredAnswer | undefined;
  /** The outbox item carrying `saved`, while it is there. */
  outboxItem: OutboxItem | undefined;
  onSaved: (answer: StoredAnswer) => void;
  /** Signed in here: each promise has its own "Ask my PA" (signed out, the page asks once). */
  canAsk: boolean;
}

function statusText(saved: StoredAnswer | undefined, outboxItem: OutboxItem | undefined): string {
  if (!saved) return '';
  const status = answerStatus(saved, outboxItem);
  if (status === 'needs_attention' && outboxItem) {
    return t('pledge.state.attention', { reason: attentionReason(outboxItem) });
  }
  return t(status === 'sent' ? 'pledge.state.sent' : 'pledge.state.pending');
}

/** Drawn again only when its own props change: the page draws again as the phone's answers
 * and outbox are read, and then for each answer saved. */
export const PromiseQuestion = memo(function PromiseQuestion({ council, promise, saved, outboxItem, onSaved, canAsk }: Props) {
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const [commentOpen, setCommentOpen] = useState(false);
  const [draft, setDraft] = useState(saved?.comment ?? '');
  const id = `promise-${promise.id}`;

  // Answers are read from the phone after the first render; show the saved comment then.
  useEffect(() => {
    if (!commentOpen) setDraft(saved?.comment ?? '');
  }, [saved?.comment, commentOpen]);

  const save = async (answer: PledgeAnswerValue, comment: string) => {
    if (saving) return;
    setSaving(true);
    try {
      onSaved(await saveAnswer({ council, promise: promise.id, answer, comment }));
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setSaving(false);
    }
  };

  const choose = (answer: PledgeAnswerValue) => {
    if (answer !== saved?.answer) void save(answer, saved?.comment ?? '');
  };

  return (
    <fieldset class="promise" aria-describedby={`${id}-status`}>
      <legend class="promise__legend">
        <span class="promise__text">{promise.text}</span>
        <span class="promise__question">{t('pledge.question')}</span>
      </legend>
      <div class="toggle-group">
        {ANSWERS.map((answer) => (
          <button
            key={answer}
            type="button"
            class="toggle"
            aria-pressed={saved?.answer === answer}
            onClick={() => choose(answer)}
          >
            {t(`pledge.answer.${answer}`)}
          </button>
        ))}
      </div>
      <p id={`${id}-status`} class="promise__status" role="status" data-testid={`pledge-status-${promise.id}`}>
        {failed ? t('pledge.state.failed') : saving ? '' : statusText(saved, outboxItem)}
      </p>
      {promise.safety && saved?.answer === 'no' && <SafetyOffer council={council} promise={promise} canAsk={canAsk} />}
      {saved && (
        <div class="promise__comment">
          <button
            type="button"
            class="link-button"
            aria-expanded={commentOpen}
            aria-controls={`${id}-comment`}
            onClick={() => setCommentOpen((open) => !open)}
          >
            {t(saved.comment ? 'pledge.editComment' : 'pledge.addComment')}
          </button>
          <div id={`${id}-comment`} hidden={!commentOpen}>
            <label class="label" for={`${id}-comment-input`}>
              {t('pledge.commentLabel')}
            </label>
            <p id={`${id}-comment-hint`} class="hint">
              {t('pledge.commentHint')}
            </p>
            <textarea
              class="textarea"
              id={`${id}-comment-input`}
              rows={4}
              maxLength={COMMENT_MAX}
              value={draft}
              aria-describedby={`${id}-comment-hint ${id}-comment-count`}
              onInput={(event) => setDraft(event.currentTarget.value)}
            />
            <p id={`${id}-comment-count`} class="hint">
              {t('pledge.commentLeft', { count: COMMENT_MAX - draft.length })}
            </p>
            <button type="button" class="button button--secondary" onClick={() => void save(saved.answer, draft.trim())}>
              {t('pledge.saveComment')}
            </button>
          </div>
        </div>
      )}
      {canAsk && <AskLink slug={council} about={{ kind: 'promise', id: promise.id, title: promise.text }} />}
    </fieldset>
  );
});
