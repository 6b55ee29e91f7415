// "/staff/young-people/:id/health": the young person's health passport, for their PA. It is
// theirs: without their consent the PA sees only "Not shared" (the server answers 404 to
// everything else). Shared, it is a read-only view with its history. Either way the PA can
// record a health assessment's dates when they (or the nurse) are the source; the young
// person then sees who recorded them.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, TextInput } from '../components/form';
import { ApiError, send } from '../core/api';
import { formatDate, formatDateTime } from '../lib/format';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import type { SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { t } from './i18n';
import { LoadingPage, useLoadFailure } from './LoadingPage';
import { PersonSubpage, useSavedNotice } from './PersonSubpage';
import { whoText } from './plan';
import { PrintButton } from './PlanPage';
import { History } from './TaskPage';
import type { FieldEditOut, HistoryOut, PassportOut, Recorded, SharingOut, YoungPersonOut } from '../api/types';
import { PASSPORT_DATE_FIELDS, PASSPORT_NOTE_FIELDS } from '../lib/records';
import { staffPaths } from './paths';
import { SummaryRow } from '../components/SummaryRow';

/** The passport's contacts, each shown as name, phone and address. */
const PASSPORT_CONTACTS = ['gp', 'dentist', 'optician'] as const;

interface Shared {
  passport: PassportOut;
  history: FieldEditOut[];
}

export function PassportPanel({ id }: { id: string; me: SignedInPerson }) {
  const [person, setPerson] = useState<YoungPersonOut | null>(null);
  const [sharing, setSharing] = useState<SharingOut | null>(null);
  const [shared, setShared] = useState<Shared | null>(null);
  const { missing, problem, failed } = useLoadFailure();

  /** Sharing first: the passport and its history are asked for only when shared. */
  const reload = async () => {
    let now: SharingOut;
    try {
      now = await send<SharingOut>('GET', staffPaths.passportSharing(id));
    } catch (error) {
      return failed(error);
    }
    try {
      const [passport, found] = now.shared
        ? await Promise.all([
            send<PassportOut>('GET', staffPaths.passport(id)),
            send<HistoryOut>('GET', staffPaths.passportHistory(id)),
          ])
        : [null, null];
      setShared(passport && found ? { passport, history: found.history } : null);
      setSharing(now);
    } catch (error) {
      // Consent turned off between the two requests: the passport now answers 404.
      if (!(error instanceof ApiError && error.status === 404)) return failed(error);
      setShared(null);
      setSharing({ exists: true, shared: false });
    }
  };

  useEffect(() => {
    send<YoungPersonOut>('GET', staffPaths.youngPerson(id)).then(setPerson, failed);
    void reload();
  }, [id]);

  const [notice, saved] = useSavedNotice(reload);

  if (missing) return <NotFound />;
  if (!person || !sharing || (sharing.shared && !shared)) return <LoadingPage problem={problem} />;
  const name = person.preferred_name;
  return (
    <PersonSubpage title={t('staff.passport.title', { name })} id={id} name={name} notice={notice}>
      {shared ? (
        <SharedPassport passport={shared.passport} history={shared.history} name={name} />
      ) : (
        <p class="inset" data-testid="passport-not-shared">
          {t(sharing.exists ? 'staff.passport.notShared' : 'staff.passport.notStarted', { name })}
        </p>
      )}
      <RecordAssessment id={id} name={name} onDone={saved(t('staff.passport.recorded'))} />
    </PersonSubpage>
  );
}

function Row({ term, value }: { term: string; value: string | null | undefined }) {
  return (
    <SummaryRow term={term} class="history__text">
      {value ?? t('staff.passport.empty')}
    </SummaryRow>
  );
}

function SharedPassport({ passport, history, name }: Shared & { name: string }) {
  return (
    <>
      <p>{t('staff.passport.sharedIntro', { name })}</p>
      <PrintButton />
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t('staff.passport.contactsHeading')}</h2>
        <dl class="summary-list">
          {PASSPORT_CONTACTS.map((who) => (
            <Row
              key={who}
              term={t(`staff.passport.field.${who}_name`)}
              value={[passport[`${who}_name`], passport[`${who}_phone`], passport[`${who}_address`]].filter(Boolean).join(', ') || null}
            />
          ))}
          <Row term={t('staff.passport.field.nhs_number')} value={passport.nhs_number} />
        </dl>
      </section>
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">{t('staff.passport.notesHeading')}</h2>
        <dl class="summary-list">
          {PASSPORT_NOTE_FIELDS.map((field) => (
            <Row key={field} term={t(`staff.passport.field.${field}`)} value={passport[field]} />
          ))}
        </dl>
      </section>
      <section aria-labelledby="dates-heading">
        <h2 id="dates-heading">{t('staff.passport.datesHeading')}</h2>
        <dl class="summary-list" data-testid="passport-dates">
          {PASSPORT_DATE_FIELDS.map((field) => {
            const date = passport[field];
            const recorded = passport.recorded_by[field];
            return (
              <div key={field}>
                <dt>{t(`staff.passport.field.${field}`)}</dt>
                <dd>
                  {date ? formatDate(date) : t('staff.passport.empty')}
                  {date && recorded && (
                    <span class="hint">
                      {' '}
                      {t('staff.passport.recordedBy', { who: whoText(recorded, name), when: formatDateTime(recorded.at) })}
                    </span>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      </section>
      <History history={history} name={name} heading={t('staff.passport.historyHeading')} />
    </>
  );
}

type AssessmentField = 'last' | 'next';
const TARGETS: Record<AssessmentField, string> = { last: 'assessment-last', next: 'assessment-next' };
const SERVER: Record<AssessmentField, string> = { last: 'body.last', next: 'body.next' };

function RecordAssessment({ id, name, onDone }: { id: string; name: string; onDone: () => Promise<void> }) {
  const [dates, setDates] = useState({ last: '', next: '' });
  const [busy, setBusy] = useState(false);
  const { errors, attempt, fail, clear, summary } = useFormErrors(TARGETS);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (!dates.last && !dates.next) return fail({ last: t('staff.passport.error.none') });
    setBusy(true);
    clear();
    try {
      await send<Recorded>('POST', staffPaths.healthAssessments(id), {
        op_id: crypto.randomUUID(),
        ...(dates.last ? { last: dates.last } : {}),
        ...(dates.next ? { next: dates.next } : {}),
      });
      setDates({ last: '', next: '' });
      await onDone();
    } catch (error) {
      const named = error instanceof ApiError ? fieldsWithErrors(error.fields, SERVER) : [];
      if (named.length > 0) return fail(Object.fromEntries(named.map((field) => [field, t(`staff.passport.error.${field}`)])));
      fail({}, generalError(error));
    } finally {
      setBusy(false);
    }
  };

  const found = summary(TARGETS.last);
  return (
    <section aria-labelledby="assessment-heading" class="no-print">
      <h2 id="assessment-heading">{t('staff.passport.recordHeading')}</h2>
      <p>{t('staff.passport.recordText', { name })}</p>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={submit} noValidate>
        <TextInput id={TARGETS.last} label={t('staff.passport.recordLast')} error={errors.last} value={dates.last} onInput={(last) => setDates({ ...dates, last })} type="date" width="medium" />
        <TextInput id={TARGETS.next} label={t('staff.passport.recordNext')} error={errors.next} value={dates.next} onInput={(next) => setDates({ ...dates, next })} type="date" width="medium" />
        <button type="submit" class="button button--secondary" disabled={busy}>
          {t('staff.passport.recordSubmit')}
        </button>
      </form>
    </section>
  );
}
