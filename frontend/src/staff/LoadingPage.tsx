// A staff page while its records load, or, when they cannot, why not; and the hook that tells
// the two failures apart.
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { ApiError } from '../core/api';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';

export function LoadingPage({ problem }: { problem: string }) {
  return (
    <Page title={t('app.loadingTitle')} busy={!problem}>
      {problem && <p class="error-message">{problem}</p>}
    </Page>
  );
}

/** How loading a page's records failed: `missing` when the server answers 404 (no such record,
 * or not one this member of staff may see: the page is a 404), else the problem to show.
 * `failed` takes a failed request's error, and answers null for a promise chain. */
export function useLoadFailure() {
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState('');
  const failed = (error: unknown): null => {
    if (error instanceof ApiError && error.status === 404) setMissing(true);
    else setProblem(generalError(error));
    return null;
  };
  return { missing, problem, setProblem, failed };
}
