// Personal data read straight from the server and never kept on the phone ("Download my
// data", "Who has seen my information"): asked for each time the page opens, so these pages
// need the internet, and say so kindly when there is none.
import '../lib/my-data-words';
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { ApiError, send } from '../core/api';
import { t, type MessageKey } from '../core/i18n';

type Loading<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'offline' | 'failed' };

/** `path`'s answer, asked for now (not from memory or the service worker); `retry` asks again. */
export function useOnlineData<T>(path: string): [Loading<T>, () => void] {
  const [state, setState] = useState<Loading<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    if (!navigator.onLine) {
      setState({ status: 'offline' });
      return;
    }
    send<T>('GET', path).then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) =>
        current && setState({ status: error instanceof ApiError && error.status === 0 ? 'offline' : 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [path, attempt]);
  // Coming back online, ask again by itself.
  useEffect(() => {
    const again = () => setAttempt((n) => n + 1);
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, []);
  return [state, () => setAttempt((n) => n + 1)];
}

/** What such a page shows until its data is here: loading, offline (and why it needs the
 * internet), or a failure, each with a way to try again. */
export function NotYet({ title, status, offline, retry }: { title: string; status: 'loading' | 'offline' | 'failed'; offline: MessageKey; retry: () => void }) {
  if (status === 'loading') {
    return (
      <Page title={title} busy>
        <p>{t('myData.loading')}</p>
      </Page>
    );
  }
  return (
    <Page title={title}>
      {status === 'offline' && <h2>{t('myData.offlineTitle')}</h2>}
      <p data-testid="online-only">{t(status === 'offline' ? offline : 'myData.failed')}</p>
      <button type="button" class="button button--secondary" onClick={retry}>
        {t('myData.retry')}
      </button>
    </Page>
  );
}
