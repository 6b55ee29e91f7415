// A page whose code is a separate chunk, loaded when first shown (the service worker
// precaches it, so it opens offline too). Until then a loading page, or the page's own frame
// (its heading and first paragraph, whose words are in the main bundle); if the chunk cannot
// be fetched, says so. `loading` is what the loading page says.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../core/i18n';
import { FramePage, Page } from './Page';

/** The words of a page's frame: its title and first paragraph (`FramePage`). */
export interface Frame {
  title: MessageKey;
  lead: MessageKey;
}

type PropsOf<Component> = (Component extends (props: infer P) => unknown ? P : never) & object;

/** The pages of one lazy chunk, each made with `lazyPage` by its export's name:
 * `const account = lazyChunk(() => import('./views/account')); const JoinView = account('JoinView');` */
export function lazyChunk<Pages>(load: () => Promise<Pages>) {
  return <Name extends keyof Pages>(name: Name, frame?: Frame) =>
    lazyPage<PropsOf<Pages[Name]>>(() => load().then((pages) => pages[name] as FunctionComponent<PropsOf<Pages[Name]>>), 'app.loading', frame);
}

export function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>, loading: MessageKey = 'app.loading', frame?: Frame): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let loadingNow: Promise<FunctionComponent<P>> | null = null;
  /** Once at a time; after a failure (offline, say) the next showing tries again. */
  const start = () => {
    loadingNow ??= load().then(
      (found) => (loaded = found),
      (error: unknown) => {
        loadingNow = null;
        throw error;
      },
    );
    return loadingNow;
  };
  return function LazyPage(props: P) {
    const [component, setComponent] = useState<FunctionComponent<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    // Asked for as the page is first drawn, not after it is painted: the chunk arrives
    // sooner, and its loading work is done before the first paint rather than after it. A
    // page with a frame paints the frame first, with nothing else on its way.
    if (!component && !frame) void start().catch(() => undefined);
    useEffect(() => {
      if (component) return;
      start().then(
        (found) => setComponent(() => found),
        () => setFailed(true),
      );
    }, []);
    if (component) {
      const Component = component;
      return <Component {...props} />;
    }
    if (frame && !failed) return <FramePage title={t(frame.title)} lead={t(frame.lead)} />;
    return (
      <Page title={t(failed ? 'load.errorTitle' : 'app.loadingTitle')} busy={!failed}>
        <p>{t(failed ? 'load.offline' : loading)}</p>
      </Page>
    );
  };
}
