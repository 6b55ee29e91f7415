// "/staff/views/:id": one statement. Opening it is the read receipt (the server marks it read
// on GET). An urgent one starts with what the young person said since ("I'm OK now"), how to
// reach them, the council's safeguarding steps and one form to acknowledge and reply at once.
// Then the young person's answers laid out for their type, and what staff do: move its status
// on, assign it, reply (the young person sees it) or add an internal note (they never do),
// and the history of both.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Select, TextArea } from '../components/form';
import { Page } from '../components/Page';
import { ApiError, send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import { t } from './i18n';
import { LoadingPage, useLoadFailure } from './LoadingPage';
import type { SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { Answers } from './StatementAnswers';
import { CopiedMark } from './CaseRecordExport';
import { Shortcuts } from './Shortcuts';
import { STATUSES } from './queue-filters';
import { clockText, lastQueue, seenText, statementPaths, updateText } from './statements';
import { canSeeTeam } from './TriageQueue';
import type { Adviser, AdviserList, MessageOut, NoteOut, ReplyOut, StaffReplyOut, StatementOut, StatementStatus, YoungPersonContact } from '../api/types';
import { staffPaths } from './paths';
import { UrgentIcon, refreshAlerts } from './UrgentAlerts';
import { Problem } from '../components/Problem';
import { SummaryRow } from '../components/SummaryRow';
import { telHref } from '../components/ContactList';

export function StatementPage({ id, me }: { id: string; me: SignedInPerson }) {
  const [statement, setStatement] = useState<StatementOut | null>(null);
  const { missing, problem, setProblem, failed } = useLoadFailure();
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    send<StatementOut>('GET', statementPaths.one(id)).then(setStatement, failed);
  }, [id]);

  /** Runs a change; the server answers with the statement (or a reply or note) as it now is. */
  const act = async (task: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    setProblem('');
    setNotice('');
    try {
      setNotice(await task());
      return true;
    } catch (error) {
      setProblem(generalError(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (missing) return <NotFound />;
  if (!statement) return <LoadingPage problem={problem} />;
  const name = statement.young_person.preferred_name;
  const update = (changed: StatementOut, message: string) => {
    setStatement(changed);
    return message;
  };
  /** Acknowledges, with the reply in the same request when there is one (both or neither). */
  const acknowledge = async (reply: string | null) => {
    const changed = await send<StatementOut>('POST', statementPaths.acknowledge(id), reply === null ? undefined : { reply });
    refreshAlerts();
    setNotice(reply === null ? t('triage.done.acknowledged') : t('triage.done.acknowledgedReplied', { name }));
    setStatement(changed);
  };
  const addMessage = (kind: 'replies' | 'notes') => async (text: string) => {
    const added = await send<ReplyOut | NoteOut>('POST', statementPaths[kind](id), { text });
    const fresh = await send<StatementOut>('GET', statementPaths.one(id));
    setStatement(fresh);
    return added;
  };

  return (
    <Page
      title={t('triage.rowTitle', { type: t(`triage.type.${statement.type}`), name })}
      before={
        <a class="back-link" href={lastQueue()}>
          {t('triage.back')}
        </a>
      }
    >
      <p role="status">{notice}</p>
      <Problem text={problem} />
      {statement.urgent && (
        <section class="inset inset--warning urgent-box" aria-labelledby="urgent-heading">
          <h2 id="urgent-heading">
            <UrgentIcon />
            {t('triage.urgent')}: {t(`triage.urgent.${statement.urgent_reason ?? 'asked_for_help'}`)}
          </h2>
          {statement.young_person_update && (
            <div data-testid="young-person-update">
              <p class="urgent-box__update">
                <strong>{updateText(statement)}</strong>
              </p>
              <p>{t('triage.update.hint')}</p>
            </div>
          )}
          {statement.acknowledged_by && statement.acknowledged_at ? (
            <p data-testid="acknowledged">
              {t('triage.acknowledgedBy', { name: statement.acknowledged_by.display_name, when: formatDateTime(statement.acknowledged_at) })}
            </p>
          ) : (
            <AcknowledgeForm name={name} acknowledge={acknowledge} />
          )}
        </section>
      )}
      {statement.contact && <ContactDetails id={statement.young_person.id} name={name} contact={statement.contact} />}
      {statement.safeguarding_steps.length > 0 && (
        <section aria-labelledby="steps-heading">
          <h2 id="steps-heading">{t('triage.steps.heading')}</h2>
          <p class="hint">{t('triage.steps.hint')}</p>
          <ol data-testid="safeguarding-steps">
            {statement.safeguarding_steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </section>
      )}
      <dl class="summary-list">
        <SummaryRow term={t('triage.detail.from')}>
          <a href={`/staff/young-people/${encodeURIComponent(statement.young_person.id)}`}>{name}</a>
        </SummaryRow>
        <SummaryRow term={t('triage.col.to')}>{statement.recipient_label}</SummaryRow>
        <SummaryRow term={t('triage.detail.written')}>{formatDateTime(statement.written_at)}</SummaryRow>
        <SummaryRow term={t('triage.col.received')}>{formatDateTime(statement.received_at)}</SummaryRow>
        <SummaryRow term={t('triage.col.clock')}>
          <span data-testid="clock">{clockText(statement, Date.now(), statement.time_zone)}</span>
          {` (${t('triage.detail.due', { when: formatDateTime(statement.due_at) })})`}
        </SummaryRow>
        <SummaryRow term={t('triage.col.status')}>
          <span data-testid="status">{t(`triage.status.${statement.status}`)}</span>
        </SummaryRow>
        <SummaryRow term={t('triage.col.assigned')}>{statement.assigned_to?.display_name ?? t('triage.unassigned')}</SummaryRow>
        {statement.first_read_by && statement.first_read_at && (
          <SummaryRow term={t('triage.detail.read')}>
            {t('triage.detail.readBy', { name: statement.first_read_by.display_name, when: formatDateTime(statement.first_read_at) })}
          </SummaryRow>
        )}
      </dl>
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('triage.answers.heading', { name })}</h2>
        <Answers statement={statement} />
      </section>
      <CopiedMark statementId={statement.id} mark={statement.copied_to_case_record} onMarked={setStatement} />
      <p>
        <a class="button button--secondary" href={`/staff/views/${encodeURIComponent(statement.id)}/export`}>
          {t('caseRecord.exportStatement')}
        </a>
      </p>
      <StatusForm statement={statement} busy={busy} onDone={(changed) => act(async () => update(changed, t('triage.done.status')))} />
      <AssignForm me={me} statement={statement} busy={busy} onDone={(changed) => act(async () => update(changed, t('triage.done.assigned')))} />
      <MessageForm
        kind="reply"
        heading={t('triage.reply.heading', { name })}
        hint={t('triage.reply.hint', { name })}
        submit={t('triage.reply.submit')}
        send={addMessage('replies')}
        onDone={() => setNotice(t('triage.done.replied', { name }))}
      />
      <MessageForm
        kind="note"
        heading={t('triage.note.heading')}
        hint={t('triage.note.hint', { name })}
        submit={t('triage.note.submit')}
        send={addMessage('notes')}
        onDone={() => setNotice(t('triage.done.noted'))}
      />
      <History statement={statement} />
      <Shortcuts
        shortcuts={[
          { key: 'r', label: 'triage.keys.reply', run: () => document.getElementById('reply-text')?.focus() },
          { key: 'n', label: 'triage.keys.note', run: () => document.getElementById('note-text')?.focus() },
          { key: 's', label: 'triage.keys.status', run: () => document.getElementById('status-choice')?.focus() },
          ...(statement.urgent && !statement.acknowledged
            ? [{ key: 'a', label: 'triage.keys.acknowledge' as const, run: () => document.getElementById('acknowledge')?.focus() }]
            : []),
          { key: 'u', label: 'triage.keys.back', run: () => document.querySelector<HTMLAnchorElement>('.back-link')?.click() },
        ]}
      />
    </Page>
  );
}

/** One form: the reply and "Acknowledge and send reply"; "Acknowledge only" stays possible.
 * The server's 422 on `body.reply` lands on the reply box, and then nothing was done. */
function AcknowledgeForm({ name, acknowledge }: { name: string; acknowledge: (reply: string | null) => Promise<void> }) {
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, attempt, fail, clear, summary } = useFormErrors({ reply: 'acknowledge-reply' });
  const run = async (text: string | null) => {
    if (text !== null && !text.trim()) return fail({ reply: t('triage.ack.empty') });
    setBusy(true);
    clear();
    try {
      await acknowledge(text);
    } catch (error) {
      const wrong = error instanceof ApiError && fieldsWithErrors(error.fields, { reply: 'body.reply' }).length > 0;
      fail(wrong ? { reply: t('triage.reply.wrong') } : {}, wrong ? '' : generalError(error));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(reply);
  };
  const found = summary('acknowledge-reply');
  return (
    <>
      <p>{t('triage.acknowledgeText')}</p>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={onSubmit} noValidate>
        <TextArea
          id="acknowledge-reply"
          label={t('triage.ack.label', { name })}
          hint={t('triage.ack.hint', { name })}
          error={errors.reply}
          value={reply}
          onInput={setReply}
          rows={3}
        />
        <div class="button-group">
          <button type="submit" class="button button--warning" disabled={busy}>
            {t('triage.ack.submit')}
          </button>
          <button type="button" id="acknowledge" class="button button--secondary" disabled={busy} onClick={() => void run(null)}>
            {t('triage.ack.only')}
          </button>
        </div>
      </form>
    </>
  );
}

/** How to reach them now, from their record: a tap-to-call number, their language and
 * whether they need an interpreter, and the way to the whole record. */
function ContactDetails({ id, name, contact }: { id: string; name: string; contact: YoungPersonContact }) {
  const phone = contact.contact_phone;
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('triage.contact.heading', { name })}</h2>
      <dl class="summary-list" data-testid="contact">
        <SummaryRow term={t('triage.contact.phone')}>{phone ? <a href={telHref(phone)}>{phone}</a> : t('triage.contact.none')}</SummaryRow>
        {contact.preferred_language && <SummaryRow term={t('triage.contact.language')}>{contact.preferred_language}</SummaryRow>}
        <SummaryRow term={t('triage.contact.interpreter')}>{t(contact.interpreter_needed ? 'triage.contact.yes' : 'triage.contact.no')}</SummaryRow>
      </dl>
      <p>
        <a href={`/staff/young-people/${encodeURIComponent(id)}`}>{t('triage.contact.record', { name })}</a>
      </p>
    </section>
  );
}

type ChangeProps = { statement: StatementOut; busy: boolean; onDone: (changed: StatementOut) => Promise<boolean> };

/** Sends a PATCH; a 422 lands on `field` (the server names `body.<field>`). */
function usePatch<F extends string>(statement: StatementOut, targets: Record<F, string>) {
  const form = useFormErrors(targets);
  const patch = async (body: Record<string, unknown>, field: F, wrong: string): Promise<StatementOut | null> => {
    form.clear();
    try {
      return await send<StatementOut>('PATCH', statementPaths.one(statement.id), body);
    } catch (error) {
      const named = error instanceof ApiError && fieldsWithErrors(error.fields, { [field]: `body.${String(field)}` } as Record<F, string>).length > 0;
      const refused = error instanceof ApiError && (error.status === 409 || error.status === 422);
      form.fail(named || refused ? ({ [field]: wrong } as Partial<Record<F, string>>) : {}, named || refused ? '' : generalError(error));
      return null;
    }
  };
  return { ...form, patch };
}

function StatusForm({ statement, busy, onDone }: ChangeProps) {
  const [choice, setChoice] = useState<StatementStatus>(statement.status);
  const { errors, attempt, summary, patch } = usePatch(statement, { status: 'status-choice' });
  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const changed = await patch({ status: choice }, 'status', t('triage.statusForm.error'));
    if (changed) await onDone(changed);
  };
  const found = summary('status-choice');
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">{t('triage.statusForm.heading')}</h2>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={submit} noValidate>
        <Select
          id="status-choice"
          label={t('triage.statusForm.label')}
          hint={t('triage.statusForm.hint')}
          error={errors.status}
          value={choice}
          onChange={(value) => setChoice(value as StatementStatus)}
          options={STATUSES.map((status) => [status, t(`triage.status.${status}`)])}
        />
        <button type="submit" class="button button--secondary" disabled={busy}>
          {t('triage.statusForm.submit')}
        </button>
      </form>
    </section>
  );
}

/** Managers and admins choose anyone they may allocate to. A PA takes an unassigned
 * statement, hands one they hold to a teammate, or puts a team's statement back in its pool. */
function AssignForm({ me, statement, busy, onDone }: ChangeProps & { me: SignedInPerson }) {
  const [advisers, setAdvisers] = useState<Adviser[] | null>(null);
  const [choice, setChoice] = useState('');
  const { errors, problem, attempt, summary, patch } = usePatch(statement, { assigned_staff_id: 'assign-to' });
  const held = statement.assigned_to;
  const leads = canSeeTeam(me);
  const holdsIt = held?.id === me.id;
  const chooses = leads || holdsIt;

  useEffect(() => {
    if (!chooses || advisers !== null) return;
    send<AdviserList>('GET', staffPaths.advisers).then((list) => setAdvisers(list.advisers), () => setAdvisers([]));
  }, [chooses]);

  const assign = async (to: string | null) => {
    const changed = await patch({ assigned_staff_id: to }, 'assigned_staff_id', t('triage.assign.error'));
    if (changed) {
      setChoice('');
      await onDone(changed);
    }
  };
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void assign(choice || null);
  };
  const found = summary('assign-to');
  const teamStatement = statement.recipient !== 'pa';
  // A PA hands a statement on to someone else; a lead may also choose themselves.
  const offered = (advisers ?? []).filter((adviser) => leads || adviser.id !== me.id);
  const none = leads ? (teamStatement ? 'triage.assign.pool' : 'triage.assign.choose') : 'triage.assign.chooseTeammate';
  return (
    <section aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('triage.assign.heading')}</h2>
      <p>{held ? t('triage.assign.current', { name: held.display_name }) : t('triage.assign.nobody')}</p>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      {problem && !found.length && <p class="error-message">{problem}</p>}
      {chooses && (
        <form onSubmit={submit} noValidate>
          <Select
            id="assign-to"
            label={t(leads ? 'triage.assign.label' : 'triage.assign.handLabel')}
            hint={t(leads ? 'triage.assign.hint' : 'triage.assign.handHint')}
            error={errors.assigned_staff_id}
            value={choice}
            onChange={setChoice}
            placeholder={t(none)}
            options={offered.map((adviser) => [adviser.id, adviser.display_name])}
          />
          <button type="submit" class="button button--secondary" disabled={busy || advisers === null}>
            {t(leads ? 'triage.assign.submit' : 'triage.assign.hand')}
          </button>
        </form>
      )}
      {!leads && (
        <div class="button-group">
          {!holdsIt && (
            <button type="button" id="assign-to" class="button button--secondary" disabled={busy} onClick={() => void assign(me.id)}>
              {t('triage.assign.take')}
            </button>
          )}
          {teamStatement && holdsIt && (
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => void assign(null)}>
              {t('triage.assign.giveBack')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

interface MessageFormProps {
  kind: 'reply' | 'note';
  heading: string;
  hint: string;
  submit: string;
  send: (text: string) => Promise<ReplyOut | NoteOut>;
  onDone: () => void;
}

/** A reply or a note: one text box; the server's 422 on `body.text` lands on it. */
function MessageForm({ kind, heading, hint, submit, send: sendText, onDone }: MessageFormProps) {
  const id = `${kind}-text`;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, problem, attempt, fail, clear, summary } = useFormErrors({ text: id });
  const field = useRef<HTMLTextAreaElement>(null);

  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) return fail({ text: t(`triage.${kind}.empty`) });
    setBusy(true);
    clear();
    try {
      await sendText(text);
      setText('');
      onDone();
    } catch (error) {
      const wrong = error instanceof ApiError && fieldsWithErrors(error.fields, { text: 'body.text' }).length > 0;
      fail(wrong ? { text: t(`triage.${kind}.wrong`) } : {}, wrong ? '' : generalError(error));
    } finally {
      setBusy(false);
    }
  };
  const found = summary(id);
  return (
    <section aria-labelledby={`${kind}-heading`}>
      <h2 id={`${kind}-heading`}>{heading}</h2>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={onSubmit} noValidate>
        <div class={errors.text ? 'form-group form-group--error' : 'form-group'}>
          <label class="label" for={id}>
            {t(`triage.${kind}.label`)}
          </label>
          <p id={`${id}-hint`} class="hint">
            {hint}
          </p>
          {errors.text && (
            <p id={`${id}-error`} class="error-message">
              {errors.text}
            </p>
          )}
          <textarea
            id={id}
            ref={field}
            class="textarea"
            rows={4}
            value={text}
            aria-describedby={errors.text ? `${id}-hint ${id}-error` : `${id}-hint`}
            aria-invalid={errors.text ? true : undefined}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        {problem && !errors.text && <p class="error-message">{problem}</p>}
        <button type="submit" class="button" disabled={busy}>
          {submit}
        </button>
      </form>
    </section>
  );
}

/** The conversation after the statement, oldest first: replies (and whether the young person
 * has seen each), what they wrote back, and internal notes, each saying plainly who could see
 * it. */
function History({ statement }: { statement: StatementOut }) {
  const name = statement.young_person.preferred_name;
  const entries: HistoryEntry[] = [
    ...statement.replies.map((reply): HistoryEntry => ({ kind: 'reply', at: reply.created_at, reply })),
    ...statement.notes.map((note): HistoryEntry => ({ kind: 'note', at: note.created_at, note })),
    ...statement.messages.map((message): HistoryEntry => ({ kind: 'message', at: message.written_at, message })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('triage.history.heading')}</h2>
      {entries.length === 0 ? (
        <p>{t('triage.history.none')}</p>
      ) : (
        <ol class="history" data-testid="history">
          {entries.map((entry) => (
            <HistoryItem key={entry.kind === 'reply' ? entry.reply.id : entry.kind === 'note' ? entry.note.id : entry.message.id} entry={entry} name={name} timeZone={statement.time_zone} />
          ))}
        </ol>
      )}
    </section>
  );
}

type HistoryEntry =
  | { kind: 'reply'; at: string; reply: StaffReplyOut }
  | { kind: 'note'; at: string; note: NoteOut }
  | { kind: 'message'; at: string; message: MessageOut };

function HistoryItem({ entry, name, timeZone }: { entry: HistoryEntry; name: string; timeZone: string }) {
  if (entry.kind === 'message') {
    return (
      <li class="history__item history__item--young-person" data-testid="history-message">
        <p class="history__meta">
          <strong>{t('triage.history.message', { name })}</strong> {formatDateTime(entry.message.written_at)}
        </p>
        <p class="history__text">{entry.message.text}</p>
      </li>
    );
  }
  const message = entry.kind === 'reply' ? entry.reply : entry.note;
  return (
    <li class={entry.kind === 'note' ? 'history__item history__item--note' : 'history__item'} data-testid={`history-${entry.kind}`}>
      <p class="history__meta">
        <strong>{t(entry.kind === 'note' ? 'triage.history.note' : 'triage.history.reply', { name })}</strong>{' '}
        {t('triage.history.by', { name: message.staff.display_name, when: formatDateTime(message.created_at) })}
      </p>
      <p class="history__text">{message.text}</p>
      {entry.kind === 'reply' && (
        <p class="history__meta" data-testid="reply-seen">
          {entry.reply.read_at ? seenText(entry.reply.read_at, Date.now(), timeZone) : t('triage.history.notSeen', { name })}
        </p>
      )}
    </li>
  );
}
