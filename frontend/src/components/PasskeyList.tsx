// On "Your devices": the young person's passkeys, with a way to add one on this device and to
// remove any of them (after a second "Yes, remove it", since it cannot be undone).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PasskeyList as PasskeyListOut, PasskeyOut } from '../api/types';
import { send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { generalError, passkeyError } from '../lib/form-errors';
import { t } from '../core/i18n';
import { authPaths, canUsePasskeys } from '../core/session';
import { Problem } from './Problem';

export function PasskeyList() {
  const [passkeys, setPasskeys] = useState<PasskeyOut[] | null>(null);
  const [confirming, setConfirming] = useState('');
  const [problem, setProblem] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLParagraphElement>(null);

  const reload = () =>
    send<PasskeyListOut>('GET', authPaths.passkeys).then((list) => setPasskeys(list.passkeys));

  useEffect(() => {
    reload().catch((error: unknown) => setProblem(generalError(error)));
  }, []);
  const kept = useRef('');
  // The confirmation replaces the Remove button, and "Keep it" puts it back: focus follows.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (kept.current) document.getElementById(`passkey-remove-${kept.current}`)?.focus();
    kept.current = '';
  }, [confirming]);

  /** Runs a change, then shows the list again with `done` said, or the problem. */
  const act = async (task: () => Promise<unknown>, done: string, problemOf: (error: unknown) => string) => {
    setBusy(true);
    setProblem('');
    setNotice('');
    try {
      await task();
      await reload();
      setConfirming('');
      setNotice(done);
      headingRef.current?.focus();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const add = () =>
    act(
      async () => (await import('../lib/passkey')).addPasskey(),
      t('passkeys.addedNotice'),
      (error) => passkeyError(error, 'add'),
    );
  const keep = () => {
    kept.current = confirming;
    setConfirming('');
  };
  const remove = (id: string) => act(() => send('DELETE', authPaths.passkey(id)), t('passkeys.removed'), generalError);

  return (
    <section aria-labelledby="passkeys-heading" aria-busy={passkeys === null && !problem}>
      <h2 id="passkeys-heading" ref={headingRef} tabIndex={-1}>
        {t('passkeys.listHeading')}
      </h2>
      <p>{t('passkeys.listIntro')}</p>
      <p role="status">{notice}</p>
      <Problem text={problem} />
      {passkeys?.length === 0 && <p>{t('passkeys.none')}</p>}
      {passkeys && passkeys.length > 0 && (
        <ul class="cards" data-testid="passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} class="card">
              <h3 class="card__title">{passkey.label}</h3>
              <p class="card__summary">{t('passkeys.added', { date: formatDateTime(passkey.created_at) })}</p>
              <p class="card__summary">
                {passkey.last_used_at
                  ? t('passkeys.lastUsed', { date: formatDateTime(passkey.last_used_at) })
                  : t('passkeys.notUsed')}
              </p>
              {confirming === passkey.id ? (
                <>
                  <p ref={confirmRef} tabIndex={-1}>
                    <strong>{t('passkeys.confirmRemove')}</strong>
                  </p>
                  <div class="button-group">
                    <button
                      type="button"
                      class="button button--warning"
                      disabled={busy}
                      onClick={() => void remove(passkey.id)}
                    >
                      {t('passkeys.confirmYes')}
                    </button>
                    <button type="button" class="button button--secondary" disabled={busy} onClick={keep}>
                      {t('passkeys.confirmNo')}
                    </button>
                  </div>
                </>
              ) : (
                <button
                  id={`passkey-remove-${passkey.id}`}
                  type="button"
                  class="button button--secondary"
                  disabled={busy}
                  onClick={() => setConfirming(passkey.id)}
                >
                  {t('passkeys.remove', { label: passkey.label })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canUsePasskeys() && (
        <button type="button" class="button" disabled={busy} onClick={() => void add()}>
          {t('passkeys.addAnother')}
        </button>
      )}
    </section>
  );
}
