// "/staff/content/offer/:id" (and ".../new"): edit one offer item as a draft, preview it as a
// young person will see it, then publish or discard. Every field the content pack has is
// here; the server checks them by the pack's rules and its 422s land on the right field.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Choice, Fieldset, Select, TextArea, TextInput } from '../components/form';
import { OfferItemCard } from '../components/OfferItemCard';
import { ApiError, send } from '../core/api';
import { statusLabel } from '../lib/eligibility-text';
import { fieldsWithErrors, useFormErrors, type FieldMessages } from '../lib/form-errors';
import { t } from './i18n';
import { navigate } from '../core/router';
import type { SignedInPerson } from '../core/session';
import { AREAS, CONDITIONS, LEGAL_STATUSES, type Area, type Condition, type LegalStatus } from '../lib/types';
import { NotFound } from '../components/NotFound';
import { OfferItemDetails } from '../views/OfferItemView';
import type { EditedOfferItem, Frequency, OfferItemFields, OfferItemOut } from '../api/types';
import { editorPages, editorPaths, pence, poundsText, shown } from './content';
import { EditorPage } from './EditorPage';
import { DraftActions, editorProblem, isMissing, StateTags } from './DraftActions';

const FREQUENCIES: Frequency[] = ['one_off', 'per_week', 'per_month', 'per_year'];
const TEXT_FIELDS = ['title', 'summary', 'details', 'how_to_claim', 'contact', 'provider', 'last_reviewed'] as const;
type Field = 'key' | 'area' | 'amount' | 'ages' | (typeof TEXT_FIELDS)[number];

/** The form's own field ids (where the error summary sends focus). */
const TARGET: Record<Field, string> = {
  key: 'item-key',
  title: 'item-title',
  summary: 'item-summary',
  details: 'item-details',
  area: 'item-area',
  amount: 'item-amount',
  ages: 'item-min-age',
  how_to_claim: 'item-how_to_claim',
  contact: 'item-contact',
  provider: 'item-provider',
  last_reviewed: 'item-last_reviewed',
};

/** The server's names for our fields, under `body.` (a new item) or `body.draft.`. */
function serverFields(prefix: string): Record<Field, string> {
  const names: Record<Field, string> = { ...TARGET };
  for (const field of Object.keys(TARGET) as Field[]) names[field] = `${prefix}${field}`;
  return { ...names, key: 'body.id', ages: `${prefix}eligibility` };
}

interface Form {
  key: string;
  area: Area;
  amount: string;
  frequency: Frequency;
  statuses: LegalStatus[];
  conditions: Condition[];
  min_age: string;
  max_age: string;
  title: string;
  summary: string;
  details: string;
  how_to_claim: string;
  contact: string;
  provider: string;
  last_reviewed: string;
}

const today = () => new Date().toISOString().slice(0, 10);

const BLANK: Form = {
  key: '',
  area: AREAS[0],
  amount: '',
  frequency: 'one_off',
  statuses: [],
  conditions: [],
  min_age: '',
  max_age: '',
  title: '',
  summary: '',
  details: '',
  how_to_claim: '',
  contact: '',
  provider: '',
  last_reviewed: today(),
};

function formOf(key: string, words: OfferItemFields): Form {
  return {
    ...words,
    key,
    amount: words.amount ? poundsText(words.amount.pence) : '',
    frequency: words.amount?.frequency ?? 'one_off',
    // (The API always sends eligibility; its schema marks it optional, as it has a default.)
    statuses: words.eligibility?.statuses ?? [],
    conditions: words.eligibility?.conditions ?? [],
    min_age: words.eligibility?.min_age?.toString() ?? '',
    max_age: words.eligibility?.max_age?.toString() ?? '',
  };
}

/** The form as the API's words, or the fields that cannot be read as typed. */
function wordsOf(form: Form): OfferItemFields | FieldMessages<Field> {
  const amount = form.amount.trim() ? pence(form.amount) : null;
  const age = (text: string) => (text.trim() ? Number(text) : null);
  const problems: FieldMessages<Field> = {};
  if (form.amount.trim() && amount === null) problems.amount = t('editor.error.amount');
  if ([form.min_age, form.max_age].some((text) => text.trim() && !/^\d+$/.test(text.trim()))) {
    problems.ages = t('editor.error.ages');
  }
  if (Object.keys(problems).length > 0) return problems;
  return {
    area: form.area,
    title: form.title.trim(),
    summary: form.summary.trim(),
    details: form.details.trim(),
    amount: amount === null ? null : { pence: amount, frequency: form.frequency },
    eligibility: {
      statuses: form.statuses,
      min_age: age(form.min_age),
      max_age: age(form.max_age),
      conditions: form.conditions,
    },
    how_to_claim: form.how_to_claim.trim(),
    contact: form.contact.trim(),
    provider: form.provider.trim(),
    last_reviewed: form.last_reviewed,
  };
}

const toggled = <T,>(list: T[], value: T, on: boolean): T[] =>
  on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);

export function OfferItemEditor({ id, me }: { id: string; me: SignedInPerson }) {
  const adding = id === 'new';
  const [edited, setEdited] = useState<EditedOfferItem | null>(null);
  const [form, setForm] = useState<Form>(BLANK);
  const [preview, setPreview] = useState<OfferItemOut | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const { errors, problem, attempt, fail, clear, summary: summaryAt } = useFormErrors<Field>(TARGET);

  const show = (next: EditedOfferItem) => {
    setEdited(next);
    setForm(formOf(next.key, shown(next)));
  };

  useEffect(() => {
    if (adding) return;
    send<EditedOfferItem>('GET', editorPaths.item(id)).then(show, (error: unknown) =>
      isMissing(error) ? setMissing(true) : fail({}, editorProblem(error)),
    );
  }, [id]);

  // The preview is the server's answer, shaped exactly as the young person's app gets it.
  useEffect(() => {
    if (!edited?.draft) return setPreview(null);
    send<OfferItemOut>('GET', `${editorPaths.item(edited.id)}/preview`).then(setPreview, () => setPreview(null));
  }, [edited]);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const words = wordsOf(form);
    if (!('title' in words)) return fail(words);
    setBusy(true);
    setSaved('');
    try {
      if (adding) {
        const created = await send<EditedOfferItem>('POST', editorPaths.offer, { id: form.key.trim(), ...words });
        navigate(editorPages.item(created.id), { replace: true });
        return;
      }
      if (!edited) return;
      show(await send<EditedOfferItem>('PUT', `${editorPaths.item(edited.id)}/draft`, { revision: edited.revision, draft: words }));
      clear();
      setSaved(t('editor.saved'));
    } catch (error) {
      const names = serverFields(adding ? 'body.' : 'body.draft.');
      const fields = error instanceof ApiError ? fieldsWithErrors(error.fields, names) : [];
      if (fields.length > 0) return fail(Object.fromEntries(fields.map((field) => [field, t(`editor.error.${field}`)])));
      fail({}, editorProblem(error));
    } finally {
      setBusy(false);
    }
  };

  if (missing) return <NotFound />;
  const set = <K extends keyof Form>(name: K) => (value: Form[K]) => setForm({ ...form, [name]: value });
  const summary = summaryAt(TARGET.title);
  const heading = adding ? t('editor.addTitle') : t('editor.itemTitle', { title: edited ? shown(edited).title : '' });
  return (
    <EditorPage heading={heading} busy={!adding && edited === null && !problem} summary={summary} attempt={attempt}>
      {edited && (
        <p>
          <StateTags edited={edited} />
        </p>
      )}
      {(adding || edited) && (
        <form onSubmit={submit} noValidate>
          {adding && (
            <TextInput id={TARGET.key} label={t('editor.field.key')} hint={t('editor.hint.key')} error={errors.key} value={form.key} onInput={set('key')} autoComplete="off" autoCapitalize="none" />
          )}
          <TextInput id={TARGET.title} label={t('editor.field.title')} error={errors.title} value={form.title} onInput={set('title')} autoComplete="off" />
          <TextInput id={TARGET.summary} label={t('editor.field.summary')} hint={t('editor.hint.summary')} error={errors.summary} value={form.summary} onInput={set('summary')} autoComplete="off" />
          <TextArea id={TARGET.details} label={t('editor.field.details')} hint={t('editor.hint.paragraphs')} error={errors.details} value={form.details} onInput={set('details')} rows={8} />
          <Select id={TARGET.area} label={t('editor.field.area')} error={errors.area} value={form.area} options={AREAS.map((area) => [area, t(`area.${area}`)] as const)} onChange={(value) => set('area')(value as Area)} />
          <TextInput id={TARGET.amount} label={t('editor.field.amount')} hint={t('editor.hint.amount')} error={errors.amount} value={form.amount} onInput={set('amount')} inputMode="text" width="medium" autoComplete="off" />
          <Select id="item-frequency" label={t('editor.field.frequency')} value={form.frequency} options={FREQUENCIES.map((f) => [f, t(`editor.frequency.${f}`)] as const)} onChange={(value) => set('frequency')(value as Frequency)} />
          <Fieldset id="item-statuses" legend={t('editor.field.statuses')} hint={t('editor.hint.statuses')}>
            {LEGAL_STATUSES.map((status) => (
              <Choice key={status} type="checkbox" id={`item-status-${status}`} name="statuses" value={status} label={statusLabel(status)} checked={form.statuses.includes(status)} onChange={(on) => set('statuses')(toggled(form.statuses, status, on))} />
            ))}
          </Fieldset>
          <Fieldset id="item-ages" legend={t('editor.field.ages')} hint={t('editor.hint.ages')} error={errors.ages}>
            <div class="date-input">
              <TextInput id={TARGET.ages} label={t('editor.field.minAge')} value={form.min_age} onInput={set('min_age')} inputMode="numeric" width="short" autoComplete="off" invalid={errors.ages !== undefined} />
              <TextInput id="item-max-age" label={t('editor.field.maxAge')} value={form.max_age} onInput={set('max_age')} inputMode="numeric" width="short" autoComplete="off" invalid={errors.ages !== undefined} />
            </div>
          </Fieldset>
          <Fieldset id="item-conditions" legend={t('editor.field.conditions')} hint={t('editor.hint.conditions')}>
            {CONDITIONS.map((condition) => (
              <Choice key={condition} type="checkbox" id={`item-condition-${condition}`} name="conditions" value={condition} label={t(`reason.condition.${condition}`)} checked={form.conditions.includes(condition)} onChange={(on) => set('conditions')(toggled(form.conditions, condition, on))} />
            ))}
          </Fieldset>
          <TextArea id={TARGET.how_to_claim} label={t('editor.field.how_to_claim')} hint={t('editor.hint.paragraphs')} error={errors.how_to_claim} value={form.how_to_claim} onInput={set('how_to_claim')} />
          <TextInput id={TARGET.contact} label={t('editor.field.contact')} error={errors.contact} value={form.contact} onInput={set('contact')} autoComplete="off" />
          <TextInput id={TARGET.provider} label={t('editor.field.provider')} error={errors.provider} value={form.provider} onInput={set('provider')} autoComplete="off" />
          <TextInput id={TARGET.last_reviewed} label={t('editor.field.last_reviewed')} error={errors.last_reviewed} value={form.last_reviewed} onInput={set('last_reviewed')} type="date" width="medium" />
          <button type="submit" class="button" disabled={busy}>
            {t(adding ? 'editor.create' : 'editor.save')}
          </button>
          <p role="status">{saved}</p>
        </form>
      )}
      {preview && <OfferPreview slug={me.council} item={preview} />}
      {edited && <DraftActions edited={edited} path={editorPaths.item(edited.id)} onChanged={show} canRetire />}
    </EditorPage>
  );
}

/** The draft as the young person's list card and item page show it. */
function OfferPreview({ slug, item }: { slug: string; item: OfferItemOut }) {
  return (
    <section aria-labelledby="preview-heading" class="preview" data-testid="offer-preview">
      <h2 id="preview-heading">{t('editor.previewHeading')}</h2>
      <p class="hint">{t('editor.previewCard')}</p>
      <ul class="cards">
        <OfferItemCard slug={slug} item={item} />
      </ul>
      <p class="hint">{t('editor.previewPage')}</p>
      <div class="preview__page">
        <p class="preview__title">{item.title}</p>
        <OfferItemDetails slug={slug} item={item} />
      </div>
    </section>
  );
}
