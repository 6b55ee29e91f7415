// After joining: an optional step offering a passkey, so next time the young person signs in
// with their face, fingerprint or screen lock. Shown only where the browser can make one.
import { useEffect, useRef, useState } from 'preact/hooks';
import { passkeyError } from '../lib/form-errors';
import { t } from '../core/i18n';
import { ErrorSummary } from './form';
import { Page } from './Page';

export function PasskeyOffer({ home }: { home: string }) {
  const [added, setAdded] = useState(false);
  const [problem, setProblem] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // This replaces the join form (and then itself) without a navigation: move focus by hand.
  useEffect(() => headingRef.current?.focus(), [added]);

  const add = async () => {
    setBusy(true);
    try {
      const { addPasskey } = await import('../lib/passkey');
      await addPasskey();
      setProblem('');
      setAdded(true);
    } catch (error) {
      setProblem(passkeyError(error, 'add'));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  if (added) {
    return (
      <Page title={t('passkeys.addedHeading')} headingRef={headingRef}>
        <p>{t('passkeys.addedText')}</p>
        <a class="button" href={home}>
          {t('passkeys.continue')}
        </a>
      </Page>
    );
  }

  const title = problem ? `${t('check.errorPrefix')} ${t('passkeys.offerHeading')}` : t('passkeys.offerHeading');
  return (
    <Page title={title} heading={t('passkeys.offerHeading')} headingRef={headingRef}>
      {problem && <ErrorSummary attempt={attempt} errors={[{ target: 'passkey-add', text: problem }]} />}
      <p class="lead">{t('passkeys.offerText')}</p>
      <p>{t('passkeys.offerOwnPhone')}</p>
      <p>{t('passkeys.offerPinStays')}</p>
      <div class="button-group">
        <button id="passkey-add" type="button" class="button" disabled={busy} onClick={() => void add()}>
          {t('passkeys.add')}
        </button>
        <a class="button button--secondary" href={home}>
          {t('passkeys.skip')}
        </a>
      </div>
    </Page>
  );
}
