// Shows a page's data once loaded, or a loading or error page.
import type { VNode } from 'preact';
import { ApiError, useResource } from '../core/api';
import { t } from '../core/i18n';
import { NotFound } from './NotFound';
import { Page } from './Page';

interface Props<T> {
  path: string;
  /** False while something else the page's layout depends on is still being found out (who
   * is signed in): the page then appears once, whole, instead of jumping. */
  settled?: boolean;
  /** Shown while loading instead of a loading page (the page's own frame). */
  loading?: VNode;
  children: (data: T) => VNode;
}

export function Loaded<T>({ path, settled = true, loading, children }: Props<T>) {
  const [resource, retry] = useResource<T>(path);
  if (resource.status === 'ready' && settled) return children(resource.data);
  if (resource.status !== 'error') {
    return (
      loading ?? (
        <Page title={t('app.loadingTitle')} busy>
          <p>{t('app.loading')}</p>
        </Page>
      )
    );
  }
  return <LoadError error={resource.error} retry={retry} />;
}

function LoadError({ error, retry }: { error: ApiError; retry: () => void }) {
  if (error.status === 404) return <NotFound />;
  return (
    <Page title={t('load.errorTitle')}>
      <p>{t(error.status === 0 ? 'load.offline' : 'load.failed')}</p>
      <button type="button" class="button button--secondary" onClick={retry}>
        {t('load.retry')}
      </button>
    </Page>
  );
}
