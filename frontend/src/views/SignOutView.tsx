// "/c/:slug/sign-out" and "/staff/sign-out": sign out on this device. First it warns of
// unsent items and unfinished drafts, which stay on the phone locked to this person, and
// offers to send the unsent ones first (RL-19). Signing out clears what was sent, and the
// replies, from the phone; the next sign-in pulls them again. With the app lock on, the lock
// goes with the person, and what it kept with it (decision 020): the page says so first.
import '../features/lock/words';
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { generalError } from '../lib/form-errors';
import { useOutbox } from '../core/hooks';
import { t } from '../core/i18n';
import { isWaiting, requestFlush } from '../core/outbox';
import { navigate } from '../core/router';
import { signOut, useSignedIn } from '../core/session';
import { lockIsOn, lostWithTheLock, NotSealedYet, signOutWithLock } from '../features/lock/lock';
import { WhatGoes, type Lost } from '../features/lock/WhatGoes';
import { listDrafts } from '../features/statements/statements';
import { Problem } from '../components/Problem';

export function SignOutView({ home }: { home: string }) {
  const person = useSignedIn();
  const items = useOutbox() ?? [];
  const [drafts, setDrafts] = useState(0);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const locking = lockIsOn() && person?.kind === 'young_person'; // the lock is a young person's
  // Items this person could still send: their own (locked to them once they sign out) and
  // anonymous pledge answers (which go by themselves once online).
  const sendable = items.filter((item) => !item.delivered && (item.owner === null || item.owner === person?.id));
  const own = sendable.filter((item) => item.owner !== null).length;
  const anonymous = sendable.length - own;
  const pending = sendable.some(isWaiting);

  const [lost, setLost] = useState<Lost | null>(null);
  useEffect(() => {
    if (person?.kind !== 'young_person') return;
    void listDrafts(person.id).then((rows) => setDrafts(rows.length), () => undefined);
    if (locking) void lostWithTheLock().then(setLost, () => undefined);
  }, [person?.id]);

  const confirm = async () => {
    setBusy(true);
    try {
      await (locking ? signOutWithLock() : signOut());
      navigate(home);
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof NotSealedYet ? t('lock.signOut.notSealed') : generalError(error));
    }
  };

  const sendFirst = async () => {
    setBusy(true);
    await requestFlush();
    setBusy(false);
  };

  if (person === null) {
    return (
      <Page title={t('signOut.title')}>
        <p role="status">{t('signOut.done')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('signOut.title')}>
      <Problem text={problem} />
      {own > 0 && (
        <p class="inset inset--warning" data-testid="sign-out-unsent">
          {t('signOut.unsent', { count: own })}
        </p>
      )}
      {anonymous > 0 && (
        <p class="inset inset--warning" data-testid="sign-out-answers">
          {t('signOut.unsentAnswers', { count: anonymous })}
        </p>
      )}
      {locking && (
        <p class="inset inset--warning" data-testid="sign-out-lock">
          {t('lock.signOut.warning')}
        </p>
      )}
      {locking && lost && <WhatGoes lost={lost} />}
      {!locking && drafts > 0 && (
        <p class="inset inset--warning" data-testid="sign-out-drafts">
          {t('signOut.drafts', { count: drafts })}
        </p>
      )}
      <p>{t('signOut.text')}</p>
      {person?.kind === 'young_person' && <p>{t('signOut.clears')}</p>}
      <div class="button-group">
        {pending && (
          <button type="button" class="button" onClick={() => void sendFirst()} disabled={busy}>
            {t('signOut.sendFirst')}
          </button>
        )}
        <button
          type="button"
          class={pending ? 'button button--secondary' : 'button'}
          onClick={() => void confirm()}
          disabled={busy}
        >
          {t(sendable.length > 0 || drafts > 0 ? 'signOut.confirmAnyway' : 'signOut.confirm')}
        </button>
        <a class="button button--secondary" href={home}>
          {t('signOut.stay')}
        </a>
      </div>
    </Page>
  );
}
