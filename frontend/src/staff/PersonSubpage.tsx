// A page about one young person (their plan, their passport) with the link back to their page
// and a status line that says when something has been saved.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { t } from './i18n';

interface Props {
  title: string;
  /** The young person's id and preferred name. */
  id: string;
  name: string;
  /** What the status line says. */
  notice: string;
  children?: ComponentChildren;
}

export function PersonSubpage({ title, id, name, notice, children }: Props) {
  return (
    <Page
      title={title}
      before={
        <a class="back-link" href={`/staff/young-people/${encodeURIComponent(id)}`}>
          {t('staff.plan.backToPerson', { name })}
        </a>
      }
    >
      <p role="status">{notice}</p>
      {children}
    </Page>
  );
}

/** The status line's words, and `saved(text)`: a handler for a form's success that reloads the
 * page's records and then says `text`. */
export function useSavedNotice(reload: () => Promise<unknown>): [string, (text: string) => () => Promise<void>] {
  const [notice, setNotice] = useState('');
  const saved = (text: string) => async () => {
    await reload();
    setNotice(text);
  };
  return [notice, saved];
}
