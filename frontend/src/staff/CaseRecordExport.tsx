// Exports to the case record (docs/case-record-export.md): one statement
// ("/staff/views/:id/export"), a young person's statements over a date range
// ("/staff/young-people/:id/statements/export?from=&to="), and the pathway plan with its history
// ("/staff/young-people/:id/plan/export"). Each page is the export itself, asked for once (and
// audited once): a print-ready page (A4, the case reference at the top) and "Download JSON",
// the same document saved from the browser, so the file name carries no name or id. And the
// "copied to case record" mark, here and on the statement's own page.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, TextInput } from '../components/form';
import { NotFound } from '../components/NotFound';
import { Page } from '../components/Page';
import { Problem } from '../components/Problem';
import { SummaryRow } from '../components/SummaryRow';
import { ApiError, send } from '../core/api';
import { navigate } from '../core/router';
import { dataFileName, saveJson } from '../lib/download';
import { formatDate, formatDateTime } from '../lib/format';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import type {
  CaseRecordMark,
  PlanExport,
  StatementEvent,
  StatementExport,
  StatementOut,
  StatementRecord,
  StatementsExport,
} from '../api/types';
import { t } from './i18n';
import { LoadingPage, useLoadFailure } from './LoadingPage';
import { entryTexts, groupByDomain, planPages } from './plan';
import { ownerText, DueDate } from './PlanPage';
import { staffPaths } from './paths';
import { Answers } from './StatementAnswers';
import { statementPaths } from './statements';

type Document = StatementExport | StatementsExport | PlanExport;

/** Asks for the export once (each asking is an audited export) and keeps it. */
function useExport<T extends Document>(path: string | null) {
  const [document, setDocument] = useState<T | null>(null);
  const { missing, problem, setProblem, failed } = useLoadFailure();
  const [refused, setRefused] = useState<ApiError | null>(null);
  useEffect(() => {
    if (path === null) return;
    setDocument(null);
    setRefused(null);
    setProblem('');
    send<T>('GET', path).then(setDocument, (error: unknown) => {
      if (error instanceof ApiError && error.status === 422) setRefused(error);
      else failed(error);
    });
  }, [path]);
  return { document, setDocument, missing, problem, refused };
}

/** Print (or save as PDF), and the same document as a JSON file. */
function ExportTools({ document, kind }: { document: Document; kind: string }) {
  const [saved, setSaved] = useState(false);
  const save = () => {
    saveJson(document, dataFileName(`case-record-${kind}`));
    setSaved(true);
  };
  return (
    <div class="no-print">
      <p>{t('caseRecord.intro')}</p>
      <div class="button-group">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('caseRecord.print')}
        </button>
        <button type="button" class="button button--secondary" onClick={save} data-testid="download-json">
          {t('caseRecord.download')}
        </button>
      </div>
      <p role="status">{saved ? t('caseRecord.downloaded') : ''}</p>
    </div>
  );
}

/** Whose record it is, as their record has them, with the case reference first. */
function RecordHeader({ document }: { document: Document }) {
  const person = document.young_person;
  return (
    <dl class="summary-list case-record__header" data-testid="case-record-header">
      <SummaryRow term={t('caseRecord.caseReference')}>
        <strong data-testid="case-reference">{person.case_reference ?? t('caseRecord.noCaseReference')}</strong>
      </SummaryRow>
      <SummaryRow term={t('caseRecord.preferredName')}>{person.preferred_name}</SummaryRow>
      {person.full_name && <SummaryRow term={t('caseRecord.fullName')}>{person.full_name}</SummaryRow>}
      <SummaryRow term={t('caseRecord.dateOfBirth')}>{formatDate(person.date_of_birth)}</SummaryRow>
      <SummaryRow term={t('caseRecord.council')}>{document.council.name}</SummaryRow>
      <SummaryRow term={t('caseRecord.exported')}>
        {t('caseRecord.byWhen', { name: document.exported_by.display_name, when: formatDateTime(document.exported_at) })}
      </SummaryRow>
    </dl>
  );
}

function ExportPage({ title, back, children }: { title: string; back: { href: string; text: string }; children: ComponentChildren }) {
  return (
    <Page
      title={title}
      before={
        <a class="back-link" href={back.href}>
          {back.text}
        </a>
      }
    >
      <div class="case-record">{children}</div>
    </Page>
  );
}

// --- statements -------------------------------------------------------------------------------

function byWhen(ref: { display_name: string } | null, when: string | null): string | null {
  return ref && when ? t('caseRecord.byWhen', { name: ref.display_name, when: formatDateTime(when) }) : null;
}

function eventText(event: StatementEvent): string {
  const by = event.by ?? t('staff.history.someone');
  switch (event.what) {
    case 'status_changed':
      return t('caseRecord.event.status_changed', {
        by,
        from: event.status_from ? t(`triage.status.${event.status_from}`) : '',
        to: event.status_to ? t(`triage.status.${event.status_to}`) : '',
      });
    case 'assigned':
      return event.assigned_to ? t('caseRecord.event.assigned', { by, to: event.assigned_to }) : t('caseRecord.event.pooled', { by });
    case 'young_person_update':
      return t('caseRecord.event.young_person_update', { by, said: t(`caseRecord.said.${event.said ?? 'ok_now'}`) });
    default:
      return t(`caseRecord.event.${event.what}`, { by });
  }
}

/** One statement as the case record keeps it: what was said, what was done, by whom, when. */
function StatementSection({ record, name, level }: { record: StatementRecord; name: string; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const rows: [string, string | null][] = [
    [t('triage.col.to'), record.recipient_label],
    [t('triage.detail.written'), formatDateTime(record.written_at)],
    [t('triage.col.received'), formatDateTime(record.received_at)],
    [t('caseRecord.urgent'), record.urgent ? t(`triage.urgent.${record.urgent_reason ?? 'asked_for_help'}`) : t('triage.contact.no')],
    [t('caseRecord.acknowledged'), byWhen(record.acknowledged_by, record.acknowledged_at)],
    [t('triage.col.status'), t(`triage.status.${record.status}`)],
    [t('triage.col.assigned'), record.assigned_to?.display_name ?? t('triage.unassigned')],
    [t('triage.detail.read'), byWhen(record.first_read_by, record.first_read_at)],
    [t('caseRecord.answered'), byWhen(record.answered_by, record.answered_at)],
    [t('caseRecord.copiedHeading'), byWhen(record.copied_to_case_record?.by ?? null, record.copied_to_case_record?.at ?? null)],
  ];
  const answered = { ...record, young_person: { preferred_name: name } };
  return (
    <section class="case-record__statement" aria-labelledby={`statement-${record.id}`} data-testid="exported-statement">
      <Heading id={`statement-${record.id}`}>{t('caseRecord.statementHeading', { type: record.type_title, when: formatDateTime(record.received_at) })}</Heading>
      <dl class="summary-list">
        {rows.map(([term, value]) => value !== null && <SummaryRow key={term} term={term}>{value}</SummaryRow>)}
      </dl>
      <Sub>{t('triage.answers.heading', { name })}</Sub>
      <Answers statement={answered} />
      <Sub>{t('caseRecord.replies', { name })}</Sub>
      {record.replies.length === 0 && <p>{t('caseRecord.none')}</p>}
      {record.replies.length > 0 && (
        <ol class="history">
          {record.replies.map((reply) => (
            <li key={reply.id} class="history__item">
              <p class="history__meta">{t('caseRecord.byWhen', { name: reply.by.display_name, when: formatDateTime(reply.sent_at) })}</p>
              <p class="history__text">{reply.text}</p>
              <p class="history__meta">{reply.seen_at ? t('caseRecord.seen', { name, when: formatDateTime(reply.seen_at) }) : t('caseRecord.notSeen', { name })}</p>
            </li>
          ))}
        </ol>
      )}
      {record.messages.length > 0 && (
        <>
          <Sub>{t('caseRecord.messages', { name })}</Sub>
          <ol class="history">
            {record.messages.map((message) => (
              <li key={message.id} class="history__item history__item--young-person">
                <p class="history__meta">{formatDateTime(message.written_at)}</p>
                <p class="history__text">{message.text}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      <Sub>{t('caseRecord.notes', { name })}</Sub>
      {record.notes.length === 0 && <p>{t('caseRecord.none')}</p>}
      {record.notes.length > 0 && (
        <ol class="history">
          {record.notes.map((note) => (
            <li key={note.id} class="history__item history__item--note">
              <p class="history__meta">{t('caseRecord.byWhen', { name: note.by.display_name, when: formatDateTime(note.written_at) })}</p>
              <p class="history__text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      <Sub>{t('caseRecord.history')}</Sub>
      {record.history.length === 0 && <p>{t('caseRecord.none')}</p>}
      {record.history.length > 0 && (
        <ol class="history" data-testid="statement-history">
          {record.history.map((event, index) => (
            <li key={index} class="history__item">
              <p class="history__meta">{formatDateTime(event.at)}</p>
              <p class="history__text">{eventText(event)}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** "Copied to case record by Alex on 3 December 2026 at 17:20", or the button that says so. */
export function CopiedMark({ statementId, mark, onMarked }: { statementId: string; mark: CaseRecordMark | null; onMarked: (statement: StatementOut) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [notice, setNotice] = useState('');
  const markIt = async () => {
    setBusy(true);
    setProblem('');
    try {
      const statement = await send<StatementOut>('POST', statementPaths.copied(statementId));
      setNotice(t('caseRecord.marked'));
      onMarked(statement);
    } catch (error) {
      setProblem(generalError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="copied-heading" class="case-record__mark">
      <h2 id="copied-heading">{t('caseRecord.copiedHeading')}</h2>
      <p role="status" class="no-print">{notice}</p>
      {mark ? (
        <p data-testid="copied-mark">{t('caseRecord.copied', { name: mark.by.display_name, when: formatDateTime(mark.at) })}</p>
      ) : (
        <>
          <p data-testid="copied-mark">{t('caseRecord.notCopied')}</p>
          <Problem text={problem} />
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => void markIt()}>
            {t('caseRecord.markCopied')}
          </button>
        </>
      )}
    </section>
  );
}

export function StatementExportPage({ id }: { id: string }) {
  const { document, setDocument, missing, problem } = useExport<StatementExport>(statementPaths.export(id));
  if (missing) return <NotFound />;
  if (!document) return <LoadingPage problem={problem} />;
  const name = document.young_person.preferred_name;
  const record = document.statement;
  // The mark changes only the mark: the page keeps the export it was given and shows the mark.
  const marked = (statement: StatementOut) =>
    setDocument({ ...document, statement: { ...record, copied_to_case_record: statement.copied_to_case_record } });
  return (
    <ExportPage
      title={t('caseRecord.statementTitle', { type: record.type_title, name })}
      back={{ href: `/staff/views/${encodeURIComponent(id)}`, text: t('caseRecord.backToStatement') }}
    >
      <ExportTools document={document} kind="statement" />
      <RecordHeader document={document} />
      <StatementSection record={record} name={name} level={2} />
      <CopiedMark statementId={id} mark={record.copied_to_case_record} onMarked={marked} />
    </ExportPage>
  );
}

// --- a young person's statements over a date range ---------------------------------------------

const RANGE = { from: 'range-from', to: 'range-to' };

/** The statements page's range from its address: YYYY-MM-DD, or left to the server's default. */
function rangeOf(search: string): { from: string; to: string } {
  const query = new URLSearchParams(search);
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  return { from: day(query.get('from')), to: day(query.get('to')) };
}

function rangeQuery(range: { from: string; to: string }): string {
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from);
  if (range.to) query.set('to', range.to);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function StatementsExportPage({ id, search }: { id: string; search: string }) {
  const asked = rangeOf(search);
  const path = `${staffPaths.statementsExport(id)}${rangeQuery(asked)}`;
  const { document, missing, problem, refused } = useExport<StatementsExport>(path);
  const [draft, setDraft] = useState(asked);
  const form = useFormErrors(RANGE);
  useEffect(() => setDraft(asked), [search]);
  useEffect(() => {
    if (!refused) return;
    const wrong = fieldsWithErrors(refused.fields, { from: 'query.from', to: 'query.to' });
    form.fail(Object.fromEntries(wrong.map((field) => [field, t(`caseRecord.range.error.${field}`)])), wrong.length ? '' : generalError(refused));
  }, [refused]);
  useEffect(() => {
    if (document) setDraft({ from: document.from, to: document.to });
  }, [document]);

  if (missing) return <NotFound />;
  if (!document && !refused) return <LoadingPage problem={problem} />;

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) {
      form.fail({ to: t('caseRecord.range.error.to') });
      return;
    }
    form.clear();
    navigate(`/staff/young-people/${encodeURIComponent(id)}/statements/export${rangeQuery(draft)}`);
  };
  const name = document?.young_person.preferred_name;
  const found = form.summary(RANGE.from);
  const heading = name ? t('caseRecord.statementsTitle', { name }) : t('caseRecord.statementsTitleNoName');
  return (
    <ExportPage
      title={found.length ? `${t('check.errorPrefix')} ${heading}` : heading}
      back={{ href: `/staff/young-people/${encodeURIComponent(id)}`, text: name ? t('staff.plan.backToPerson', { name }) : t('staff.person.back') }}
    >
      {found.length > 0 && <ErrorSummary attempt={form.attempt} errors={found} />}
      <form class="filters no-print" onSubmit={submit} noValidate aria-label={t('caseRecord.range.label')}>
        <TextInput id={RANGE.from} label={t('caseRecord.range.from')} type="date" width="medium" value={draft.from} error={form.errors.from} onInput={(from) => setDraft({ ...draft, from })} />
        <TextInput id={RANGE.to} label={t('caseRecord.range.to')} type="date" width="medium" value={draft.to} error={form.errors.to} onInput={(to) => setDraft({ ...draft, to })} />
        <button type="submit" class="button button--secondary">
          {t('caseRecord.range.submit')}
        </button>
      </form>
      <p class="hint no-print">{t('caseRecord.range.hint')}</p>
      {document && name && (
        <>
          <ExportTools document={document} kind="statements" />
          <RecordHeader document={document} />
          <p data-testid="range">{t('caseRecord.range.shown', { count: document.statements.length, from: formatDate(document.from), to: formatDate(document.to) })}</p>
          {document.statements.map((record) => (
            <StatementSection key={record.id} record={record} name={name} level={2} />
          ))}
        </>
      )}
    </ExportPage>
  );
}

// --- the pathway plan -------------------------------------------------------------------------

export function PlanExportPage({ id }: { id: string }) {
  const { document, missing, problem } = useExport<PlanExport>(staffPaths.planExport(id));
  if (missing) return <NotFound />;
  if (!document) return <LoadingPage problem={problem} />;
  const name = document.young_person.preferred_name;
  const plan = document.plan;
  const titles = new Map(plan.tasks.map((task) => [task.id, task.title]));
  return (
    <ExportPage title={t('caseRecord.planTitle', { name })} back={{ href: planPages.plan(id), text: t('caseRecord.backToPlan') }}>
      <ExportTools document={document} kind="plan" />
      <RecordHeader document={document} />
      <h2>{t('staff.plan.reviewHeading')}</h2>
      <p data-testid="review-due">
        {plan.review_due ? t('staff.plan.reviewOn', { date: formatDate(plan.review_due) }) : t('staff.plan.reviewNone')}
        {plan.review_overdue && <strong class="tag tag--overdue">{t('staff.plan.overdue')}</strong>}
      </p>
      <h2>{t('staff.plan.tasksHeading')}</h2>
      {plan.tasks.length === 0 && <p>{t('staff.plan.noTasks', { name })}</p>}
      {groupByDomain(plan.tasks).map(([domain, tasks]) => (
        <section key={domain} aria-labelledby={`domain-${domain}`} class="plan-domain">
          <h3 id={`domain-${domain}`}>{t(`staff.plan.domain.${domain}`)}</h3>
          <ul class="plan-tasks">
            {tasks.map((task) => (
              <li key={task.id} class="plan-task" data-testid="exported-task">
                <span class="plan-task__title">{task.title}</span>
                <span class={`tag tag--status tag--${task.status}`}>{t(`staff.plan.status.${task.status}`)}</span>
                <p class="plan-task__meta">
                  {t('staff.plan.who', { who: ownerText(task, name) })}
                  {' · '}
                  <DueDate task={task} />
                </p>
                {task.description && <p>{task.description}</p>}
                {task.notes.map((note) => (
                  <p key={note.id} class="plan-task__meta">
                    {t('caseRecord.taskNote', { who: note.by.name ?? name, when: formatDateTime(note.created_at), text: note.text })}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('caseRecord.history')}</h2>
      {plan.history.length === 0 && <p>{t('caseRecord.none')}</p>}
      {plan.history.length > 0 && (
        <ol class="history" data-testid="plan-history">
          {plan.history.map((entry) => (
            <li key={entry.op_id} class="history__item">
              <p class="history__meta">
                {entry.record === 'plan' ? t('caseRecord.thePlan') : titles.get(entry.record_id) ?? t('caseRecord.aTask')}
                {' · '}
                {formatDateTime(entry.acted_at)}
              </p>
              {entryTexts(entry, name).map((text, index) => (
                <p key={index} class="history__text">
                  {text}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </ExportPage>
  );
}
