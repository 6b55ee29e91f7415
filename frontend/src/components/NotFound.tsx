import { Page } from './Page';
import { t } from '../core/i18n';
import { isStaffPath, useLocation } from '../core/router';

export function NotFound() {
  // Staff start again from staff home; everyone else from choosing their council.
  const home = isStaffPath(useLocation().path) ? '/staff' : '/';
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <a href={home} class="tap-link">{t('notFound.home')}</a>
      </p>
    </Page>
  );
}
