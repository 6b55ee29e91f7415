// Publish, discard and retire for one piece of content, with "draft"/"live" badges. Throwing
// work away (discard, retire) asks first; every outcome is said in a status message.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, send } from '../core/api';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';
import type { Edited } from './content';
import { Problem } from '../components/Problem';

/** Throwing work away asks first; publishing, what the page is for, says when it is done. */
type Asked = 'discard' | 'retire';
type Action = 'publish' | Asked;

interface Props<W> {
  edited: Edited<W>;
  /** The piece's editor API address; the actions are under it. */
  path: string;
  onChanged: (edited: Edited<W>) => void;
  canRetire?: boolean;
}

export function StateTags({ edited }: { edited: Edited<unknown> }) {
  return (
    <>
      <strong class={edited.live ? 'tag' : 'tag tag--muted'}>{t(edited.live ? 'editor.tag.live' : 'editor.tag.notLive')}</strong>
      {edited.draft && <strong class="tag tag--draft">{t('editor.tag.draft')}</strong>}
    </>
  );
}

/** The piece in the address is not there for this editor: an unknown id (404), or not an id
 * at all (a 422 about the path). Said as "not found", never as our failure. */
export function isMissing(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 404 || (error.status === 422 && error.fields.some((field) => field.field.startsWith('path.')));
}

/** What the server's refusal means for an editor. */
export function editorProblem(error: unknown): string {
  if (error instanceof ApiError && error.code === 'edited_elsewhere') return t('editor.error.stale');
  return generalError(error);
}

export function DraftActions<W>({ edited, path, onChanged, canRetire = false }: Props<W>) {
  const [asking, setAsking] = useState<Asked | null>(null);
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  // Asking moves focus to the question, so a keyboard or screen reader user hears it first.
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);

  const ask = (action: Asked) => (event: JSX.TargetedMouseEvent<HTMLButtonElement>) => {
    opener.current = event.currentTarget;
    setAsking(action);
  };

  const cancel = () => {
    setAsking(null);
    opener.current?.focus();
  };

  const run = async (action: Action) => {
    setBusy(true);
    setAsking(null);
    setProblem('');
    try {
      onChanged(await send<Edited<W>>('POST', `${path}/${action}`, { revision: edited.revision }));
      setNotice(t(`editor.done.${action}`));
      heading.current?.focus(); // the button pressed may be gone; the heading shows the new state
    } catch (error) {
      setNotice('');
      setProblem(editorProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const canPublish = edited.draft !== null || !edited.live;
  return (
    <section aria-labelledby="draft-actions-heading" class="draft-actions">
      <h2 id="draft-actions-heading" ref={heading} tabIndex={-1}>
        {t('editor.actions')} <StateTags edited={edited} />
      </h2>
      <p>{t(edited.draft ? 'editor.state.draft' : edited.live ? 'editor.state.live' : 'editor.state.notLive')}</p>
      <ul class="button-group staff-actions">
        {canPublish && (
          <li>
            <button type="button" class="button" disabled={busy || asking !== null} onClick={() => void run('publish')}>
              {t('editor.publish')}
            </button>
          </li>
        )}
        {edited.draft && (
          <li>
            <button type="button" class="button button--secondary" disabled={busy} onClick={ask('discard')}>
              {t('editor.discard')}
            </button>
          </li>
        )}
        {canRetire && edited.live && (
          <li>
            <button type="button" class="button button--secondary" disabled={busy} onClick={ask('retire')}>
              {t('editor.retire')}
            </button>
          </li>
        )}
      </ul>
      {asking && (
        <div class="confirm" role="group" aria-labelledby="confirm-question">
          <p id="confirm-question" ref={question} tabIndex={-1}>
            {t(`editor.confirm.${asking}`)}
          </p>
          <ul class="button-group staff-actions">
            <li>
              <button type="button" class="button button--warning" disabled={busy} onClick={() => void run(asking)}>
                {t(`editor.confirm.${asking}Yes`)}
              </button>
            </li>
            <li>
              <button type="button" class="button button--secondary" onClick={cancel}>
                {t('editor.confirm.no')}
              </button>
            </li>
          </ul>
        </div>
      )}
      <p role="status" data-testid="editor-notice">
        {notice}
      </p>
      <Problem text={problem} />
    </section>
  );
}
