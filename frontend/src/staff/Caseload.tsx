// "/staff": the young people this member of staff supports: a PA's caseload, a manager's
// team, or (for an admin) the whole council, with each one's age and next key date. Names
// link to each person's page by id.
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { send } from '../lib/api';
import { statusLabel } from '../lib/eligibility-text';
import { formatDate } from '../lib/format';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';
import type { SignedInPerson } from '../lib/session';
import { staffPaths, type KeyDate, type YoungPersonSummary } from './types';

/** "Pathway plan review: 10 January 2027", or the staff member's own label for "other". */
export function keyDateText(keyDate: KeyDate): string {
  const what = keyDate.kind === 'other' && keyDate.label ? keyDate.label : t(`staff.keyDate.${keyDate.kind}`);
  return t('staff.keyDate.when', { what, date: formatDate(keyDate.date) });
}

export function Caseload({ me }: { me: SignedInPerson }) {
  const [people, setPeople] = useState<YoungPersonSummary[] | null>(null);
  const [problem, setProblem] = useState('');
  const caseworker = me.role !== 'content_editor';
  const editor = me.role === 'content_editor' || me.role === 'council_admin';

  useEffect(() => {
    if (!caseworker) return;
    send<{ young_people: YoungPersonSummary[] }>('GET', staffPaths.youngPeople).then(
      (list) => setPeople(list.young_people),
      (error: unknown) => setProblem(generalError(error)),
    );
  }, []);

  return (
    <Page title={t(`staff.home.title.${me.role ?? 'content_editor'}`)} busy={caseworker && people === null && !problem}>
      {editor && !caseworker && (
        <ul class="button-group staff-actions">
          <li>
            <a class="button" href="/staff/content">
              {t('editor.link')}
            </a>
          </li>
        </ul>
      )}
      {caseworker && (
        <ul class="button-group staff-actions">
          <li>
            <a class="button" href="/staff/views">
              {t('triage.link')}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href="/staff/young-people/new">
              {t('staff.home.add')}
            </a>
          </li>
          {me.role === 'council_admin' && (
            <li>
              <a class="button button--secondary" href="/staff/audit">
                {t('staff.home.audit')}
              </a>
            </li>
          )}
          {editor && (
            <li>
              <a class="button button--secondary" href="/staff/content">
                {t('editor.link')}
              </a>
            </li>
          )}
          {me.role === 'council_admin' && (
            <li>
              <a class="button button--secondary" href="/staff/team">
                {t('staffAdmin.link')}
              </a>
            </li>
          )}
        </ul>
      )}
      {problem && (
        <p class="error-message" role="alert">
          {problem}
        </p>
      )}
      {people && people.length === 0 && <p>{t('staff.home.none')}</p>}
      {people && people.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="caseload">
            <caption class="table__caption">{t('staff.home.count', { count: people.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.home.name')}</th>
                <th scope="col">{t('staff.home.age')}</th>
                <th scope="col">{t('staff.home.status')}</th>
                <th scope="col">{t('staff.home.nextDate')}</th>
                <th scope="col">{t('staff.home.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id}>
                  <th scope="row">
                    <a href={`/staff/young-people/${encodeURIComponent(person.id)}`}>{person.preferred_name}</a>
                    {!person.active && ` ${t('staff.home.inactive')}`}
                  </th>
                  <td>{person.age}</td>
                  <td>{statusLabel(person.legal_status)}</td>
                  <td>{person.next_key_date ? keyDateText(person.next_key_date) : t('staff.home.noDate')}</td>
                  <td>{t(person.joined ? 'staff.home.joinedYes' : 'staff.home.joinedNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
