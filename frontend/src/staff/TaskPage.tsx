// "/staff/young-people/:id/plan/tasks/:taskId": one task. Change any field (the edit sends
// only what changed, based on the version the PA loaded, so a change the young person made
// meanwhile is kept, or replaced with the history saying so), add a note, and read the
// task's history: who changed what, when, and from which device.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, TextArea } from '../components/form';
import { Page } from '../components/Page';
import { ApiError, send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { arrivedLater } from '../lib/records-text';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import type { SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { t } from './i18n';
import { LoadingPage } from './LoadingPage';
import { changedFields, entryTexts, formOfTask, planPages, whoText, type TaskForm } from './plan';
import { DueDate, ownerText, PrintButton } from './PlanPage';
import { localProblems, serverProblems, TaskFields, taskTargets } from './TaskFields';
import type { FieldEditOut, HistoryOut, TaskEditIn, TaskEditResult, TaskNoteOut, TaskOut } from '../api/types';
import { staffPaths } from './paths';
import { usePlan } from './usePlan';
import { SummaryRow } from '../components/SummaryRow';

const TARGETS = taskTargets('task');

export function TaskPage({ id, taskId, me }: { id: string; taskId: string; me: SignedInPerson }) {
  const { person, plan, missing, problem, reload } = usePlan(id);
  const [history, setHistory] = useState<FieldEditOut[] | null>(null);
  const [notice, setNotice] = useState('');

  const loadHistory = () =>
    send<HistoryOut>('GET', `${staffPaths.task(id, taskId)}/history`).then(
      (found) => setHistory(found.history),
      () => setHistory([]),
    );

  useEffect(() => {
    void loadHistory();
  }, [id, taskId]);

  const task = plan?.tasks.find((item) => item.id === taskId);
  if (missing || (plan && !task)) return <NotFound />;
  if (!person || !task) return <LoadingPage problem={problem} />;
  const name = person.preferred_name;
  /** After any change: the plan and the history again, then say what happened. */
  const changed = async (message: string) => {
    await Promise.all([reload(), loadHistory()]);
    setNotice(message);
  };

  return (
    <Page
      title={task.title}
      before={
        <a class="back-link" href={planPages.plan(id)}>
          {t('staff.addTask.back')}
        </a>
      }
    >
      <p role="status">{notice}</p>
      <PrintButton />
      <dl class="summary-list" data-testid="task-summary">
        <SummaryRow term={t('staff.plan.field.statusLabel')}>{t(`staff.plan.status.${task.status}`)}</SummaryRow>
        <SummaryRow term={t('staff.plan.field.domainLabel')}>{t(`staff.plan.domain.${task.domain}`)}</SummaryRow>
        <SummaryRow term={t('staff.plan.field.ownerLabel')}>{ownerText(task, name)}</SummaryRow>
        <div>
          <dt>{t('staff.task.due')}</dt>
          <dd>
            <DueDate task={task} />
          </dd>
        </div>
        {task.description && <SummaryRow term={t('staff.task.details')} class="history__text">{task.description}</SummaryRow>}
        {task.offer_item_title && <SummaryRow term={t('staff.task.offer')}>{task.offer_item_title}</SummaryRow>}
        <SummaryRow term={t('staff.task.addedBy')}>{whoText(task.added_by, name)}</SummaryRow>
      </dl>
      {/* Keyed by version: after a change the form starts again from what the server holds. */}
      <ChangeTask key={task.version} id={id} task={task} council={me.council} onDone={() => changed(t('staff.task.saved'))} />
      <Notes id={id} task={task} name={name} onDone={() => changed(t('staff.task.noted'))} />
      <History history={history} name={name} />
    </Page>
  );
}

function ChangeTask({ id, task, council, onDone }: { id: string; task: TaskOut; council: string; onDone: () => Promise<void> }) {
  const [form, setForm] = useState<TaskForm>(() => formOfTask(task));
  const [busy, setBusy] = useState(false);
  const { errors, attempt, fail, clear, summary } = useFormErrors(TARGETS);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const problems = localProblems(form);
    if (Object.keys(problems).length > 0) return fail(problems);
    const set = changedFields(task, form);
    if (Object.keys(set).length === 0) return fail({}, t('staff.task.nothingChanged'));
    setBusy(true);
    clear();
    const edit: TaskEditIn = { op_id: crypto.randomUUID(), base_version: task.version, set };
    try {
      await send<TaskEditResult>('POST', `${staffPaths.task(id, task.id)}/edits`, edit);
      await onDone();
    } catch (error) {
      const { fields, problem } = serverProblems(error, 'body.set.');
      fail(fields, problem);
    } finally {
      setBusy(false);
    }
  };

  const found = summary(TARGETS.title);
  return (
    <section aria-labelledby="change-heading" class="no-print">
      <h2 id="change-heading">{t('staff.task.changeHeading')}</h2>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={submit} noValidate>
        <TaskFields prefix="task" form={form} onChange={setForm} errors={errors} council={council} withStatus />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.task.save')}
        </button>
      </form>
    </section>
  );
}

const NOTE_TARGET = { text: 'note-text' };

function Notes({ id, task, name, onDone }: { id: string; task: TaskOut; name: string; onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, attempt, fail, clear, summary } = useFormErrors(NOTE_TARGET);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (!text.trim()) return fail({ text: t('staff.task.error.note') });
    setBusy(true);
    clear();
    try {
      await send<TaskNoteOut>('POST', `${staffPaths.task(id, task.id)}/notes`, { id: crypto.randomUUID(), text: text.trim() });
      setText('');
      await onDone();
    } catch (error) {
      const wrong = error instanceof ApiError && fieldsWithErrors(error.fields, NOTE_TARGET_SERVER).length > 0;
      fail(wrong ? { text: t('staff.task.error.note') } : {}, wrong ? '' : generalError(error));
    } finally {
      setBusy(false);
    }
  };

  const found = summary(NOTE_TARGET.text);
  return (
    <section aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('staff.task.notesHeading')}</h2>
      {task.notes.length === 0 ? (
        <p>{t('staff.task.noNotes')}</p>
      ) : (
        <ol class="history" data-testid="notes">
          {task.notes.map((note) => (
            <li key={note.id} class="history__item history__item--note">
              <p class="history__meta">
                <strong>{whoText(note.by, name)}</strong> {whenText(note.created_at, note.device)}
              </p>
              <p class="history__text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={submit} noValidate class="no-print">
        <TextArea id={NOTE_TARGET.text} label={t('staff.task.noteLabel')} hint={t('staff.task.noteHint', { name })} error={errors.text} value={text} onInput={setText} rows={3} />
        <button type="submit" class="button button--secondary" disabled={busy}>
          {t('staff.task.noteSubmit')}
        </button>
      </form>
    </section>
  );
}

const NOTE_TARGET_SERVER = { text: 'body.text' };

/** "24 November 2026 at 10:00, on Chrome on Android". */
function whenText(at: string, device: string | null): string {
  const when = formatDateTime(at);
  return device ? t('staff.history.whenOn', { when, device }) : when;
}

/** When the change was made, by the device's clock, and when it arrived too if it waited
 * offline: "3 December 2026 at 17:18 (arrived 3 December 2026 at 17:49), on ...". */
function entryWhen(entry: FieldEditOut): string {
  const done = formatDateTime(entry.acted_at);
  const when = arrivedLater(entry) ? t('staff.history.arrivedLater', { when: done, arrived: formatDateTime(entry.at) }) : done;
  return entry.device ? t('staff.history.whenOn', { when, device: entry.device }) : when;
}

/** Every change to the task, oldest first, in words. */
export function History({ history, name, heading = t('staff.task.historyHeading') }: { history: FieldEditOut[] | null; name: string; heading?: string }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{heading}</h2>
      {history === null && <p>{t('app.loading')}</p>}
      {history?.length === 0 && <p>{t('staff.task.noHistory')}</p>}
      {history && history.length > 0 && (
        <ol class="history" data-testid="history">
          {history.map((entry) => (
            <li key={entry.op_id} class="history__item">
              <p class="history__meta">{entryWhen(entry)}</p>
              {entryTexts(entry, name).map((text, index) => (
                <p key={index} class="history__text">
                  {text}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
