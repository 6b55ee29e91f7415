import { Page } from '../components/Page';
import { t } from '../lib/i18n';

export function NotFound() {
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <a href="/" class="tap-link">{t('notFound.home')}</a>
      </p>
    </Page>
  );
}
