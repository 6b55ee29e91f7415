// A staff page while its records load, or, when they cannot, why not.
import { Page } from '../components/Page';
import { t } from './i18n';

export function LoadingPage({ problem }: { problem: string }) {
  return (
    <Page title={t('app.loadingTitle')} busy={!problem}>
      {problem && <p class="error-message">{problem}</p>}
    </Page>
  );
}
