// On the lock screen, once the person has added it: unlocks with the phone's own screen lock
// (decision 020). Refused or cancelled, it counts as no wrong code, and the lock code below
// still works. The WebAuthn code (phone-lock.ts) loads only when the button is pressed.
import { useEffect, useState } from 'preact/hooks';
import { Problem } from '../../components/Problem';
import { t } from '../../core/i18n';
import { phoneLockAdded, unlockWithPhone } from './lock';

export function PhoneUnlock() {
  const [added, setAdded] = useState(false);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => void phoneLockAdded().then(setAdded), []);
  if (!added) return null;

  // Unlocked, the app shows itself instead of the lock screen: only a refusal comes back here.
  const use = async () => {
    setBusy(true);
    setProblem('');
    const unlocked = await unlockWithPhone().catch(() => false);
    if (unlocked) return;
    setBusy(false);
    setProblem(t('lock.screen.phoneFailed'));
  };

  return (
    <div data-testid="phone-unlock">
      <Problem text={problem} />
      <p>
        <button type="button" class="button" disabled={busy} onClick={() => void use()}>
          {t('lock.screen.phone')}
        </button>
      </p>
    </div>
  );
}
