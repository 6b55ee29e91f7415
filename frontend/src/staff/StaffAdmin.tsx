// "/staff/team" (admins): everyone on the council's staff, adding a local staff account
// (with the invite code they set it up with), and resetting a lost authenticator.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Radios, TextInput, UsernameInput } from '../components/form';
import { Page } from '../components/Page';
import { ApiError, send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { fieldsWithErrors, generalError, useForm } from '../lib/form-errors';
import { t } from './i18n';
import { Forbidden } from './Forbidden';
import { TableHead } from './TableHead';
import type { SignedInPerson } from '../core/session';
import type { EveryValue, InviteOut, StaffCreated, StaffList, StaffOut, StaffRole } from '../api/types';
import { staffPaths } from './paths';
import { Problem } from '../components/Problem';

const roles = ['personal_adviser', 'team_manager', 'content_editor', 'council_admin'] as const;
const ROLES: EveryValue<StaffRole, typeof roles> = roles;
type Field = 'name' | 'role' | 'username';
const TARGET: Record<Field, string> = { name: 'new-staff-name', role: 'new-staff-role-personal_adviser', username: 'new-staff-username' };

export function StaffAdmin({ me }: { me: SignedInPerson }) {
  const [staff, setStaff] = useState<StaffOut[] | null>(null);
  const [invite, setInvite] = useState<{ name: string; invite: InviteOut } | null>(null);
  const [problem, setProblem] = useState('');
  const inviteRef = useRef<HTMLHeadingElement>(null);

  const reload = () =>
    send<StaffList>('GET', staffPaths.staff).then(
      (list) => setStaff(list.staff),
      (error: unknown) => setProblem(generalError(error)),
    );

  useEffect(() => {
    if (me.role === 'council_admin') void reload();
  }, []);
  useEffect(() => {
    if (invite) inviteRef.current?.focus();
  }, [invite]);

  if (me.role !== 'council_admin') return <Forbidden title={t('staffAdmin.title')} />;

  const reset = async (member: StaffOut) => {
    setProblem('');
    try {
      const code = await send<InviteOut>('POST', `${staffPaths.staff}/${encodeURIComponent(member.id)}/reset-access`);
      setInvite({ name: member.display_name, invite: code });
    } catch (error) {
      setProblem(generalError(error));
    }
  };

  return (
    <Page title={t('staffAdmin.title')} busy={staff === null && !problem} before={<a class="back-link" href="/staff">{t('staff.person.back')}</a>}>
      <Problem text={problem} />
      {invite && (
        <section class="invite" aria-labelledby="staff-invite-heading">
          <h2 id="staff-invite-heading" tabIndex={-1} ref={inviteRef}>
            {t('staffAdmin.inviteHeading', { name: invite.name })}
          </h2>
          <p class="invite__code" data-testid="invite-code">
            {invite.invite.code}
          </p>
          <p>{t('staffAdmin.inviteHelp', { date: formatDateTime(invite.invite.expires_at) })}</p>
        </section>
      )}
      {staff && (
        <div class="table-wrap" role="region" aria-labelledby="staff-caption" tabIndex={0}>
          <table class="table" data-testid="staff-table">
            <caption id="staff-caption" class="table__caption">
              {t('staffAdmin.caption', { count: staff.length })}
            </caption>
            <TableHead columns={[t('staffAdmin.name'), t('staffAdmin.role'), t('staffAdmin.signIn')]} />
            <tbody>
              {staff.map((member) => (
                <tr key={member.id}>
                  <th scope="row">
                    {member.display_name}
                    {!member.active && ` ${t('staffAdmin.left')}`}
                  </th>
                  <td>{t(`staffAdmin.role.${member.role}`)}</td>
                  <td>
                    {member.sign_in === 'local' ? t('staffAdmin.signIn.local', { username: member.username ?? '' }) : t('staffAdmin.signIn.oidc')}
                    {member.sign_in === 'local' && member.active && member.id !== me.id && (
                      <>
                        {' '}
                        <button type="button" class="link-button" onClick={() => void reset(member)}>
                          {t('staffAdmin.reset', { name: member.display_name })}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddStaff
        onAdded={(name, code) => {
          setInvite({ name, invite: code });
          void reload();
        }}
      />
    </Page>
  );
}

function AddStaff({ onAdded }: { onAdded: (name: string, invite: InviteOut) => void }) {
  const form = useForm(TARGET, { name: '', role: '', username: '' });
  const { fail } = form;

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { name, role, username } = form.values;
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = t('staffAdmin.error.name');
    if (!role) found.role = t('staffAdmin.error.role');
    if (!/^[a-z0-9][a-z0-9._-]{2,39}$/.test(username.trim().toLowerCase())) found.username = t('staffAdmin.error.username');
    if (Object.keys(found).length > 0) return fail(found);
    try {
      const created = await send<StaffCreated>('POST', staffPaths.staff, {
        display_name: name.trim(),
        role,
        sign_in: 'local',
        username: username.trim().toLowerCase(),
      });
      form.clear();
      if (created.invite) onAdded(name.trim(), created.invite);
      form.reset();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) return fail({ username: t('staffAdmin.error.taken') });
      const fields =
        error instanceof ApiError
          ? fieldsWithErrors(error.fields, { name: 'body.display_name', role: 'body.role', username: 'body.username' })
          : [];
      if (fields.length > 0) {
        return fail(Object.fromEntries(fields.map((field) => [field, t(`staffAdmin.error.${field}`)])));
      }
      fail({}, generalError(error));
    }
  };

  const summary = form.summary(TARGET.name);
  return (
    <section aria-labelledby="add-staff-heading">
      <h2 id="add-staff-heading">{t('staffAdmin.addHeading')}</h2>
      {summary.length > 0 && <ErrorSummary attempt={form.attempt} errors={summary} />}
      <form onSubmit={submit} noValidate>
        <TextInput {...form.field('name')} label={t('staffAdmin.addName')} autoComplete="off" />
        <Radios
          id="new-staff-role"
          legend={t('staffAdmin.addRole')}
          options={ROLES}
          label={(choice) => t(`staffAdmin.role.${choice}`)}
          {...form.choice('role')}
        />
        <UsernameInput {...form.field('username')} label={t('staffAdmin.addUsername')} hint={t('staffAdmin.addUsernameHint')} autoComplete="off" />
        <button type="submit" class="button">
          {t('staffAdmin.addSubmit')}
        </button>
      </form>
    </section>
  );
}
