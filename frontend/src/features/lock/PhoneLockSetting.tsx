// On "Lock Harbour" with the lock on: the phone's own screen lock (fingerprint, face or the
// phone's PIN) as a second way in, turned on and off here (decision 020). The WebAuthn code
// (phone-lock.ts) loads only with this section.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Problem } from '../../components/Problem';
import { t } from '../../core/i18n';
import { addPhoneLock, phoneLockAdded, removePhoneLock } from './lock';

type State = 'checking' | 'unavailable' | 'off' | 'on';
/** Where a change left the setting, and what to say. */
type Done = { state: State; notice?: string; problem?: string };

export function PhoneLockSetting() {
  const [state, setState] = useState<State>('checking');
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void (async () => {
      if (await phoneLockAdded()) return setState('on');
      setState((await (await import('./phone-lock')).phoneLockAvailable()) ? 'off' : 'unavailable');
    })().catch(() => setState('unavailable')); // its code did not load (an update meanwhile)
  }, []);

  /** Runs a change; its button goes, so the focus moves to the heading and the outcome is
   * said. */
  const change = async (task: () => Promise<Done>) => {
    setBusy(true);
    setNotice('');
    setProblem('');
    const done = await task().catch((): Done => ({ state, problem: t('lock.error.failed') }));
    setBusy(false);
    setState(done.state);
    setNotice(done.notice ?? '');
    setProblem(done.problem ?? '');
    heading.current?.focus();
  };

  const add = () =>
    change(async () => {
      const result = await addPhoneLock();
      if (result === 'added') return { state: 'on', notice: t('lock.phone.added') };
      if (result === 'unsupported') return { state: 'unavailable', problem: t('lock.phone.unsupported') };
      return { state: 'off', problem: t('lock.phone.notAdded') };
    });
  const remove = () =>
    change(async () => {
      await removePhoneLock();
      return { state: 'off', notice: t('lock.phone.removed') };
    });

  return (
    <section aria-labelledby="phone-lock-heading" aria-busy={state === 'checking'} data-testid="phone-lock">
      <h2 id="phone-lock-heading" ref={heading} tabIndex={-1}>
        {t('lock.phone.heading')}
      </h2>
      <p role="status">{notice}</p>
      <Problem text={problem} />
      {state === 'unavailable' && <p>{t('lock.phone.cannot')}</p>}
      {state === 'off' && (
        <>
          <p>{t('lock.phone.intro')}</p>
          <p class="inset">{t('lock.phone.warning')}</p>
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => void add()}>
            {t('lock.phone.turnOn')}
          </button>
        </>
      )}
      {state === 'on' && (
        <>
          <p data-testid="phone-lock-state">{t('lock.phone.isOn')}</p>
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => void remove()}>
            {t('lock.phone.turnOff')}
          </button>
        </>
      )}
    </section>
  );
}
