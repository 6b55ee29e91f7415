// Every page: its one h1, the document title, and focus on the h1 after a navigation.
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../core/i18n';
import { focusRequested } from '../core/router';

export interface PageProps {
  title: string;
  /** The h1, when it differs from the title (the title may start "Error:"). */
  heading?: string;
  /** Shown above the h1, such as a back link. */
  before?: ComponentChildren;
  /** A stand-in while the real page loads: it takes focus but leaves the request for the
   * page that replaces it. */
  busy?: boolean;
  /** For pages that move focus back to their h1 themselves. */
  headingRef?: RefObject<HTMLHeadingElement>;
  children?: ComponentChildren;
}

/** A page whose data is still on its way: its own heading and first paragraph (the same as
 * when it arrives, so they paint once and stay where they are) and "Loading". */
export function FramePage({ title, lead }: { title: string; lead: string }) {
  return (
    <Page title={title} busy>
      <p class="lead">{lead}</p>
      <p>{t('app.loading')}</p>
    </Page>
  );
}

export function Page(props: PageProps) {
  const { title, heading = title, before, busy = false, children } = props;
  const ownRef = useRef<HTMLHeadingElement>(null);
  const headingRef = props.headingRef ?? ownRef;

  useEffect(() => {
    document.title = t('app.title', { page: title });
  }, [title]);

  // In the same task as the render: focus never lands after a key the person pressed on the
  // page that has just appeared (j in the triage queue), which an effect after paint would.
  useLayoutEffect(() => {
    if (focusRequested(!busy)) headingRef.current?.focus();
  }, [busy]);

  return (
    <>
      {before}
      <h1 ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      {children}
    </>
  );
}
