// "/staff": the young people this member of staff supports: a PA's caseload, a manager's
// team, or (for an admin) the whole council, with each one's age and next key date (a prompt
// to check the legal status of anyone who has turned 18 and is still recorded as a child), and
// their pathway plan at a glance (review date, overdue tasks, done lately), which can be cut
// down to those who need attention. Names link to each person's page by id.
import { useState } from 'preact/hooks';
import { Checkbox } from '../components/form';
import { Page } from '../components/Page';
import { statusLabel } from '../lib/eligibility-text';
import { formatDate } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';
import { TableHead } from './TableHead';
import type { MessageKey } from '../core/i18n';
import type { SignedInPerson } from '../core/session';
import { needsAttention } from './plan';
import type { CaseloadRow, CaseloadScreen, KeyDate } from '../api/types';
import { CASELOAD_SCREEN } from './screen';
import { useScreen } from './useScreen';
import { Problem } from '../components/Problem';

/** "Pathway plan review: 10 January 2027", or the staff member's own label for "other". */
export function keyDateText(keyDate: KeyDate): string {
  const what = keyDate.kind === 'other' && keyDate.label ? keyDate.label : t(`staff.keyDate.${keyDate.kind}`);
  return t('staff.keyDate.when', { what, date: formatDate(keyDate.date) });
}

type HomeLink = [href: string, key: MessageKey, shown: boolean];

/** The buttons at the top of the staff home, the main one first: the views to triage for anyone
 * with a caseload, the content editor for those who edit. */
function homeLinks(me: SignedInPerson, caseworker: boolean, editor: boolean): HomeLink[] {
  const admin = me.role === 'council_admin';
  const links: HomeLink[] = [
    ['/staff/views', 'triage.link', caseworker],
    ['/staff/young-people/new', 'staff.home.add', caseworker],
    ['/staff/audit', 'staff.home.audit', admin],
    ['/staff/content', 'editor.link', editor],
    ['/staff/team', 'staffAdmin.link', admin],
  ];
  return links.filter(([, , shown]) => shown);
}

export function Caseload({ me }: { me: SignedInPerson }) {
  const { screen, error } = useScreen<CaseloadScreen>(CASELOAD_SCREEN);
  const [onlyAttention, setOnlyAttention] = useState(false);
  const caseworker = me.role !== 'content_editor';
  const editor = me.role === 'content_editor' || me.role === 'council_admin';
  const people = caseworker && screen ? screen.young_people : null;
  const glance = new Map(screen?.plans.young_people.map((row) => [row.young_person_id, row]));
  const problem = error ? generalError(error) : '';

  const links = homeLinks(me, caseworker, editor);
  const shown = people && onlyAttention ? people.filter((person) => needsAttention(glance.get(person.id))) : people;

  return (
    <Page title={t(`staff.home.title.${me.role ?? 'content_editor'}`)} busy={caseworker && people === null && !problem}>
      {links.length > 0 && (
        <ul class="button-group staff-actions">
          {links.map(([href, key], index) => (
            <li key={href}>
              <a class={index === 0 ? 'button' : 'button button--secondary'} href={href}>
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
      )}
      <Problem text={problem} />
      {people && people.length === 0 && <p>{t('staff.home.none')}</p>}
      {people && people.length > 0 && (
        <Checkbox
          id="needs-attention"
          label={t('staff.home.attentionFilter')}
          hint={t('staff.home.attentionHint')}
          checked={onlyAttention}
          onChange={setOnlyAttention}
        />
      )}
      {people && shown && people.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="caseload">
            <caption class="table__caption">
              {shown === people ? t('staff.home.count', { count: people.length }) : t('staff.home.attentionCount', { count: shown.length })}
            </caption>
            <TableHead columns={[t('staff.home.name'), t('staff.home.age'), t('staff.home.status'), t('staff.home.nextDate'), t('staff.home.joined'), t('staff.home.review'), t('staff.home.overdueTasks'), t('staff.home.doneRecently')]} />
            <tbody>
              {shown.map((person) => (
                <tr key={person.id}>
                  <th scope="row">
                    <a href={`/staff/young-people/${encodeURIComponent(person.id)}`}>{person.preferred_name}</a>
                    {!person.active && ` ${t('staff.home.inactive')}`}
                  </th>
                  <td>{person.age}</td>
                  <td>
                    {statusLabel(person.legal_status)}
                    {person.status_check_due && (
                      <a class="tag tag--overdue status-check" href={`/staff/young-people/${encodeURIComponent(person.id)}/edit`}>
                        {t('staff.home.statusCheck')}
                      </a>
                    )}
                  </td>
                  <td>{person.next_key_date ? keyDateText(person.next_key_date) : t('staff.home.noDate')}</td>
                  <td>{t(person.joined ? 'staff.home.joinedYes' : 'staff.home.joinedNo')}</td>
                  <GlanceCells row={glance.get(person.id)} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/** A young person's plan at a glance; someone with no plan yet has empty cells. */
function GlanceCells({ row }: { row: CaseloadRow | undefined }) {
  return (
    <>
      <td data-testid="plan-review">
        {row?.review_due ? formatDate(row.review_due) : t('staff.home.noDate')}
        {row?.review_overdue && <strong class="tag tag--overdue">{t('staff.plan.overdue')}</strong>}
      </td>
      <td data-testid="overdue-tasks" class={row && row.overdue_tasks > 0 ? 'overdue' : undefined}>
        {row?.overdue_tasks ?? 0}
      </td>
      <td data-testid="done-recently">{row?.done_recently ?? 0}</td>
    </>
  );
}
