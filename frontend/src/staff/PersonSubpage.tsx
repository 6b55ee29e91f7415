// A page about one young person (their plan, their passport) with the link back to their page.
import type { ComponentChildren } from 'preact';
import { Page } from '../components/Page';
import { t } from './i18n';

interface Props {
  title: string;
  /** The young person's id and preferred name. */
  id: string;
  name: string;
  children?: ComponentChildren;
}

export function PersonSubpage({ title, id, name, children }: Props) {
  return (
    <Page
      title={title}
      before={
        <a class="back-link" href={`/staff/young-people/${encodeURIComponent(id)}`}>
          {t('staff.plan.backToPerson', { name })}
        </a>
      }
    >
      {children}
    </Page>
  );
}
