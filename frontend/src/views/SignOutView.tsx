// "/c/:slug/sign-out" and "/staff/sign-out": sign out on this device, warning first when
// saved items have not been sent yet (they stay on the phone either way).
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { generalError } from '../lib/form-errors';
import { useOutbox } from '../lib/hooks';
import { t } from '../lib/i18n';
import { navigate } from '../lib/router';
import { signOut, useSignedIn } from '../lib/session';

export function SignOutView({ home }: { home: string }) {
  const person = useSignedIn();
  const items = useOutbox() ?? [];
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  // Items this person could still send: anonymous ones and their own.
  const unsent = items.filter((item) => item.owner === null || item.owner === person?.id).length;

  const confirm = async () => {
    setBusy(true);
    try {
      await signOut();
      navigate(home);
    } catch (error) {
      setBusy(false);
      setProblem(generalError(error));
    }
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
      {problem && (
        <p class="error-message" role="alert">
          {problem}
        </p>
      )}
      {unsent > 0 && (
        <p class="inset inset--warning" data-testid="sign-out-unsent">
          {t('signOut.unsent', { count: unsent })}
        </p>
      )}
      <p>{t('signOut.text')}</p>
      <div class="button-group">
        <button type="button" class="button" onClick={() => void confirm()} disabled={busy}>
          {t(unsent > 0 ? 'signOut.confirmAnyway' : 'signOut.confirm')}
        </button>
        <a class="button button--secondary" href={home}>
          {t('signOut.stay')}
        </a>
      </div>
    </Page>
  );
}
