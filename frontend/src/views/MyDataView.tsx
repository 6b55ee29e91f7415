// "/c/:slug/my-data": everything Harbour keeps about the young person, as a page they can
// read, print or save as a PDF, and as a JSON file. Asked for each time (never kept on the
// phone), so online only. The file is made from the same answer, so its address holds nothing.
import '../lib/my-data-words';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { MyDataDocument } from '../api/types';
import { History, PrintButton } from '../components/History';
import { Page } from '../components/Page';
import { SummaryRow } from '../components/SummaryRow';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { t, type MessageKey } from '../core/i18n';
import { dataFileName, saveJson } from '../lib/download';
import { formatDate, formatDateTime } from '../lib/format';
import { statusText, valueText } from '../lib/records-text';
import { answerText, questionLabel } from '../features/statements/text';
import type { Answers } from '../features/statements/statements';
import { NotYet, useOnlineData } from './online-only';
import { SeenList } from './SeenView';
import { compareIso } from '../core/order';

type Doc = MyDataDocument;

export function MyDataView({ slug }: { slug: string }) {
  return <YoungPersonOnly slug={slug} title={t('myData.title')}>{() => <MyData />}</YoungPersonOnly>;
}

function MyData() {
  const [state, retry] = useOnlineData<Doc>('/api/v1/my-data');
  const [saved, setSaved] = useState(false);
  if (state.status !== 'ready') return <NotYet title={t('myData.title')} status={state.status} offline="myData.offline" retry={retry} />;
  const doc = state.data;
  const save = () => {
    saveJson(doc, dataFileName('my-data'));
    setSaved(true);
  };
  return (
    <Page title={t('myData.title')}>
      <p class="lead">{t('myData.intro')}</p>
      <p class="hint">{t('myData.madeAt', { date: formatDateTime(doc.made_at) })}</p>
      <div class="button-group no-print">
        <PrintButton label={t('myData.print')} />
        <button type="button" class="button button--secondary" onClick={save} data-testid="download-json">
          {t('myData.download')}
        </button>
      </div>
      <p class="hint no-print">{t('myData.downloadHint')}</p>
      <p role="status">{saved ? t('myData.downloaded') : ''}</p>
      <About doc={doc} />
      <Statements doc={doc} />
      <Plan doc={doc} />
      <Passport doc={doc} />
      <Reminders doc={doc} />
      <Devices doc={doc} />
      <Part id="md-seen" title={t('myData.seen')}>
        {doc.who_has_seen.length ? <SeenList entries={doc.who_has_seen} /> : <p>{t('myData.seenEmpty')}</p>}
        <p>{t('myData.trail', { count: doc.trail.length })}</p>
      </Part>
      <Part id="md-left-out" title={t('myData.leftOut')}>
        <dl class="summary-list">
          {doc.left_out.map((left) => (
            <SummaryRow key={left.what} term={left.what}>
              {left.why}
            </SummaryRow>
          ))}
        </dl>
      </Part>
    </Page>
  );
}

function Part({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

const day = (iso: string | null | undefined) => (iso ? formatDate(iso) : t('myData.notKnown'));

function About({ doc }: { doc: Doc }) {
  const me = doc.profile;
  const rows: [MessageKey, string | null][] = [
    ['myData.preferredName', me.preferred_name],
    ['myData.fullName', me.full_name],
    ['myData.dateOfBirth', formatDate(me.date_of_birth)],
    ['myData.legalStatus', t(`legalStatus.${me.legal_status}.label` as MessageKey)],
    ['myData.pa', me.personal_adviser ? (me.personal_adviser.name ?? t('seen.roleOnly.personal_adviser')) : t('myData.noPa')],
    ['myData.username', me.username],
    ['myData.caseReference', me.case_reference],
    ['myData.phone', me.contact_phone],
    ['myData.language', me.preferred_language],
  ];
  return (
    <Part id="md-about" title={t('myData.about')}>
      <dl class="summary-list">
        {rows
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <SummaryRow key={term} term={t(term)}>
              {value}
            </SummaryRow>
          ))}
      </dl>
      <h3>{t('myData.legalHistory')}</h3>
      {/* Scrolls on its own on a narrow screen with large text, never the page. */}
      <div class="table-wrap" role="region" aria-label={t('myData.legalHistory')} tabIndex={0}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('myData.legalStatus')}</th>
            <th scope="col">{t('myData.changedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {me.legal_status_history.map((entry) => (
            <tr key={entry.recorded_at}>
              <td>{t(`legalStatus.${entry.legal_status}.label` as MessageKey)}</td>
              <td>{day(entry.changed_on)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </Part>
  );
}

/** The replies and what they wrote back, in the order they were written. */
function thread(said: Doc['statements'][number]): { key: string; at: string; who: string; text: string }[] {
  const replies = said.replies.map((reply) => ({
    key: reply.id,
    at: reply.created_at,
    who: t('myData.replyFrom', { name: reply.from, date: formatDateTime(reply.created_at) }),
    text: reply.text,
  }));
  const messages = said.messages.map((message) => ({
    key: message.id,
    at: message.written_at,
    who: t('myData.youWrote', { date: formatDateTime(message.written_at) }),
    text: message.text,
  }));
  return [...replies, ...messages].sort((a, b) => compareIso(a.at, b.at));
}

function Statements({ doc }: { doc: Doc }) {
  return (
    <Part id="md-statements" title={t('myData.statements')}>
      {doc.statements.length === 0 && <p>{t('myData.noStatements')}</p>}
      {doc.statements.map((said) => (
        <article key={said.id} class="card" aria-labelledby={`md-s-${said.id}`}>
          <h3 id={`md-s-${said.id}`} class="card__title">
            {t(`views.type.${said.type}.title` as MessageKey)}
          </h3>
          <p class="hint">
            {t('myData.sentOn', { date: formatDateTime(said.written_at) })}. {t('myData.sentTo', { who: said.recipient_label })}
          </p>
          {said.type === 'help_now' ? (
            <p>{t('views.thread.tappedHelp')}</p>
          ) : (
            <dl class="answers">
              {Object.entries(said.answers as Answers).map(([name, value]) => (
                <div key={name} class="answers__row">
                  <dt>{questionLabel(said.type, name)}</dt>
                  <dd class="history__text">{answerText(name, value)}</dd>
                </div>
              ))}
            </dl>
          )}
          {said.read_at && <p>{t('myData.readBy', { name: said.read_by ?? t('records.yourPa'), date: formatDateTime(said.read_at) })}</p>}
          {said.young_person_update && (
            <p>{t(`myData.update.${said.young_person_update.said}`, { date: formatDateTime(said.young_person_update.at) })}</p>
          )}
          {thread(said).map((line) => (
            <div key={line.key} class="inset">
              <p class="hint">{line.who}</p>
              <p class="history__text">{line.text}</p>
            </div>
          ))}
        </article>
      ))}
    </Part>
  );
}

function Plan({ doc }: { doc: Doc }) {
  const { plan } = doc;
  return (
    <Part id="md-plan" title={t('myData.plan')}>
      <dl class="summary-list">
        <SummaryRow term={t('myData.review')}>{plan.review_due ? formatDate(plan.review_due) : t('myData.noReview')}</SummaryRow>
      </dl>
      {plan.tasks.length === 0 ? (
        <p>{t('myData.noTasks')}</p>
      ) : (
        <div class="table-wrap" role="region" aria-label={t('myData.plan')} tabIndex={0}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('myData.task')}</th>
              <th scope="col">{t('myData.status')}</th>
              <th scope="col">{t('myData.due')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.tasks.map((task) => (
              <tr key={task.id}>
                <td>{task.title}</td>
                <td>{statusText(task.status)}</td>
                <td>{task.due_on ? formatDate(task.due_on) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {plan.tasks
        .filter((task) => task.notes.length)
        .map((task) => (
          <div key={task.id}>
            <h3>{t('myData.notesOn', { title: task.title })}</h3>
            <ul class="history">
              {task.notes.map((note) => (
                <li key={note.id} class="history__item">
                  <p class="history__meta hint">{formatDateTime(note.created_at)}</p>
                  <p class="history__text">{note.text}</p>
                </li>
              ))}
            </ul>
          </div>
        ))}
      <History entries={plan.history} id="md-plan-history" />
    </Part>
  );
}

const PASSPORT_FIELDS = [
  'gp_name', 'gp_phone', 'gp_address', 'dentist_name', 'dentist_phone', 'dentist_address',
  'optician_name', 'optician_phone', 'optician_address', 'nhs_number', 'allergies', 'conditions',
  'medicines', 'immunisations', 'contacts', 'health_assessment_last', 'health_assessment_next',
  'dental_check_last', 'dental_check_next', 'eye_test_last', 'eye_test_next', 'immunisations_due',
  'passport_review',
] as const; // prettier-ignore

function Passport({ doc }: { doc: Doc }) {
  const passport = doc.health_passport;
  return (
    <Part id="md-passport" title={t('myData.passport')}>
      {!passport ? (
        <p>{t('myData.noPassport')}</p>
      ) : (
        <>
          <dl class="summary-list">
            <SummaryRow term={t('myData.shared')}>{t(passport.shared_with_pa ? 'myData.yes' : 'myData.no')}</SummaryRow>
            {PASSPORT_FIELDS.filter((field) => passport[field]).map((field) => (
              <SummaryRow key={field} term={t(`passport.field.${field}`)} class="history__text">
                {valueText(field, passport[field])}
              </SummaryRow>
            ))}
          </dl>
          <History entries={passport.history} id="md-passport-history" />
        </>
      )}
    </Part>
  );
}

const PASSPORT_DATES = new Set<string>(PASSPORT_FIELDS);

function reminderText(kind: string): string {
  if (PASSPORT_DATES.has(kind)) return t(`passport.field.${kind}` as MessageKey);
  const known = ['plan_review', 'task_due', 'task_overdue', 'reply'];
  return t((known.includes(kind) ? `myData.reminder.${kind}` : 'myData.reminder.other') as MessageKey);
}

function Reminders({ doc }: { doc: Doc }) {
  const settings = doc.reminder_settings;
  return (
    <Part id="md-reminders" title={t('myData.reminders')}>
      <p>{t('myData.quietHours', { start: settings.quiet_start, end: settings.quiet_end })}</p>
      {doc.reminders.length === 0 ? (
        <p>{t('myData.noReminders')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('myData.reminderFor')}</th>
              <th scope="col">{t('myData.reminderWhen')}</th>
              <th scope="col">{t('myData.reminderSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.reminders.map((reminder, n) => (
              <tr key={n}>
                <td>{reminderText(reminder.event_kind)}</td>
                <td>{formatDateTime(reminder.due_at)}</td>
                <td>{reminder.seen_at ? formatDateTime(reminder.seen_at) : t('myData.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Part>
  );
}

function Devices({ doc }: { doc: Doc }) {
  const lines = [
    ...doc.sign_in_sessions.map((s) => t('myData.signedIn', { device: s.device_label, date: formatDateTime(s.created_at) })),
    ...doc.passkeys.map((p) => t('myData.passkey', { label: p.label, date: formatDate(p.created_at) })),
    ...doc.push_subscriptions.map((p) => t('myData.pushPhone', { date: formatDate(p.created_at) })),
    ...doc.calendar_feeds.map((f) =>
      f.revoked_at
        ? t('myData.calendarStopped', { date: formatDate(f.created_at), stopped: formatDate(f.revoked_at) })
        : t('myData.calendar', { date: formatDate(f.created_at) }),
    ),
  ];
  return (
    <Part id="md-devices" title={t('myData.devices')}>
      {lines.length === 0 ? (
        <p>{t('myData.noDevices')}</p>
      ) : (
        <ul>
          {lines.map((line, n) => (
            <li key={n}>{line}</li>
          ))}
        </ul>
      )}
    </Part>
  );
}
