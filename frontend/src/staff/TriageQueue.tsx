// "/staff/views" (a PA's own queue) and "/staff/views/team" (managers and admins): statements
// in the order the server gives them (unacknowledged urgent first, then urgent, then a
// meeting in the next 7 days, then the rest, oldest first). Filters live in the address as
// ids and fixed words, so they survive a reload and hold no one's name.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Select } from '../components/form';
import { Page } from '../components/Page';
import { ApiError } from '../core/api';
import { formatDate, formatDateTime } from '../lib/format';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import { t } from './i18n';
import type { MessageKey } from '../core/i18n';
import { TableHead } from './TableHead';
import { navigate } from '../core/router';
import type { SignedInPerson } from '../core/session';
import { Shortcuts } from './Shortcuts';
import { PAGE_SIZE, STATUSES, queueAddress, queueScreenRequest, readFilters, type QueueFilters, type QueueView } from './queue-filters';
import { clockText, rememberQueue, updateText } from './statements';
import { STATEMENT_TYPES } from '../lib/statement-types';
import type { QueueItem, QueueScreen } from '../api/types';
import { useScreen } from './useScreen';
import { UrgentIcon } from './UrgentAlerts';
import { Problem } from '../components/Problem';

const TARGETS = { status: 'filter-status', young_person_id: 'filter-person', type: 'filter-type', overdue: 'filter-overdue' };
const SERVER_FIELDS = {
  status: 'query.status',
  young_person_id: 'query.young_person_id',
  type: 'query.type',
  overdue: 'query.overdue',
};
type FilterName = keyof typeof TARGETS;

export function canSeeTeam(me: SignedInPerson): boolean {
  return me.role === 'team_manager' || me.role === 'council_admin';
}

export function TriageQueue({ me, view, search }: { me: SignedInPerson; view: QueueView; search: string }) {
  const applied = readFilters(search);
  const [draft, setDraft] = useState<QueueFilters>(applied);
  const { screen, error } = useScreen<QueueScreen>(queueScreenRequest(view, applied));
  const [now, setNow] = useState(Date.now);
  const { errors, problem, attempt, fail, summary } = useFormErrors(TARGETS);
  const listRef = useRef<HTMLTableSectionElement>(null);
  const page = screen?.queue ?? null;

  useEffect(() => {
    rememberQueue(queueAddress(view, applied));
    const tick = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(tick);
  }, []);

  useEffect(() => {
    if (!error) return;
    const wrong = error instanceof ApiError ? fieldsWithErrors(error.fields, SERVER_FIELDS) : [];
    const fields = Object.fromEntries(wrong.map((name) => [name, t(`triage.filter.error.${name}`)]));
    fail(fields, wrong.length > 0 ? '' : generalError(error));
  }, [error]);

  const apply = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(queueAddress(view, { ...draft, page: 1 }));
  };

  /** One filter: a select whose first option, the empty value, is "any". */
  const filter = (name: FilterName, label: MessageKey, any: MessageKey, options: [value: string, text: string][]) => (
    <Select
      id={TARGETS[name]}
      label={t(label)}
      error={errors[name]}
      value={draft[name]}
      onChange={(value) => setDraft({ ...draft, [name]: value })}
      placeholder={t(any)}
      options={options}
    />
  );

  /** j and k: the next or previous statement's link takes focus; Enter opens it. */
  const move = (step: number) => {
    const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-statement]') ?? [])];
    if (links.length === 0) return;
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = at === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next]?.focus();
  };

  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;
  const found = summary(TARGETS.status);
  const title = t(view === 'team' ? 'triage.team.title' : 'triage.mine.title');
  return (
    <Page title={title} busy={page === null && !error}>
      <nav aria-label={t('triage.views')}>
        <ul class="button-group staff-actions">
          <li>
            <a class="button button--secondary" href="/staff">
              {t('triage.caseload')}
            </a>
          </li>
          {canSeeTeam(me) && (
            <li>
              <a
                class="button button--secondary"
                href={view === 'team' ? '/staff/views' : '/staff/views/team'}
              >
                {t(view === 'team' ? 'triage.mine.link' : 'triage.team.link')}
              </a>
            </li>
          )}
        </ul>
      </nav>
      <p>{t(view === 'team' ? 'triage.team.intro' : 'triage.mine.intro')}</p>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      {/* With the answer, so the names to filter by never arrive under a drawn form. */}
      {(screen !== null || error !== null) && (
        <form class="filters" onSubmit={apply} noValidate aria-label={t('triage.filter.label')}>
          {filter('status', 'triage.filter.status', 'triage.filter.statusOpen', STATUSES.map((status) => [status, t(`triage.status.${status}`)]))}
          {filter('young_person_id', 'triage.filter.person', 'triage.filter.anyone', (screen?.people ?? []).map((person) => [person.id, person.preferred_name]))}
          {filter('type', 'triage.filter.type', 'triage.filter.anyType', STATEMENT_TYPES.map((type) => [type, t(`triage.type.${type}`)]))}
          {filter('overdue', 'triage.filter.overdue', 'triage.filter.overdueAny', [
            ['true', t('triage.filter.overdueOnly')],
            ['false', t('triage.filter.overdueNot')],
          ])}
          <div class="form-group">
            <button type="submit" class="button">
              {t('triage.filter.apply')}
            </button>
          </div>
        </form>
      )}
      <Problem text={problem} />
      {page && page.items.length === 0 && <p>{t('triage.none')}</p>}
      {page && page.items.length > 0 && (
        <div class="table-wrap">
          <table class="table queue" data-testid="queue">
            <caption class="table__caption">
              {t('triage.caption', { count: page.total, page: applied.page, pages })}
            </caption>
            <TableHead columns={[t('triage.col.statement'), t('triage.col.to'), t('triage.col.status'), t('triage.col.received'), t('triage.col.clock'), t('triage.col.assigned')]} />
            <tbody ref={listRef}>
              {page.items.map((item) => (
                <QueueRow key={item.id} item={item} now={now} timeZone={page.time_zone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && pages > 1 && (
        <nav aria-label={t('triage.pages')}>
          <ul class="button-group pagination">
            {applied.page > 1 && (
              <li>
                <a class="button button--secondary" href={queueAddress(view, { ...applied, page: applied.page - 1 })} rel="prev">
                  {t('triage.previous')}
                </a>
              </li>
            )}
            {applied.page < pages && (
              <li>
                <a class="button button--secondary" href={queueAddress(view, { ...applied, page: applied.page + 1 })} rel="next">
                  {t('triage.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
      <Shortcuts
        shortcuts={[
          { key: 'j', label: 'triage.keys.next', run: () => move(1) },
          { key: 'k', label: 'triage.keys.previous', run: () => move(-1) },
        ]}
      />
    </Page>
  );
}

/** One statement: who and what (the link, with URGENT in words and an icon), where it went,
 * its status, when it came, the clock and who holds it. On a phone each row is a card whose
 * cells show their column's name (data-label), so nothing scrolls sideways. */
function QueueRow({ item, now, timeZone }: { item: QueueItem; now: number; timeZone: string }) {
  const clock = clockText(item, now, timeZone);
  return (
    <tr class={item.urgent && !item.acknowledged ? 'queue__row queue__row--urgent' : 'queue__row'}>
      <th scope="row">
        {item.urgent && (
          <strong class="urgent-tag">
            <UrgentIcon />
            {t(item.acknowledged ? 'triage.urgentAcknowledged' : 'triage.urgent')}
          </strong>
        )}
        <a href={`/staff/views/${encodeURIComponent(item.id)}`} data-statement>
          {t('triage.rowTitle', { type: t(`triage.type.${item.type}`), name: item.young_person.preferred_name })}
        </a>
        {item.new_message && (
          <strong class="tag" data-testid="new-message">
            {t('triage.newMessage', { name: item.young_person.preferred_name })}
          </strong>
        )}
        {item.meeting_date && <span class="hint queue__meeting">{t('triage.meetingOn', { date: formatDate(item.meeting_date) })}</span>}
        {item.young_person_update && <strong class="queue__update">{updateText(item)}</strong>}
        {item.preview && <span class="queue__preview">{item.preview}</span>}
      </th>
      <td data-label={t('triage.col.to')}>{item.recipient_label}</td>
      <td data-label={t('triage.col.status')}>{t(`triage.status.${item.status}`)}</td>
      <td data-label={t('triage.col.received')}>{formatDateTime(item.received_at)}</td>
      <td data-label={t('triage.col.clock')} data-testid="clock">
        {item.overdue ? <strong class="overdue">{clock}</strong> : clock}
      </td>
      <td data-label={t('triage.col.assigned')}>
        {item.assigned_to ? item.assigned_to.display_name : <em>{t('triage.unassigned')}</em>}
      </td>
    </tr>
  );
}
