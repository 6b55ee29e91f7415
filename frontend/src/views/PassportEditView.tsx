// "/c/:slug/health/edit/:section": change one section of the health passport. Only the
// fields that changed are sent, as one change based on the version the phone has.
import { useState } from 'preact/hooks';
import { Form, FormPage, TextArea, TextInput } from '../components/form';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { useFormErrors } from '../lib/form-errors';
import { t, type MessageKey } from '../core/i18n';
import {
  editPassport,
  isSection,
  kindOf,
  MAX_NAME,
  MAX_NOTE_TEXT,
  passportChanges,
  problemWith,
  SECTIONS,
  type Section,
} from '../features/passport/passport';
import { formatNhsNumber } from '../lib/records-text';
import type { PassportField } from '../lib/records';
import { navigate } from '../core/router';
import { useMyPassport, type MyPassport } from '../features/passport/use-my-passport';
import { NotFound } from '../components/NotFound';

export function PassportEditView({ slug, section }: { slug: string; section: string }) {
  if (!isSection(section)) return <NotFound />;
  return (
    <YoungPersonOnly slug={slug} title={t('passport.signIn')}>
      {(person) => <Edit slug={slug} owner={person.id} section={section} />}
    </YoungPersonOnly>
  );
}

function Edit({ slug, owner, section }: { slug: string; owner: string; section: Section }) {
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

function EditForm({ slug, owner, section, mine }: { slug: string; owner: string; section: Section; mine: MyPassport }) {
  const fields: readonly PassportField[] = SECTIONS[section];
  const back = `/c/${encodeURIComponent(slug)}/health`;
  const [typed, setTyped] = useState<Partial<Record<PassportField, string>>>(() =>
    Object.fromEntries(fields.map((field) => [field, typedValue(field, mine.passport[field])])),
  );
  const [saving, setSaving] = useState(false);
  const form = useFormErrors<PassportField>(
    Object.fromEntries(fields.map((field) => [field, fieldId(field)])) as Record<PassportField, string>,
  );
  const title = t(`passport.section.${section}`);

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
      if (Object.keys(set).length > 0) await editPassport(owner, mine.base_version, set);
      navigate(back);
    } catch {
      form.fail({}, t('views.error.notSaved'));
      setSaving(false);
    }
  };

  return (
    <FormPage
      heading={title}
      summary={form.summary('passport-save')}
      attempt={form.attempt}
      before={<a href={back} class="back-link">{t('passport.back')}</a>}
      intro={<p class="lead">{t('passport.editIntro')}</p>}
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
