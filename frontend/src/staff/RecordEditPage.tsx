// "/staff/young-people/:id/edit": correct a young person's record: names, date of birth,
// legal status (and the day it changed), key dates (the pathway plan review is the plan's
// own date), case reference, phone, placement, UASC, language and interpreter. One PATCH:
// the server changes everything or nothing, and names any field it refuses.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Choice, Fieldset, FormPage, Select, TextInput } from '../components/form';
import { ApiError, send } from '../core/api';
import { formatDate } from '../lib/format';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import { navigate } from '../core/router';
import { LEGAL_STATUSES, type LegalStatus } from '../lib/types';
import { LegalStatusRadios } from './LegalStatusRadios';
import { NotFound } from '../components/NotFound';
import { t } from './i18n';
import { LoadingPage } from './LoadingPage';
import type { KeyDate, PlacementType, YoungPersonOut } from '../api/types';
import { staffPaths } from './paths';
import { KEY_DATE_KINDS, PLACEMENT_TYPES } from './record';

type Field = 'name' | 'fullName' | 'dob' | 'status' | 'statusChanged' | 'keyDates' | 'caseRef' | 'phone' | 'placement' | 'outOfArea' | 'language';
const SERVER: Record<Field, string> = {
  name: 'body.preferred_name',
  fullName: 'body.full_name',
  dob: 'body.date_of_birth',
  status: 'body.legal_status',
  statusChanged: 'body.legal_status_changed_on',
  keyDates: 'body.key_dates',
  caseRef: 'body.case_reference',
  phone: 'body.contact_phone',
  placement: 'body.placement_type',
  outOfArea: 'body.placement_out_of_area',
  language: 'body.preferred_language',
};
const TARGETS: Record<Field, string> = {
  name: 'edit-name',
  fullName: 'edit-full-name',
  dob: 'edit-dob',
  status: `edit-status-${LEGAL_STATUSES[0]}`,
  statusChanged: 'edit-status-changed',
  keyDates: 'edit-key-date-0-kind',
  caseRef: 'edit-case-ref',
  phone: 'edit-phone',
  placement: 'edit-placement',
  outOfArea: 'edit-out-of-area-yes',
  language: 'edit-language',
};

type Kind = (typeof KEY_DATE_KINDS)[number];
interface KeyDateRow {
  kind: Kind;
  date: string;
  label: string;
}
type Area = 'yes' | 'no' | '';

interface Form {
  name: string;
  fullName: string;
  dob: string;
  status: LegalStatus;
  statusChanged: string;
  keyDates: KeyDateRow[];
  caseRef: string;
  phone: string;
  placement: PlacementType | '';
  outOfArea: Area;
  uasc: boolean;
  language: string;
  interpreter: boolean;
}

function formFor(person: YoungPersonOut): Form {
  return {
    name: person.preferred_name,
    fullName: person.full_name ?? '',
    dob: person.date_of_birth,
    status: person.legal_status,
    statusChanged: '',
    keyDates: person.key_dates.flatMap((keyDate) =>
      keyDate.kind === 'eighteenth_birthday' ? [] : [{ kind: keyDate.kind, date: keyDate.date, label: keyDate.label ?? '' }],
    ),
    caseRef: person.case_reference ?? '',
    phone: person.contact_phone ?? '',
    placement: person.placement_type ?? '',
    outOfArea: person.placement_out_of_area === null ? '' : person.placement_out_of_area ? 'yes' : 'no',
    uasc: person.unaccompanied_asylum_seeking,
    language: person.preferred_language ?? '',
    interpreter: person.interpreter_needed,
  };
}

const AREA_VALUE: Record<Area, boolean | null> = { yes: true, no: false, '': null };

/** Blank optional text is sent as null, which clears it. */
const orNull = (text: string): string | null => text.trim() || null;

function bodyFor(form: Form, person: YoungPersonOut): Record<string, unknown> {
  const statusChanges = form.status !== person.legal_status;
  return {
    preferred_name: form.name.trim(),
    full_name: orNull(form.fullName),
    date_of_birth: form.dob,
    legal_status: form.status,
    ...(statusChanges && form.statusChanged ? { legal_status_changed_on: form.statusChanged } : {}),
    key_dates: form.keyDates.map(
      (row): KeyDate => ({ kind: row.kind, date: row.date, ...(row.label.trim() ? { label: row.label.trim() } : {}) }),
    ),
    case_reference: orNull(form.caseRef),
    contact_phone: orNull(form.phone),
    placement_type: form.placement || null,
    placement_out_of_area: AREA_VALUE[form.outOfArea],
    unaccompanied_asylum_seeking: form.uasc,
    preferred_language: orNull(form.language),
    interpreter_needed: form.interpreter,
  };
}

/** What can be checked before sending; the server checks the rest and names the field. */
function missing(form: Form): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  if (!form.name.trim()) found.name = t('staff.edit.error.name');
  if (!form.dob) found.dob = t('staff.edit.error.dob');
  if (form.keyDates.some((row) => !row.date)) found.keyDates = t('staff.edit.error.keyDateMissing');
  return found;
}

export function RecordEditPage({ id }: { id: string }) {
  const [person, setPerson] = useState<YoungPersonOut | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [absent, setAbsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const { errors, problem, attempt, fail, clear, summary } = useFormErrors(TARGETS);

  useEffect(() => {
    send<YoungPersonOut>('GET', staffPaths.youngPerson(id)).then(
      (found) => {
        setPerson(found);
        setForm(formFor(found));
      },
      (error: unknown) => (error instanceof ApiError && error.status === 404 ? setAbsent(true) : fail({}, generalError(error))),
    );
  }, [id]);

  if (absent) return <NotFound />;
  if (!person || !form) return <LoadingPage problem={problem} />;

  const set = <K extends keyof Form>(name: K) => (value: Form[K]) => setForm({ ...form, [name]: value });
  const setRow = (index: number, change: Partial<KeyDateRow>) =>
    set('keyDates')(form.keyDates.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const personPage = `/staff/young-people/${encodeURIComponent(id)}`;

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found = missing(form);
    if (Object.keys(found).length > 0) return fail(found);
    setBusy(true);
    clear();
    try {
      await send<YoungPersonOut>('PATCH', staffPaths.youngPerson(id), bodyFor(form, person));
      navigate(personPage);
    } catch (error) {
      setBusy(false);
      const named = error instanceof ApiError ? fieldsWithErrors(error.fields, SERVER) : [];
      if (named.length > 0) return fail(Object.fromEntries(named.map((field) => [field, t(`staff.edit.error.${field}`)])));
      fail({}, generalError(error));
    }
  };

  const heading = t('staff.edit.title', { name: person.preferred_name });
  const statusChanges = form.status !== person.legal_status;
  return (
    <FormPage
      heading={heading}
      summary={summary(TARGETS.name)}
      attempt={attempt}
      before={
        <a class="back-link" href={personPage}>
          {t('staff.edit.back', { name: person.preferred_name })}
        </a>
      }
    >
      <form onSubmit={submit} noValidate>
        <TextInput id={TARGETS.name} label={t('staff.edit.name')} hint={t('staff.add.nameHint')} error={errors.name} value={form.name} onInput={set('name')} autoComplete="off" />
        <TextInput id={TARGETS.fullName} label={t('staff.edit.fullName')} hint={t('staff.edit.fullNameHint')} error={errors.fullName} value={form.fullName} onInput={set('fullName')} autoComplete="off" />
        <TextInput id={TARGETS.dob} label={t('staff.add.dob')} hint={t('staff.edit.dobHint')} error={errors.dob} value={form.dob} onInput={set('dob')} type="date" width="medium" />
        <LegalStatusRadios id="edit-status" error={errors.status} value={form.status} onChange={set('status')}>
          {person.status_check_due && (
            <p class="inset inset--warning">{t('staff.edit.turned18', { date: formatDate(person.eighteenth_birthday) })}</p>
          )}
        </LegalStatusRadios>
        {statusChanges && (
          <TextInput
            id={TARGETS.statusChanged}
            label={t('staff.edit.statusChanged')}
            hint={t('staff.edit.statusChangedHint')}
            error={errors.statusChanged}
            value={form.statusChanged}
            onInput={set('statusChanged')}
            type="date"
            width="medium"
          />
        )}
        <Fieldset id="edit-key-dates" legend={t('staff.person.keyDates')} hint={t('staff.edit.keyDatesHint')} error={errors.keyDates}>
          {form.keyDates.map((row, index) => (
            <div class="key-date" key={index}>
              <Select id={`edit-key-date-${index}-kind`} label={t('staff.edit.keyDateKind', { number: index + 1 })} value={row.kind} onChange={(kind) => setRow(index, { kind: kind as Kind })} options={KEY_DATE_KINDS.map((kind) => [kind, t(`staff.keyDate.${kind}`)])} />
              <TextInput id={`edit-key-date-${index}-date`} label={t('staff.edit.keyDateDate', { number: index + 1 })} value={row.date} onInput={(date) => setRow(index, { date })} type="date" width="medium" />
              {row.kind === 'other' && (
                <TextInput id={`edit-key-date-${index}-label`} label={t('staff.edit.keyDateLabel', { number: index + 1 })} value={row.label} onInput={(label) => setRow(index, { label })} />
              )}
              <button type="button" class="button button--secondary" onClick={() => set('keyDates')(form.keyDates.filter((_, at) => at !== index))}>
                {t('staff.edit.keyDateRemove', { number: index + 1 })}
              </button>
            </div>
          ))}
          <button type="button" class="button button--secondary" onClick={() => set('keyDates')([...form.keyDates, { kind: 'next_visit', date: '', label: '' }])}>
            {t('staff.edit.keyDateAdd')}
          </button>
        </Fieldset>
        <TextInput id={TARGETS.caseRef} label={t('staff.edit.caseRef')} hint={t('staff.edit.caseRefHint')} error={errors.caseRef} value={form.caseRef} onInput={set('caseRef')} autoComplete="off" width="medium" />
        <TextInput id={TARGETS.phone} label={t('staff.edit.phone')} hint={t('staff.edit.phoneHint')} error={errors.phone} value={form.phone} onInput={set('phone')} autoComplete="off" width="medium" type="tel" inputMode="tel" />
        <Select id={TARGETS.placement} label={t('staff.edit.placement')} error={errors.placement} value={form.placement} onChange={(value) => set('placement')(value as PlacementType | '')} placeholder={t('staff.edit.notRecorded')} options={PLACEMENT_TYPES.map((type) => [type, t(`staff.placement.${type}`)])} />
        <Fieldset id="edit-out-of-area" legend={t('staff.edit.outOfArea')} error={errors.outOfArea}>
          {(['yes', 'no', ''] as const).map((choice) => (
            <Choice
              key={choice || 'unknown'}
              type="radio"
              id={`edit-out-of-area-${choice || 'unknown'}`}
              name="out-of-area"
              value={choice}
              label={t(`staff.edit.outOfArea.${choice || 'unknown'}`)}
              checked={form.outOfArea === choice}
              onChange={() => set('outOfArea')(choice)}
            />
          ))}
        </Fieldset>
        <Fieldset id="edit-needs" legend={t('staff.edit.needs')}>
          <Choice type="checkbox" id="edit-uasc" name="uasc" value="yes" label={t('staff.edit.uasc')} checked={form.uasc} onChange={set('uasc')} />
          <Choice type="checkbox" id="edit-interpreter" name="interpreter" value="yes" label={t('staff.edit.interpreter')} checked={form.interpreter} onChange={set('interpreter')} />
        </Fieldset>
        <TextInput id={TARGETS.language} label={t('staff.edit.language')} hint={t('staff.edit.languageHint')} error={errors.language} value={form.language} onInput={set('language')} autoComplete="off" width="medium" />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.edit.submit')}
        </button>
      </form>
    </FormPage>
  );
}
