// The young person's record as their PA reads it: birth and 18th birthday, legal status
// since when (and earlier ones), key dates, and the details on the record.
import { statusLabel } from '../lib/eligibility-text';
import { formatDate } from '../lib/format';
import { t } from './i18n';
import { keyDateText } from './Caseload';
import type { LegalStatusEntry, YoungPersonOut } from '../api/types';
import { SummaryRow } from '../components/SummaryRow';

function statusSince(entry: LegalStatusEntry): string {
  const status = statusLabel(entry.legal_status);
  return entry.changed_on ? t('staff.person.statusSince', { status, date: formatDate(entry.changed_on) }) : t('staff.person.statusSinceUnknown', { status });
}

function placementText(person: YoungPersonOut): string {
  if (!person.placement_type) return t('staff.person.notRecorded');
  const placement = t(`staff.placement.${person.placement_type}`);
  return person.placement_out_of_area ? t('staff.person.outOfArea', { placement }) : placement;
}

function languageText(person: YoungPersonOut): string {
  const language = person.preferred_language;
  if (person.interpreter_needed) return language ? t('staff.person.interpreter', { language }) : t('staff.person.interpreterOnly');
  return language ?? t('staff.person.notRecorded');
}

export function RecordSummary({ person }: { person: YoungPersonOut }) {
  const [current, ...earlier] = person.legal_status_history;
  const rows: [label: string, value: string][] = [
    ...(person.full_name ? [[t('staff.person.fullName'), person.full_name] as [string, string]] : []),
    [t('staff.person.dob'), `${formatDate(person.date_of_birth)} (${t('staff.person.age', { age: person.age })})`],
    [t('staff.person.eighteenth'), formatDate(person.eighteenth_birthday)],
    [t('staff.person.status'), current && current.legal_status === person.legal_status ? statusSince(current) : statusLabel(person.legal_status)],
  ];
  return (
    <dl class="summary-list" data-testid="record">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {earlier.length > 0 && (
        <div>
          <dt>{t('staff.person.statusHistory')}</dt>
          <dd>
            <ul class="list--bullet">
              {earlier.map((entry) => (
                <li key={entry.recorded_at}>
                  {statusSince(entry)}
                  {entry.recorded_by && `, ${t('staff.person.statusRecorded', { name: entry.recorded_by, date: formatDate(entry.recorded_at) })}`}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      {person.key_dates.length > 0 && (
        <div>
          <dt>{t('staff.person.keyDates')}</dt>
          <dd>
            <ul class="list--bullet">
              {person.key_dates.map((keyDate) => (
                <li key={`${keyDate.kind}-${keyDate.date}`}>{keyDateText(keyDate)}</li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      <SummaryRow term={t('staff.person.caseRef')}>{person.case_reference ?? t('staff.person.notRecorded')}</SummaryRow>
      <SummaryRow term={t('staff.person.phone')}>{person.contact_phone ?? t('staff.person.notRecorded')}</SummaryRow>
      <SummaryRow term={t('staff.person.placement')}>{placementText(person)}</SummaryRow>
      {person.unaccompanied_asylum_seeking && <SummaryRow term={t('staff.person.uasc')}>{t('staff.home.joinedYes')}</SummaryRow>}
      <SummaryRow term={t('staff.person.language')}>{languageText(person)}</SummaryRow>
    </dl>
  );
}
