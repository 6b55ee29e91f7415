// "/c/:slug/health": "My health passport": the young person's doctors, NHS number, health
// notes and dates, who recorded each date, whether their PA may see it, and "Add to
// calendar" for dates to come. Reads and changes work offline (the outbox sends them).
import { useState } from 'preact/hooks';
import type { PassportOut } from '../api/types';
import { Checkbox } from '../components/form';
import { History, PrintButton, SyncState } from '../components/History';
import { Page } from '../components/Page';
import { YoungPersonAndCouncil } from '../components/YoungPersonOnly';
import { formatDate } from '../lib/format';
import { t, type MessageKey } from '../core/i18n';
import { editPassport, eventKey, EVENTS_PATH, kindOf, SECTIONS, UPCOMING_DATES, type Section } from '../features/passport/passport';
import { councilToday } from '../features/plan/plan';
import type { PassportDateField, PassportField } from '../lib/records';
import { valueText, whoText } from '../lib/records-text';
import { useMyPassport, type MyPassport } from '../features/passport/use-my-passport';
import { PassportStart, passportIsEmpty } from '../features/passport/PassportStart';

export function PassportView({ slug }: { slug: string }) {
  return (
    <YoungPersonAndCouncil slug={slug} title={t('passport.signIn')}>
      {(person, council) => <Passport slug={slug} owner={person.id} timeZone={council.time_zone} />}
    </YoungPersonAndCouncil>
  );
}

function Passport({ slug, owner, timeZone }: { slug: string; owner: string; timeZone: string }) {
  const mine = useMyPassport(owner);
  const [changedHere, setChangedHere] = useState(false);
  // The switch shows the choice at once; the phone's copy catches up when the outbox has it.
  const [sharing, setSharing] = useState<boolean | null>(null);
  if (!mine) {
    return (
      <Page title={t('app.loadingTitle')} busy>
        <p>{t('app.loading')}</p>
      </Page>
    );
  }
  const { passport } = mine;
  const base = `/c/${encodeURIComponent(slug)}`;
  const shared = sharing ?? passport.shared_with_pa;
  const share = (choice: boolean) => {
    setSharing(choice);
    // "Sent" may only follow "Saved on this phone": changed here once the outbox has it.
    editPassport(owner, mine.base_version, { shared_with_pa: choice }).then(
      () => setChangedHere(true),
      () => undefined,
    ).finally(() => setSharing(null));
  };
  const today = councilToday(timeZone);
  const empty = passportIsEmpty(passport);
  return (
    <Page title={t('passport.title')}>
      <p class="lead">{t('passport.intro')}</p>
      <SyncState unsent={mine.unsent} changedHere={changedHere} />
      {/* Empty: the first step comes before the sharing switch, as what to do first. */}
      {empty && <PassportStart base={base} />}
      <section aria-labelledby="sharing-heading" class="sharing">
        <h2 id="sharing-heading">{t('passport.sharing.heading')}</h2>
        <p data-testid="sharing-state" class="inset">
          {t(shared ? 'passport.sharing.on' : 'passport.sharing.off')}
        </p>
        <div class="no-print">
          <Checkbox
            id="share-with-pa"
            label={t('passport.sharing.label')}
            hint={t('passport.sharing.hint')}
            checked={shared}
            onChange={share}
          />
        </div>
      </section>
      {!empty && (
        <>
          <div class="button-group no-print">
            <PrintButton label={t('passport.print')} />
          </div>
          {(Object.keys(SECTIONS) as Section[]).map((section) => (
            <PassportSection key={section} base={base} section={section} mine={mine} today={today} />
          ))}
        </>
      )}
      <p class="no-print">
        <a href={`${base}/calendar`} class="tap-link">
          {t('passport.calendarLink')}
        </a>
      </p>
      <History entries={mine.history} id="history-heading" />
    </Page>
  );
}

interface SectionProps {
  base: string;
  section: Section;
  mine: MyPassport;
  today: string;
}

function PassportSection({ base, section, mine, today }: SectionProps) {
  const title = t(`passport.section.${section}`);
  return (
    <section aria-labelledby={`${section}-heading`} class="passport-section" data-testid={`section-${section}`}>
      <h2 id={`${section}-heading`}>{title}</h2>
      <dl class="summary-list">
        {SECTIONS[section].map((field) => (
          <div key={field}>
            <dt>{t(`passport.field.${field}` as MessageKey)}</dt>
            <dd>
              <FieldValue field={field} passport={mine.passport} />
              {kindOf(field) === 'date' && <DateExtras field={field as PassportDateField} mine={mine} today={today} />}
            </dd>
          </div>
        ))}
      </dl>
      <p class="no-print">
        <a href={`${base}/health/edit/${section}`} class="tap-link">
          {t('passport.change')}
          <span class="visually-hidden"> {title}</span>
        </a>
      </p>
    </section>
  );
}

function FieldValue({ field, passport }: { field: PassportField; passport: PassportOut }) {
  const value = passport[field];
  if (!value) return <span class="hint">{t('passport.empty')}</span>;
  if (kindOf(field) === 'phone') {
    return <a href={`tel:${value.replace(/[^0-9+]/g, '')}`}>{value}</a>;
  }
  return <span class="answers__text">{valueText(field, value)}</span>;
}

/** Who recorded a date, and "Add to calendar" for one still to come that the server has. */
function DateExtras({ field, mine, today }: { field: PassportDateField; mine: MyPassport; today: string }) {
  const value = mine.passport[field];
  const recorded = mine.passport.recorded_by[field];
  const canAdd = value && value >= today && UPCOMING_DATES.includes(field) && !mine.unsentFields.has(field);
  return (
    <>
      {value && recorded && (
        <span class="passport__recorded hint">
          {t('passport.recordedBy', {
            who: recorded.kind === 'young_person' ? t('records.youLower') : whoText(recorded),
            date: formatDate(recorded.at),
          })}
        </span>
      )}
      {canAdd && (
        <a
          class="passport__calendar no-print"
          href={`${EVENTS_PATH}/${eventKey(field)}.ics`}
          download="harbour-appointment.ics"
        >
          {t('passport.addToCalendar')}
          <span class="visually-hidden"> {t(`passport.field.${field}` as MessageKey)}</span>
        </a>
      )}
    </>
  );
}
