// "/c/:slug/check": "What can I get?". The answers stay on the phone; the matching is done
// here, so it works offline.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OfferItemOut, OfferOut } from '../api/types';
import { Choice, DateInput, ErrorSummary, Fieldset, Radios, TextInput, type SummaryError } from '../components/form';
import { Loaded } from '../components/Loaded';
import { OfferItemCard } from '../components/OfferItemCard';
import { FramePage, Page } from '../components/Page';
import { paths } from '../core/api';
import {
  EMPTY_FORM,
  OTHER_CONDITIONS,
  STUDY_ANSWERS,
  asksAboutCare,
  formOf,
  profileOf,
  usePaRecord,
  useSavedCheckAnswers,
  validate,
  type CheckError,
  type CheckForm,
  type PaRecord,
  type SavedCheckAnswers,
} from '../lib/check-answers';
import { calendarDateOf, sortItems, type Checked } from '../lib/eligibility';
import type { StatusAnswer } from '../lib/eligibility-status';
import { describeRule, statusLabel } from '../lib/eligibility-text';
import { formatAndList, formatDate } from '../lib/format';
import { t } from '../core/i18n';

export function CheckView({ slug }: { slug: string }) {
  // Its heading and first paragraph paint at once, and stay where they are when the offer comes.
  return (
    <Loaded<OfferOut> path={paths.offer(slug)} loading={<FramePage title={t('check.title')} lead={t('check.private')} />}>
      {(offer) => <Check slug={slug} offer={offer} />}
    </Loaded>
  );
}

/** Where each error's link in the summary goes. */
const ERROR_TARGET: Record<CheckError, string> = {
  recordRight: 'check-record-yes',
  ageMode: 'check-age-mode-age',
  age: 'check-age',
  dob: 'check-dob-day',
  dobFuture: 'check-dob-day',
  inCare: 'check-in-care-yes',
  inCareAdult: 'check-in-care-yes',
  leftAge: 'check-left-age',
  leftAfterNow: 'check-left-age',
  weeksLeftBefore14: 'check-left-age',
  weeks: 'check-weeks-yes',
  weeksTooYoung: 'check-weeks-yes',
  study: 'check-study-college',
};

const AGE_MODES = ['age', 'dob'] as const;
const YES_NO = ['yes', 'no'] as const;
const WEEKS_ANSWERS = ['yes', 'no', 'not_sure'] as const;

type QuestionName = 'age' | 'record' | 'inCare' | 'weeks' | 'study' | 'conditions';

/** The words and look the check's questions share. */
function question(name: QuestionName) {
  return { legend: t(`check.${name}Legend`), hint: t(`check.${name}Hint`), legendClass: 'fieldset__legend fieldset__legend--m' };
}

/** The form's answers, how to change them, and the words for their errors. */
interface Binding {
  form: CheckForm;
  set: (changes: Partial<CheckForm>) => void;
  errorFor: (...kinds: CheckError[]) => string | undefined;
}

type RadioField = 'recordRight' | 'ageMode' | 'inCare' | 'weeks' | 'study';

/** What each radio question shares: its words, its answer `form[field]`, and its errors (the
 * field's own, then answers that cannot all be true). */
function radioQuestion<F extends RadioField>(
  { form, set, errorFor }: Binding,
  field: F,
  id: string,
  name: QuestionName,
  ...problems: CheckError[]
) {
  return {
    id,
    ...question(name),
    error: errorFor(field, ...problems),
    value: form[field],
    onChange: (value: CheckForm[F]) => set({ [field]: value } as Partial<CheckForm>),
  };
}

interface AgeInputProps {
  bind: Binding;
  field: 'age' | 'leftAge';
  id: string;
  hint?: string;
  /** The field's own error, then answers that cannot all be true. */
  errors: CheckError[];
}

/** A short box for an age in whole years, with the number keypad, bound to `form[field]`. */
function AgeInput({ bind: { form, set, errorFor }, field, id, hint, errors }: AgeInputProps) {
  return (
    <TextInput
      id={id}
      label={t(`check.${field}Label`)}
      hint={hint}
      error={errorFor(...errors)}
      value={form[field]}
      onInput={(value) => set({ [field]: value })}
      inputMode="numeric"
      width="short"
    />
  );
}

/** "2009-05-01" from a record's date, for formatDate. */
function isoDate({ year, month, day }: PaRecord['dob']): string {
  return [year, month, day].map((part) => String(part).padStart(2, '0')).join('-');
}

/** The term for a status with its one-line explanation. */
function StatusTerm({ status, fromRecord }: { status: StatusAnswer; fromRecord: boolean }) {
  if (status === 'not_sure') return <p class="inset">{t('check.notSureNote')}</p>;
  const label = statusLabel(status);
  return (
    <div class="inset" data-testid="status-term">
      <p>{fromRecord ? t('check.statusFromRecord', { status: label }) : t('check.statusIs', { status: label })}</p>
      <p>{t(`legalStatus.${status}.hint`)}</p>
    </div>
  );
}

function Check({ slug, offer }: { slug: string; offer: OfferOut }) {
  const [saved, save, forget] = useSavedCheckAnswers();
  const record = usePaRecord();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<CheckForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<CheckError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState('');
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Buttons that swap the form and the results move focus to what replaced them.
  useEffect(() => {
    if (!focusTarget) return;
    const element = focusTarget === 'h1' ? headingRef.current : document.getElementById(focusTarget);
    element?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const today = calendarDateOf(new Date());
  const showResults = saved && !editing;
  const title = errors.length > 0 ? `${t('check.errorPrefix')} ${t('check.title')}` : t('check.title');

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validate(form, today, record ?? null);
    setErrors(result.errors);
    if (!result.answers) {
      setAttempt((n) => n + 1);
      return;
    }
    save(result.answers);
    setEditing(false);
    setNotice('');
    setFocusTarget('results-heading');
  };

  const change = () => {
    if (saved) setForm(formOf(saved));
    setEditing(true);
    setFocusTarget(record ? 'check-record-yes' : `check-age-mode-${saved?.ageMode ?? 'age'}`);
  };

  const clear = () => {
    forget();
    setForm(EMPTY_FORM);
    setEditing(false);
    setNotice(t('check.cleared'));
    setFocusTarget('h1');
  };

  return (
    <Page title={title} heading={t('check.title')} headingRef={headingRef} busy={saved === undefined || record === undefined}>
      <p class="lead">{t('check.private')}</p>
      <p role="status">{notice}</p>
      {saved === undefined || record === undefined ? null : showResults ? (
        <Results slug={slug} offer={offer} saved={saved} onChange={change} onClear={clear} />
      ) : (
        <>
          {errors.length > 0 && (
            <ErrorSummary
              attempt={attempt}
              errors={errors.map((error): SummaryError => ({
                target: ERROR_TARGET[error],
                text: t(`check.error.${error}`),
              }))}
            />
          )}
          <CheckFormFields form={form} record={record} errors={errors} onChange={setForm} onSubmit={submit} />
        </>
      )}
    </Page>
  );
}

interface FormProps {
  form: CheckForm;
  record: PaRecord | null;
  errors: CheckError[];
  onChange: (form: CheckForm) => void;
  onSubmit: (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => void;
}

function CheckFormFields({ form, record, errors, onChange, onSubmit }: FormProps) {
  const bind: Binding = {
    form,
    set: (changes) => onChange({ ...form, ...changes }),
    errorFor: (...kinds) => {
      const kind = kinds.find((candidate) => errors.includes(candidate));
      return kind && t(`check.error.${kind}`);
    },
  };
  const { set } = bind;

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{t('check.intro')}</p>
      {record && (
        <Radios
          {...radioQuestion(bind, 'recordRight', 'check-record', 'record')}
          options={YES_NO}
          label={(answer) => t(`check.recordRight.${answer}`)}
        >
          <div class="inset" data-testid="pa-record">
            <p>{t('check.recordBorn', { date: formatDate(isoDate(record.dob)) })}</p>
            <p>
              <strong>{statusLabel(record.status)}</strong>: {t(`legalStatus.${record.status}.hint`)}
            </p>
          </div>
        </Radios>
      )}
      {asksAboutCare(form, record) && <CareQuestions {...bind} />}

      <Radios
        {...radioQuestion(bind, 'study', 'check-study', 'study')}
        options={STUDY_ANSWERS}
        label={(answer) => t(`check.study.${answer}`)}
      />

      <Fieldset id="check-conditions" {...question('conditions')}>
        {OTHER_CONDITIONS.map((condition) => (
          <Choice
            key={condition}
            type="checkbox"
            id={`check-condition-${condition}`}
            name="conditions"
            value={condition}
            label={t(`condition.label.${condition}`)}
            checked={form.conditions.includes(condition)}
            onChange={(checked) =>
              set({
                conditions: checked
                  ? [...form.conditions, condition]
                  : form.conditions.filter((other) => other !== condition),
              })
            }
          />
        ))}
      </Fieldset>

      <button type="submit" class="button">
        {t('check.submit')}
      </button>
    </form>
  );
}

/** Age, and the plain questions the legal status is worked out from. */
function CareQuestions(bind: Binding) {
  const { form, set, errorFor } = bind;
  return (
    <>
      <Radios
        {...radioQuestion(bind, 'ageMode', 'check-age-mode', 'age')}
        options={AGE_MODES}
        label={(mode) => t(`check.ageMode.${mode}`)}
        reveal={{
          age: <AgeInput bind={bind} field="age" id="check-age" errors={['age']} />,
          dob: (
            <DateInput
              id="check-dob"
              legend={t('check.dobLegend')}
              hint={t('check.dobHint')}
              error={errorFor('dob', 'dobFuture')}
              value={form}
              onInput={set}
              birthday
            />
          ),
        }}
      />

      <Radios
        {...radioQuestion(bind, 'inCare', 'check-in-care', 'inCare', 'inCareAdult')}
        options={YES_NO}
        label={(answer) => t(`check.inCare.${answer}`)}
        reveal={{
          no: (
            <AgeInput
              bind={bind}
              field="leftAge"
              id="check-left-age"
              hint={t('check.leftAgeHint')}
              errors={['leftAge', 'leftAfterNow', 'weeksLeftBefore14']}
            />
          ),
        }}
      />

      <Radios
        {...radioQuestion(bind, 'weeks', 'check-weeks', 'weeks', 'weeksTooYoung')}
        options={WEEKS_ANSWERS}
        label={(answer) => t(`check.weeks.${answer}`)}
      />
    </>
  );
}

interface ResultsProps {
  slug: string;
  offer: OfferOut;
  saved: SavedCheckAnswers;
  onChange: () => void;
  onClear: () => void;
}

/** Notes under an item: why not (yet), and what only their PA can tell them. */
function notesFor({ verdict }: Checked<OfferItemOut>): string[] {
  return [
    ...verdict.unmet.map(describeRule),
    ...verdict.unchecked.map((rule) => t('check.askPa', { reason: describeRule(rule) })),
  ];
}

function Results({ slug, offer, saved, onChange, onClear }: ResultsProps) {
  const profile = profileOf(saved, calendarDateOf(new Date()));
  const { canGet, notYet, noLonger } = sortItems(offer.items, profile);
  const ticked = profile.conditions.map((condition) => t(`check.conditionShort.${condition}`));

  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" tabIndex={-1}>
        {t('check.resultsHeading')}
      </h2>
      <p>{t('check.yourAnswers', { age: profile.age })}</p>
      {ticked.length > 0 && <p>{t('check.yourAnswersConditions', { conditions: formatAndList(ticked) })}</p>}
      <div class="button-group">
        <button type="button" class="button button--secondary" onClick={onChange}>
          {t('check.change')}
        </button>
        <button type="button" class="button button--secondary" onClick={onClear}>
          {t('check.clear')}
        </button>
      </div>
      <StatusTerm status={profile.status} fromRecord={saved.record !== null} />

      <h2>{t('check.canGetHeading')}</h2>
      <p data-testid="can-get-count">
        {canGet.length > 0 ? t('check.canGetCount', { count: canGet.length }) : t('check.canGetNone')}
      </p>
      <ul class="cards">
        {canGet.map((checked) => (
          <OfferItemCard key={checked.item.id} slug={slug} item={checked.item} notes={notesFor(checked)} />
        ))}
      </ul>

      {notYet.length > 0 && (
        <>
          <h2>{t('check.notYetHeading')}</h2>
          <ul class="cards">
            {notYet.map((checked) => (
              <OfferItemCard key={checked.item.id} slug={slug} item={checked.item} notes={notesFor(checked)} />
            ))}
          </ul>
        </>
      )}

      {noLonger.length > 0 && (
        <>
          <h2>{t('check.noLongerHeading')}</h2>
          <ul class="cards" data-testid="no-longer">
            {noLonger.map((checked) => (
              <OfferItemCard key={checked.item.id} slug={slug} item={checked.item} notes={notesFor(checked)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
