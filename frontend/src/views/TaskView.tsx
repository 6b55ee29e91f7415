// "/c/:slug/plan/tasks/:id": one task: what it is, where it's up to (buttons to change it),
// notes, and what's changed and who changed it. Every change goes to the outbox first.
import { useEffect, useState } from 'preact/hooks';
import { History, SyncState } from '../components/History';
import { Page } from '../components/Page';
import { PrivacyNote } from '../components/PrivacyNote';
import { TaskForm } from '../features/plan/TaskForm';
import { Form, TextArea } from '../components/form';
import { YoungPersonAndCouncil } from '../components/YoungPersonOnly';
import { formatDate, formatDateTime } from '../lib/format';
import { t } from '../core/i18n';
import {
  addNote,
  changedFields,
  councilToday,
  editTask,
  historyOf,
  isOverdue,
  markSeen,
  MAX_NOTE,
  unseenStaffChange,
  type ShownTask,
} from '../features/plan/plan';
import { TASK_STATUSES, type Domain } from '../lib/plan-vocabulary';
import { domainText, ownerText, statusText, whoText } from '../lib/records-text';
import { useMyPlan } from '../features/plan/use-my-plan';
import { NotFound } from '../components/NotFound';
import { SummaryRow } from '../components/SummaryRow';

interface Props {
  slug: string;
  id: string;
  search: string;
}

export function TaskView({ slug, id, search }: Props) {
  return (
    <YoungPersonAndCouncil slug={slug} title={t('plan.signIn')}>
      {(person, council) => (
        <OneTask
          slug={slug}
          owner={person.id}
          id={id}
          timeZone={council.time_zone}
          added={new URLSearchParams(search).has('added')}
        />
      )}
    </YoungPersonAndCouncil>
  );
}

interface OneTaskProps {
  slug: string;
  owner: string;
  id: string;
  timeZone: string;
  added: boolean;
}

function OneTask({ slug, owner, id, timeZone, added }: OneTaskProps) {
  const plan = useMyPlan(owner);
  const [changedHere, setChangedHere] = useState(added);
  const [editing, setEditing] = useState(false);
  // What had been seen when the page opened: "Priya changed this" stays for this visit.
  const [seenAt, setSeenAt] = useState<string | undefined>(undefined);
  const latest = plan ? historyOf(plan.history, id).at(-1)?.at : undefined;
  useEffect(() => {
    if (!plan || !latest) return;
    if (seenAt === undefined) setSeenAt(plan.seen[id] ?? '');
    if (latest !== plan.seen[id]) void markSeen(owner, id, latest).catch(() => undefined);
  }, [latest, plan !== null]);
  if (!plan) {
    return (
      <Page title={t('app.loadingTitle')} busy>
        <p>{t('app.loading')}</p>
      </Page>
    );
  }
  const shown = plan.tasks.find((one) => one.task.id === id);
  if (!shown) return <NotFound />;
  const { task } = shown;
  const history = historyOf(plan.history, id);
  const lastByStaff = unseenStaffChange(plan.history, id, seenAt ?? plan.seen[id]);
  const home = `/c/${encodeURIComponent(slug)}`;
  // "Sent" may only follow "Saved on this phone": changed here once the outbox has it.
  const change = (work: Promise<void>) => void work.then(() => setChangedHere(true), () => undefined);
  const today = councilToday(timeZone);

  return (
    <Page
      title={task.title}
      before={
        <a href={`${home}/plan`} class="back-link">
          {t('task.back')}
        </a>
      }
    >
      <SyncState unsent={shown.unsent} changedHere={changedHere} />
      {lastByStaff && (
        <p class="inset" data-testid="changed-by-staff">
          {t('task.changedByStaff', { name: whoText(lastByStaff.by), date: formatDateTime(lastByStaff.at) })}
        </p>
      )}
      <dl class="summary-list" data-testid="task-details">
        <div>
          <dt>{t('task.status')}</dt>
          <dd data-testid="task-status">{statusText(task.status)}</dd>
        </div>
        <SummaryRow term={t('task.domain')}>{domainText(task.domain)}</SummaryRow>
        <SummaryRow term={t('task.owner')}>{ownerText(task.owner, task.owner_name)}</SummaryRow>
        <div>
          <dt>{t('task.due')}</dt>
          <dd data-testid="task-due">
            {task.due_on ? formatDate(task.due_on) : t('plan.noDue')}
            {isOverdue(task, today) && <strong class="overdue"> {t('plan.overdueTag')}</strong>}
          </dd>
        </div>
        {task.description && <SummaryRow term={t('task.description')} class="answers__text">{task.description}</SummaryRow>}
      </dl>
      {task.offer_item_id && task.offer_item_title && (
        <p>
          <a href={`${home}/offer/${encodeURIComponent(task.offer_item_id)}`} class="tap-link">
            {t('task.offerLink', { title: task.offer_item_title })}
          </a>
        </p>
      )}
      <StatusButtons shown={shown} onChange={(status) => change(editTask(owner, shown, { status }))} />
      {task.created_by === 'young_person' &&
        (editing ? (
          <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t('task.editHeading')}</h2>
            <TaskForm
              initial={{
                title: task.title,
                domain: task.domain,
                description: task.description,
                due_on: task.due_on ?? '',
              }}
              submitLabel={t('task.saveChanges')}
              onSave={async (input) => {
                const set = changedFields(task, {
                  title: input.title.trim(),
                  domain: input.domain as Domain, // TaskForm saves only a domain from DOMAINS
                  description: input.description.trim(),
                  due_on: input.due_on || null,
                });
                if (Object.keys(set).length > 0) {
                  await editTask(owner, shown, set);
                  setChangedHere(true);
                }
                setEditing(false);
              }}
            >
              <button type="button" class="button button--secondary" onClick={() => setEditing(false)}>
                {t('task.cancel')}
              </button>
            </TaskForm>
          </section>
        ) : (
          <p>
            <button type="button" class="button button--secondary" onClick={() => setEditing(true)}>
              {t('task.edit')}
            </button>
          </p>
        ))}
      <Notes slug={slug} shown={shown} onAdd={(text) => addNote(owner, id, text).then(() => setChangedHere(true))} />
      <History entries={history} id="history-heading" />
    </Page>
  );
}

function StatusButtons({ shown, onChange }: { shown: ShownTask; onChange: (status: ShownTask['task']['status']) => void }) {
  return (
    <section aria-labelledby="status-heading" class="no-print">
      <h2 id="status-heading">{t('task.statusHeading')}</h2>
      <div class="toggle-group" role="group" aria-labelledby="status-heading">
        {TASK_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            class="toggle"
            aria-pressed={shown.task.status === status}
            onClick={() => shown.task.status !== status && onChange(status)}
          >
            {statusText(status)}
          </button>
        ))}
      </div>
    </section>
  );
}

function Notes({ slug, shown, onAdd }: { slug: string; shown: ShownTask; onAdd: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const typed = text.trim();
    if (!typed) return setError(t('task.noteMissing'));
    if (typed.length > MAX_NOTE) return setError(t('task.noteTooLong', { max: MAX_NOTE.toLocaleString('en-GB') }));
    setSaving(true);
    try {
      await onAdd(typed);
      setText('');
      setError('');
    } catch {
      setError(t('views.error.notSaved'));
    }
    setSaving(false);
  };
  return (
    <section aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('task.notesHeading')}</h2>
      {shown.task.notes.length === 0 ? (
        <p>{t('task.noNotes')}</p>
      ) : (
        <ul class="list replies" data-testid="notes">
          {shown.task.notes.map((note) => (
            <li key={note.id} class="reply">
              <p class="reply__from">
                {t('task.noteFrom', { name: whoText(note.by), date: formatDateTime(note.created_at) })}
              </p>
              <p class="reply__text">{note.text}</p>
            </li>
          ))}
        </ul>
      )}
      <Form class="no-print" onSubmit={submit}>
        <TextArea
          id="note-text"
          label={t('task.noteLabel')}
          hint={t('task.noteHint')}
          error={error || undefined}
          value={text}
          onInput={setText}
          rows={3}
        />
        <PrivacyNote slug={slug} text={t('privacy.note.taskNote')} />
        <button type="submit" class="button" disabled={saving}>
          {t('task.addNote')}
        </button>
      </Form>
    </section>
  );
}
