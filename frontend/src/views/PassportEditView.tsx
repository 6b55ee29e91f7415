// "/c/:slug/health/edit/:section": change one section of the health passport, or (section
// "doctor") an empty passport's first step, which asks only for the doctor and then offers
// the next steps. Only the fields that changed are sent, as one change based on the version
// the phone has.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Form, FormPage, TextArea, TextInput } from '../components/form';
import { Page } from '../components/Page';
import { PrivacyNote } from '../components/PrivacyNote';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { useFormErrors } from '../lib/form-errors';
import { t, type MessageKey } from '../core/i18n';
import {
  editPassport,
  fieldsOf,
  isEditPage,
  kindOf,
  MAX_NAME,
  MAX_NOTE_TEXT,
  passportChanges,
  problemWith,
  type EditPage,
} from '../features/passport/passport';
import { NextSteps } from '../features/passport/PassportStart';
import { formatNhsNumber } from '../lib/records-text';
import type { PassportField } from '../lib/records';
import { navigate } from '../core/router';
import { useMyPassport, type MyPassport } from '../features/passport/use-my-passport';
import { NotFound } from '../components/NotFound';

export function PassportEditView({ slug, section }: { slug: string; section: string }) {
  if (!isEditPage(section)) return <NotFound />;
  return (
    <YoungPersonOnly slug={slug} title={t('passport.signIn')}>
      {(person) => <Edit slug={slug} owner={person.id} section={section} />}
    </YoungPersonOnly>
  );
}

function Edit({ slug, owner, section }: { slug: string; owner: string; section: EditPage }) {
  const mine = useMyPassport(owner);
  if (!mine) {
    return (
      <Page title={t('app.loadingTitle')} busy>
        <p>{t('app.loading')}</p>
      </Page>
    );
  }
  return <EditForm slug={slug} owner={owner} section={section} mine={mine} />;
}

const fieldId = (field: PassportField) => `passport-${field.replaceAll('_', '-')}`;

function typedValue(field: PassportField, value: string | null | undefined): string {
  if (!value) return '';
  return field === 'nhs_number' ? formatNhsNumber(value) : value;
}

interface EditFormProps {
  slug: string;
  owner: string;
  section: EditPage;
  mine: MyPassport;
}

function EditForm({ slug, owner, section, mine }: EditFormProps) {
  const fields = fieldsOf(section);
  const base = `/c/${encodeURIComponent(slug)}`;
  const back = `${base}/health`;
  const [saved, setSaved] = useState(false);
  const [typed, setTyped] = useState<Partial<Record<PassportField, string>>>(() =>
    Object.fromEntries(fields.map((field) => [field, typedValue(field, mine.passport[field])])),
  );
  const [saving, setSaving] = useState(false);
  const form = useFormErrors<PassportField>(
    Object.fromEntries(fields.map((field) => [field, fieldId(field)])) as Record<PassportField, string>,
  );
  const doctor = section === 'doctor';
  const title = t(doctor ? 'passport.start.doctor' : `passport.section.${section}`);

  const save = async () => {
    const found: Partial<Record<PassportField, string>> = {};
    for (const field of fields) {
      const problem = problemWith(field, typed[field] ?? '');
      if (problem) {
        const max = (kindOf(field) === 'name' ? MAX_NAME : MAX_NOTE_TEXT).toLocaleString('en-GB');
        found[field] = t(`passport.error.${problem}`, { max });
      }
    }
    if (Object.keys(found).length > 0) {
      form.fail(found);
      return;
    }
    const set = passportChanges(mine.passport, typed);
    setSaving(true);
    try {
      const changed = Object.keys(set).length > 0;
      if (changed) await editPassport(owner, mine.base_version, set);
      if (doctor && changed) setSaved(true);
      else navigate(back);
    } catch {
      form.fail({}, t('views.error.notSaved'));
      setSaving(false);
    }
  };

  if (saved) return <DoctorSaved base={base} />;
  return (
    <FormPage
      heading={title}
      summary={form.summary('passport-save')}
      attempt={form.attempt}
      before={<a href={back} class="back-link">{t('passport.back')}</a>}
      intro={
        <>
          <p class="lead">{t(doctor ? 'passport.doctor.intro' : 'passport.editIntro')}</p>
          <PrivacyNote slug={slug} text={t('privacy.note.passport')} />
        </>
      }
    >
      <Form onSubmit={save}>
        {fields.map((field) => {
          const kind = kindOf(field);
          const common = {
            id: fieldId(field),
            label: t(`passport.field.${field}` as MessageKey),
            hint: field === 'nhs_number' ? t('passport.hint.nhs_number') : undefined,
            error: form.errors[field],
            value: typed[field] ?? '',
            onInput: (value: string) => setTyped({ ...typed, [field]: value }),
          };
          return kind === 'text' || field.endsWith('_address') ? (
            <TextArea key={field} {...common} rows={kind === 'text' ? 4 : 3} />
          ) : (
            <TextInput
              key={field}
              {...common}
              type={kind === 'date' ? 'date' : kind === 'phone' ? 'tel' : 'text'}
              inputMode={kind === 'nhs' ? 'numeric' : kind === 'phone' ? 'tel' : undefined}
            />
          );
        })}
        <div class="button-group">
          <button type="submit" id="passport-save" class="button" disabled={saving}>
            {t('passport.save')}
          </button>
          <a href={back} class="button button--secondary">
            {t('passport.cancel')}
          </a>
        </div>
      </Form>
    </FormPage>
  );
}

/** After the doctor step: what is next, or the whole passport. */
function DoctorSaved({ base }: { base: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []); // the form it replaces had the focus
  return (
    <Page title={t('passport.doctor.saved')} headingRef={heading}>
      <p class="lead" data-testid="doctor-saved">
        {t('passport.doctor.savedText')}
      </p>
      <h2>{t('passport.doctor.next')}</h2>
      <NextSteps base={base} />
      <p>
        <a href={`${base}/health`} class="button">
          {t('passport.doctor.whole')}
        </a>
      </p>
    </Page>
  );
}
