// A council admin's page opened by someone else: said plainly, as the server would refuse them.
import { Page } from '../components/Page';
import { t } from './i18n';

export function Forbidden({ title }: { title: string }) {
  return (
    <Page title={title}>
      <p>{t('form.forbidden')}</p>
    </Page>
  );
}
