// Routes. Each page is keyed by its address, so moving to another page starts it afresh.
import { Fragment, type VNode } from 'preact';
import { Layout } from './components/Layout';
import { matchPath, useLocation } from './lib/router';
import { CheckView } from './views/CheckView';
import { ChooseCouncil } from './views/ChooseCouncil';
import { CouncilHome } from './views/CouncilHome';
import { DevicesView } from './views/DevicesView';
import { JoinView } from './views/JoinView';
import { NotFound } from './views/NotFound';
import { OfferItemView } from './views/OfferItemView';
import { OfferView } from './views/OfferView';
import { PledgeView } from './views/PledgeView';
import { SignInView } from './views/SignInView';
import { SignOutView } from './views/SignOutView';

type Render = (param: (name: string) => string, search: string) => VNode;

const ROUTES: [pattern: string, render: Render][] = [
  ['/', (_, search) => <ChooseCouncil search={search} />],
  ['/c/:slug', (param) => <CouncilHome slug={param('slug')} />],
  ['/c/:slug/offer', (param) => <OfferView slug={param('slug')} />],
  ['/c/:slug/offer/:itemId', (param) => <OfferItemView slug={param('slug')} itemId={param('itemId')} />],
  ['/c/:slug/check', (param) => <CheckView slug={param('slug')} />],
  ['/c/:slug/pledge', (param) => <PledgeView slug={param('slug')} />],
  ['/c/:slug/join', (param) => <JoinView slug={param('slug')} />],
  ['/c/:slug/sign-in', (param) => <SignInView slug={param('slug')} />],
  ['/c/:slug/devices', (param) => <DevicesView slug={param('slug')} />],
  ['/c/:slug/sign-out', (param) => <SignOutView home={`/c/${encodeURIComponent(param('slug'))}`} />],
];

export function App() {
  const { path, search } = useLocation();
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (!params) continue;
    return (
      <Layout path={path} slug={params['slug']}>
        <Fragment key={path + search}>{render((name) => params[name] ?? '', search)}</Fragment>
      </Layout>
    );
  }
  return (
    <Layout path={path} slug={undefined}>
      <NotFound />
    </Layout>
  );
}
