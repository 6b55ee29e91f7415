// The page around one content editor: the heading (the title starts "Error:" while the form has
// errors), the link back to the list of content, and the summary of the form's errors.
import type { ComponentChildren } from 'preact';
import { ErrorSummary, type SummaryError } from '../components/form';
import { Page } from '../components/Page';
import { t } from './i18n';
import { editorPages } from './content';

interface Props {
  heading: string;
  busy: boolean;
  summary: SummaryError[];
  attempt: number;
  children?: ComponentChildren;
}

export function EditorPage({ heading, busy, summary, attempt, children }: Props) {
  return (
    <Page
      title={summary.length > 0 ? `${t('check.errorPrefix')} ${heading}` : heading}
      heading={heading}
      busy={busy}
      before={<a class="back-link" href={editorPages.list}>{t('editor.back')}</a>}
    >
      {summary.length > 0 && <ErrorSummary attempt={attempt} errors={summary} />}
      {children}
    </Page>
  );
}
