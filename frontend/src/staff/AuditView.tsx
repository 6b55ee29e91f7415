// "/staff/audit" (admins): the audit trail, newest first, filtered by who, what and dates.
// A real table with a caption and headers; every control is a native one, so it all works
// from the keyboard. Filters stay in the page, not the address. People are named as the
// server names them (only those this admin may see), with the id on hover.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Select, TextInput } from '../components/form';
import { Page } from '../components/Page';
import { send } from '../core/api';
import { formatDateTime } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';
import { Forbidden } from './Forbidden';
import { TableHead } from './TableHead';
import type { SignedInPerson } from '../core/session';
import type { AuditEventOut, AuditPage, StaffList, StaffOut } from '../api/types';
import { AUDIT_ACTIONS, NO_FILTERS, auditQuery, type AuditFilters } from './audit';
import { staffPaths } from './paths';
import { Problem } from '../components/Problem';

const SUBJECT_KINDS = [
  'young_person',
  'staff',
  'session',
  'offer_item',
  'pledge_theme',
  'pledge_promise',
  'statement',
] as const;
type SubjectKind = (typeof SUBJECT_KINDS)[number];

export function AuditView({ me }: { me: SignedInPerson }) {
  const [staff, setStaff] = useState<StaffOut[]>([]);
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [events, setEvents] = useState<AuditEventOut[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const [dateError, setDateError] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const tableRef = useRef<HTMLTableCaptionElement>(null);
  const focusTable = useRef(false);

  const fetchPage = (filters: AuditFilters, before: string | null) =>
    send<AuditPage>('GET', auditQuery(filters, before)).then(
      (page) => {
        setEvents((shown) => (before ? [...(shown ?? []), ...page.events] : page.events));
        setNext(page.next_before);
        setProblem('');
      },
      (error: unknown) => setProblem(generalError(error)),
    );

  useEffect(() => {
    if (me.role !== 'council_admin') return;
    send<StaffList>('GET', staffPaths.staff).then((list) => setStaff(list.staff), () => undefined);
    void fetchPage(NO_FILTERS, null);
  }, []);

  useEffect(() => {
    if (focusTable.current && events) tableRef.current?.focus();
    focusTable.current = false;
  }, [events]);

  if (me.role !== 'council_admin') return <Forbidden title={t('audit.title')} />;

  const apply = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) {
      setDateError(true);
      setAttempt((n) => n + 1);
      return;
    }
    setDateError(false);
    setApplied(draft);
    focusTable.current = true;
    void fetchPage(draft, null);
  };

  const who = (event: AuditEventOut) =>
    event.actor_id && event.actor_name ? <Named name={event.actor_name} id={event.actor_id} /> : t(`audit.actor.${event.actor_kind}`);
  const record = (event: AuditEventOut) => {
    if (!event.subject_kind) return '';
    if (event.subject_id && event.subject_name) return <Named name={event.subject_name} id={event.subject_id} />;
    const kind = (SUBJECT_KINDS as readonly string[]).includes(event.subject_kind)
      ? t(`audit.subject.${event.subject_kind as SubjectKind}`)
      : event.subject_kind;
    return event.subject_id ? `${kind} ${event.subject_id.slice(0, 8)}` : kind;
  };
  const set = (changes: Partial<AuditFilters>) => setDraft({ ...draft, ...changes });
  const title = dateError ? `${t('check.errorPrefix')} ${t('audit.title')}` : t('audit.title');

  return (
    <Page title={title} heading={t('audit.title')} before={<a class="back-link" href="/staff">{t('staff.person.back')}</a>}>
      {dateError && <ErrorSummary attempt={attempt} errors={[{ target: 'audit-to', text: t('audit.error.dates') }]} />}
      <p>{t('audit.intro')}</p>
      <form class="filters" onSubmit={apply} noValidate aria-label={t('audit.filters')}>
        <Select
          id="audit-who"
          label={t('audit.who')}
          value={draft.who}
          onChange={(who) => set({ who })}
          placeholder={t('audit.whoAnyone')}
          options={staff.map((member) => [member.id, member.display_name] as const)}
        />
        <Select
          id="audit-what"
          label={t('audit.what')}
          value={draft.what}
          onChange={(what) => set({ what })}
          placeholder={t('audit.whatAnything')}
          options={AUDIT_ACTIONS.map((action) => [action, t(`audit.action.${action}`)] as const)}
        />
        <TextInput id="audit-from" label={t('audit.from')} type="date" value={draft.from} onInput={(from) => set({ from })} width="medium" />
        <TextInput
          id="audit-to"
          label={t('audit.to')}
          type="date"
          value={draft.to}
          onInput={(to) => set({ to })}
          error={dateError ? t('audit.error.dates') : undefined}
          width="medium"
        />
        <button type="submit" class="button">
          {t('audit.apply')}
        </button>
      </form>
      <Problem text={problem} />
      <p role="status" data-testid="audit-count">
        {events ? (events.length > 0 ? t('audit.shown', { count: events.length }) : t('audit.none')) : ''}
      </p>
      {events && events.length > 0 && (
        <div class="table-wrap" role="region" aria-labelledby="audit-caption" tabIndex={0}>
          <table class="table" data-testid="audit-table">
            <caption id="audit-caption" class="table__caption" tabIndex={-1} ref={tableRef}>
              {t('audit.caption')}
            </caption>
            <TableHead columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.record')]} />
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{formatDateTime(event.at)}</td>
                  <td>{who(event)}</td>
                  <td>{t(`audit.action.${event.action}`)}</td>
                  <td>{record(event)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="button button--secondary" onClick={() => void fetchPage(applied, next)}>
          {t('audit.more')}
        </button>
      )}
    </Page>
  );
}

/** A person's name; their id (to search other systems or filter by) shows on hover. */
function Named({ name, id }: { name: string; id: string }) {
  return <span title={t('audit.id', { id })}>{name}</span>;
}
