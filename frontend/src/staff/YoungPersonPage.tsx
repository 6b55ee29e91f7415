// "/staff/young-people/:id": one young person's record (reading it is audited) with a link
// to correct it, their invite code when one has just been made, "Give them an invite code"
// (not joined yet), "Reset access" and "Sign out everywhere (lost phone)" (joined), the
// download for a subject access request, and for managers and admins, moving them to another
// PA. A new code stops the old one, so while a code is live the button for another is at the
// foot of the page, away from the code, and asks first.
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';
import { LoadingPage, useLoadFailure } from './LoadingPage';
import type { SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { ConfirmStep } from './ConfirmStep';
import { InviteCode } from './InviteCode';
import { RecordSummary } from './RecordSummary';
import { planPages } from './plan';
import { takeInvite } from './invite';
import { Reallocate } from './Reallocate';
import type { EndedSessions, InviteOut, YoungPersonOut } from '../api/types';
import { staffPaths } from './paths';
import { Problem } from '../components/Problem';
import { SummaryRow } from '../components/SummaryRow';
import { dataFileName, saveJson } from '../lib/download';

export function YoungPersonPage({ id, me }: { id: string; me: SignedInPerson }) {
  const [person, setPerson] = useState<YoungPersonOut | null>(null);
  const { missing, problem, setProblem, failed } = useLoadFailure();
  const [invite, setInvite] = useState<InviteOut | null>(() => takeInvite(id));
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<'reset' | 'replace' | null>(null);

  const reload = () =>
    send<YoungPersonOut>('GET', staffPaths.youngPerson(id)).then(setPerson, failed);

  useEffect(() => {
    void reload();
  }, [id]);

  const act = async (task: () => Promise<void>) => {
    setBusy(true);
    setProblem('');
    setNotice('');
    try {
      await task();
    } catch (error) {
      setProblem(generalError(error));
    } finally {
      setBusy(false);
    }
  };

  /** A reset for someone who has joined; a plain new code for someone who has not. */
  const newCode = (path: string) =>
    act(async () => {
      setConfirming(null);
      setInvite(await send<InviteOut>('POST', path));
      await reload();
    });

  const moved = (name: string) => {
    setNotice(t('staff.person.paMoved', { name }));
    void reload();
  };

  const signOutEverywhere = () =>
    act(async () => {
      const { ended } = await send<EndedSessions>('POST', staffPaths.signOutEverywhere(id));
      setNotice(t('staff.person.ended', { count: ended }));
    });

  // A subject access request: the young person's own "Download my data" document, as a file.
  const subjectAccess = () =>
    act(async () => {
      saveJson(await send('GET', staffPaths.subjectAccess(id)), dataFileName('subject-access'));
      setNotice(t('staff.person.sarSaved'));
    });

  if (missing) return <NotFound />;
  if (!person) return <LoadingPage problem={problem} />;
  // A code they may already have (just shown, or given earlier and not used or run out).
  const liveCode = invite !== null || person.invite_expires_at !== null;
  const giveCode = (
    <section aria-labelledby="code-heading">
      <h2 id="code-heading">{t(liveCode ? 'staff.person.newCodeHeading' : 'staff.person.giveCode')}</h2>
      <p>
        {!liveCode && `${t('staff.person.giveCodeExpired')} `}
        {t('staff.person.giveCodeText')}
      </p>
      {confirming === 'replace' ? (
        <ConfirmStep
          question={t('staff.person.replaceConfirm', { name: person.preferred_name })}
          yes={t('staff.person.replaceYes')}
          no={t('staff.person.replaceCancel')}
          busy={busy}
          onYes={() => void newCode(staffPaths.invite(id))}
          onNo={() => setConfirming(null)}
        />
      ) : (
        <button
          type="button"
          class={liveCode ? 'button button--secondary' : 'button'}
          disabled={busy}
          onClick={() => (liveCode ? setConfirming('replace') : void newCode(staffPaths.invite(id)))}
        >
          {t(liveCode ? 'staff.person.newCode' : 'staff.person.giveCode')}
        </button>
      )}
    </section>
  );
  return (
    <Page title={person.preferred_name} before={<a class="back-link" href="/staff">{t('staff.person.back')}</a>}>
      <p role="status">{notice}</p>
      <Problem text={problem} />
      {invite && <InviteCode key={invite.code} invite={invite} />}
      <RecordSummary person={person} />
      <p>
        <a class="button button--secondary" href={`/staff/young-people/${encodeURIComponent(id)}/edit`}>
          {t('staff.person.edit')}
        </a>
      </p>
      <dl class="summary-list">
        <SummaryRow term={t('staff.person.usingHarbour')}>{person.joined ? t('staff.home.joinedYes') : t('staff.person.notJoined')}</SummaryRow>
        {person.username && <SummaryRow term={t('staff.person.username')}>{person.username}</SummaryRow>}
      </dl>
      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t('staff.person.planHeading')}</h2>
        <ul class="button-group">
          <li>
            <a class="button" href={planPages.plan(id)}>
              {t('staff.person.planLink')}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href={planPages.health(id)}>
              {t('staff.person.healthLink')}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href={planPages.statementsExport(id)}>
              {t('caseRecord.exportStatements')}
            </a>
          </li>
        </ul>
      </section>
      {!invite && person.invite_expires_at && (
        <p>{t('staff.person.inviteWaiting', { date: formatDateTime(person.invite_expires_at) })}</p>
      )}
      {person.joined ? (
        <>
          <section aria-labelledby="lost-heading">
            <h2 id="lost-heading">{t('staff.person.lostHeading')}</h2>
            <p>{t('staff.person.lostText')}</p>
            <button type="button" class="button button--warning" disabled={busy} onClick={() => void signOutEverywhere()}>
              {t('staff.person.lost')}
            </button>
          </section>
          <section aria-labelledby="reset-heading">
            <h2 id="reset-heading">{t('staff.person.resetHeading')}</h2>
            <p>{t('staff.person.resetText')}</p>
            {confirming === 'reset' ? (
              <ConfirmStep
                question={t('staff.person.resetConfirm', { name: person.preferred_name })}
                yes={t('staff.person.resetYes')}
                no={t('staff.person.resetCancel')}
                busy={busy}
                onYes={() => void newCode(staffPaths.resetAccess(id))}
                onNo={() => setConfirming(null)}
              />
            ) : (
              <button type="button" class="button button--secondary" disabled={busy} onClick={() => setConfirming('reset')}>
                {t('staff.person.reset')}
              </button>
            )}
          </section>
        </>
      ) : (
        !liveCode && giveCode
      )}
      <section aria-labelledby="sar-heading">
        <h2 id="sar-heading">{t('staff.person.sarHeading')}</h2>
        <p>{t('staff.person.sarText')}</p>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void subjectAccess()}>
          {t('staff.person.sar')}
        </button>
      </section>
      {(me.role === 'team_manager' || me.role === 'council_admin') && <Reallocate person={person} onMoved={moved} />}
      {!person.joined && liveCode && giveCode}
    </Page>
  );
}
