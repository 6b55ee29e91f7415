// "/c/:slug/this-phone": delete everything Harbour keeps on this phone (a shared or borrowed
// phone). The page is the confirm: it says what would be lost for good (drafts and unsent
// items) and what is safe anyway, then signs out, clears the phone and goes to the home page.
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { generalError } from '../lib/form-errors';
import { t } from '../core/i18n';
import { navigate } from '../core/router';
import { signOut, useSignedIn } from '../core/session';
import { deleteEverything, unsentOnThisPhone } from '../core/this-phone';
import { forgetLockState } from '../features/lock/lock';
import { Problem } from '../components/Problem';

export function ThisPhoneView({ slug }: { slug: string }) {
  const person = useSignedIn();
  const home = `/c/${encodeURIComponent(slug)}`;
  const [lose, setLose] = useState<{ drafts: number; unsent: number } | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void unsentOnThisPhone().then(setLose, () => setLose({ drafts: 0, unsent: 0 }));
  }, []);

  const confirm = async () => {
    setBusy(true);
    setProblem('');
    try {
      if (person) await signOut(); // offline this throws: the session must not live on
      await deleteEverything();
      await forgetLockState(); // its wrapped key went with everything else
      navigate(home);
    } catch (error) {
      setBusy(false);
      setProblem(generalError(error));
    }
  };

  if (person === undefined || lose === null) return <Page title={t('phone.title')} busy />;
  const nothingLost = lose.drafts === 0 && lose.unsent === 0;
  return (
    <Page title={t('phone.title')}>
      <Problem text={problem} />
      <p class="lead">{t(person ? 'phone.intro' : 'phone.introSignedOut')}</p>
      <ul class={nothingLost ? 'inset' : 'inset inset--warning'} data-testid="phone-loses">
        {nothingLost && <li>{t('phone.nothingLost')}</li>}
        {lose.drafts > 0 && <li>{t('phone.loseDrafts', { count: lose.drafts })}</li>}
        {lose.unsent > 0 && <li>{t('phone.loseUnsent', { count: lose.unsent })}</li>}
      </ul>
      <p>{t('phone.safe')}</p>
      <div class="button-group">
        <button type="button" class="button button--warning" onClick={() => void confirm()} disabled={busy}>
          {t('phone.confirm')}
        </button>
        <a class="button button--secondary" href={person ? `${home}/devices` : home}>
          {t('phone.keep')}
        </a>
      </div>
    </Page>
  );
}
