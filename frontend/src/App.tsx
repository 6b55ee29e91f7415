// Routes. Each page is keyed by its address, so moving to another page starts it afresh.
import { Fragment, type VNode } from 'preact';
import { useEffect } from 'preact/hooks';
import { lazyChunk, lazyPage } from './components/Lazy';
import { Layout } from './components/Layout';
import { HelpButton } from './features/statements/HelpButton';
import { paths, preload } from './core/api';
import { useLocked } from './core/hooks';
import { isStaffPath, matchPath, useLocation } from './core/router';
import { CheckView } from './views/CheckView';
import { OFFER_FRAME } from './views/offer-frame';
import { ChooseCouncil } from './views/ChooseCouncil';
import { CouncilHome } from './views/CouncilHome';
import { HelpView } from './views/HelpView';

import { NotFound } from './components/NotFound';
import { OfferItemView } from './views/OfferItemView';
import { PledgeView } from './views/PledgeView';


// The offer page brings its search engine, so it is a chunk of its own. Its heading and first
// paragraph paint at once; then its data is asked for with its chunk, not after it.
const LazyOfferView = lazyPage(() => import('./views/OfferView').then((page) => page.OfferView), 'app.loading', OFFER_FRAME);
function OfferView({ slug }: { slug: string }) {
  useEffect(() => preload(paths.offer(slug)), [slug]);
  return <LazyOfferView slug={slug} />;
}
const account = lazyChunk(() => import('./views/account'));
const JoinView = account('JoinView');
const SignInView = account('SignInView');
const SignOutView = account('SignOutView');
const DevicesView = account('DevicesView');
const ThisPhoneView = account('ThisPhoneView');
const MoreView = account('MoreView');
const PrivacyView = account('PrivacyView');
const MyDataView = account('MyDataView');
const SeenView = account('SeenView');
const myViews = lazyChunk(() => import('./views/my-views'));
// A young person's most used pages paint their heading and first paragraph at once.
const MyViewsView = myViews('MyViewsView', { title: 'views.title', lead: 'views.intro' });
const NewStatementView = myViews('NewStatementView');
const StatementFlowView = myViews('StatementFlowView');
const StatementView = myViews('StatementView');
const myPlan = lazyChunk(() => import('./views/my-plan'));
const MyPlanView = myPlan('MyPlanView', { title: 'plan.title', lead: 'plan.intro' });
const NewTaskView = myPlan('NewTaskView');
const TaskView = myPlan('TaskView');
const PassportView = myPlan('PassportView');
const PassportEditView = myPlan('PassportEditView');
const CalendarView = myPlan('CalendarView');
const RemindersView = myPlan('RemindersView');
const InboxView = myPlan('InboxView');
const LockView = account('LockView');
// The lock screen and its cipher code: a chunk of its own, loaded only with the lock on.
const LockScreen = lazyPage(() => import('./features/lock/LockScreen').then((screen) => screen.LockScreen));

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
  ['/c/:slug/views', (param) => <MyViewsView slug={param('slug')} />],
  ['/c/:slug/views/new/:type', (param, search) => <NewStatementView slug={param('slug')} type={param('type')} search={search} />],
  ['/c/:slug/views/draft/:id', (param) => <StatementFlowView slug={param('slug')} id={param('id')} />],
  ['/c/:slug/views/sent/:id', (param) => <StatementView slug={param('slug')} id={param('id')} />],
  ['/c/:slug/views/help', (param) => <HelpView slug={param('slug')} />],
  ['/c/:slug/views/help/:id', (param) => <HelpView slug={param('slug')} id={param('id')} />],
  ['/c/:slug/plan', (param) => <MyPlanView slug={param('slug')} />],
  ['/c/:slug/plan/new', (param) => <NewTaskView slug={param('slug')} />],
  ['/c/:slug/plan/tasks/:id', (param, search) => <TaskView slug={param('slug')} id={param('id')} search={search} />],
  ['/c/:slug/health', (param) => <PassportView slug={param('slug')} />],
  ['/c/:slug/health/edit/:section', (param) => <PassportEditView slug={param('slug')} section={param('section')} />],
  ['/c/:slug/calendar', (param) => <CalendarView slug={param('slug')} />],
  ['/c/:slug/reminders', (param) => <RemindersView slug={param('slug')} />],
  ['/c/:slug/inbox', (param) => <InboxView slug={param('slug')} />],
  ['/c/:slug/inbox/:id', (param) => <InboxView slug={param('slug')} id={param('id')} />],
  ['/c/:slug/this-phone', (param) => <ThisPhoneView slug={param('slug')} />],
  ['/c/:slug/lock', (param) => <LockView slug={param('slug')} />],
  ['/c/:slug/more', (param) => <MoreView slug={param('slug')} />],
  ['/c/:slug/privacy', (param) => <PrivacyView slug={param('slug')} />],
  ['/c/:slug/my-data', (param) => <MyDataView slug={param('slug')} />],
  ['/c/:slug/seen', (param) => <SeenView slug={param('slug')} />],
  ['/c/:slug/sign-out', (param) => <SignOutView home={`/c/${encodeURIComponent(param('slug'))}`} />],
];

/** Staff pages are a separate chunk, loaded only when someone opens one, so young people's
 * phones never download them. */
const LazyStaffPages = lazyPage(() => import('./staff/StaffPages').then((module) => module.StaffPages), 'staff.loading');

export function App() {
  const { path, search } = useLocation();
  const locked = useLocked();
  // Locked: the lock screen instead of any page, so no title, tab bar or count shows.
  if (locked && !isStaffPath(path)) return <LockScreen />;
  if (isStaffPath(path)) {
    return (
      <Layout path={path} slug={undefined}>
        <Fragment key={path + search}>
          <LazyStaffPages path={path} search={search} />
        </Fragment>
      </Layout>
    );
  }
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (!params) continue;
    const slug = params['slug'];
    return (
      <Layout path={path} slug={slug} help={slug ? <HelpButton slug={slug} /> : undefined}>
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
