// The staff pages ("/staff/..."), loaded as their own chunk. Every page but sign-in and
// joining needs a signed-in staff member; anyone else is sent to sign in.
import type { VNode } from 'preact';
import { useEffect } from 'preact/hooks';
import { InboxOpen, InboxPage } from '../components/Inbox';
import { Page } from '../components/Page';
import { ReminderSettingsPage } from '../components/ReminderSettings';
import { t } from './i18n';
import { matchPath, navigate } from '../core/router';
import { useSignedIn, type SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { SignOutView } from '../views/SignOutView';
import { AddTaskPage } from './AddTaskPage';
import { AddYoungPerson } from './AddYoungPerson';
import { AuditView } from './AuditView';
import { Caseload } from './Caseload';
import { PlanExportPage, StatementExportPage, StatementsExportPage } from './CaseRecordExport';
import { ContentEditor } from './ContentEditor';
import { OfferItemEditor } from './OfferItemEditor';
import { PassportPanel } from './PassportPanel';
import { PlanPage } from './PlanPage';
import { screenRequest } from './screen';
import { ProfilePage } from './ProfilePage';
import { PledgeTextEditor } from './PledgeTextEditor';
import { RecordEditPage } from './RecordEditPage';
import { StaffAdmin } from './StaffAdmin';
import { StaffJoin } from './StaffJoin';
import { StaffSignIn } from './StaffSignIn';
import { StatementPage } from './StatementPage';
import { TaskPage } from './TaskPage';
import { TriageQueue } from './TriageQueue';
import { UrgentAlerts } from './UrgentAlerts';
import { YoungPersonPage } from './YoungPersonPage';

const STAFF_INBOX = { voice: 'staffReminders', base: '/staff/inbox', settingsHref: '/staff/reminders' } as const;

type Render = (param: (name: string) => string, me: SignedInPerson, search: string) => VNode;

const SIGNED_IN: [pattern: string, render: Render][] = [
  ['/staff', (_, me) => <Caseload me={me} />],
  ['/staff/young-people/new', (_, me) => <AddYoungPerson me={me} />],
  ['/staff/young-people/:id', (param, me) => <YoungPersonPage id={param('id')} me={me} />],
  ['/staff/young-people/:id/edit', (param) => <RecordEditPage key={param('id')} id={param('id')} />],
  ['/staff/young-people/:id/plan', (param, me) => <PlanPage key={param('id')} id={param('id')} me={me} />],
  ['/staff/young-people/:id/plan/export', (param) => <PlanExportPage key={param('id')} id={param('id')} />],
  ['/staff/young-people/:id/statements/export', (param, _, search) => <StatementsExportPage key={param('id')} id={param('id')} search={search} />],
  ['/staff/young-people/:id/plan/new', (param, me) => <AddTaskPage key={param('id')} id={param('id')} me={me} />],
  ['/staff/young-people/:id/plan/tasks/:taskId', (param, me) => <TaskPage key={param('taskId')} id={param('id')} taskId={param('taskId')} me={me} />],
  ['/staff/young-people/:id/health', (param, me) => <PassportPanel key={param('id')} id={param('id')} me={me} />],
  ['/staff/views', (_, me, search) => <TriageQueue me={me} view="mine" search={search} />],
  ['/staff/views/team', (_, me, search) => <TriageQueue me={me} view="team" search={search} />],
  ['/staff/views/:id/export', (param) => <StatementExportPage key={param('id')} id={param('id')} />],
  ['/staff/views/:id', (param, me) => <StatementPage key={param('id')} id={param('id')} me={me} />],
  ['/staff/audit', (_, me) => <AuditView me={me} />],
  ['/staff/profile', () => <ProfilePage />],
  ['/staff/inbox', () => <InboxPage {...STAFF_INBOX} />],
  ['/staff/inbox/:id', (param) => <InboxOpen {...STAFF_INBOX} id={param('id')} />],
  ['/staff/reminders', () => <ReminderSettingsPage voice="staffReminders" inboxHref="/staff/inbox" />],
  ['/staff/team', (_, me) => <StaffAdmin me={me} />],
  ['/staff/content', () => <ContentEditor />],
  ['/staff/content/offer/:id', (param, me) => <OfferItemEditor key={param('id')} id={param('id')} me={me} />],
  ['/staff/content/themes/:id', (param, me) => <PledgeTextEditor key={param('id')} kind="theme" id={param('id')} me={me} />],
  ['/staff/content/promises/:id', (param, me) => <PledgeTextEditor key={param('id')} kind="promise" id={param('id')} me={me} />],
];

export function StaffPages({ path, search }: { path: string; search: string }) {
  const me = useSignedIn();
  if (path === '/staff/sign-in') return <StaffSignIn search={search} />;
  if (path === '/staff/join') return <StaffJoin />;
  if (path === '/staff/sign-out') return <SignOutView home="/staff/sign-in" />;
  for (const [pattern, render] of SIGNED_IN) {
    const params = matchPath(pattern, path);
    if (!params) continue;
    if (me === undefined) return <Page title={t('app.loadingTitle')} busy />;
    if (me === null) return <GoToSignIn />;
    if (me.kind !== 'staff') {
      return (
        <Page title={t('staff.signIn.title')}>
          <p>{t('staff.notForYou')}</p>
        </Page>
      );
    }
    const page = render((name) => params[name] ?? '', me, search);
    // Urgent statements alert caseworkers on every staff page until someone acknowledges them.
    return me.role === 'content_editor' ? page : (
      <>
        <UrgentAlerts who={me.id} withScreen={screenRequest(path, search) !== null} />
        {page}
      </>
    );
  }
  return <NotFound />;
}

function GoToSignIn() {
  useEffect(() => navigate('/staff/sign-in', { replace: true }), []);
  return <Page title={t('app.loadingTitle')} busy />;
}
