// "/c/:slug/check": "What can I get?". The answers stay on the phone; the matching is done
// here, so it works offline.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OfferItemOut, OfferOut } from '../api/types';
import { Choice, DateInput, ErrorSummary, Fieldset, Radios, TextInput, type SummaryError } from '../components/form';
import { Loaded } from '../components/Loaded';
import { OfferItemCard } from '../components/OfferItemCard';
import { Page } from '../components/Page';
import { paths } from '../core/api';
import {
  EMPTY_FORM,
  formOf,
  profileOf,
  useSavedCheckAnswers,
  validate,
  type CheckError,
  type CheckForm,
  type SavedCheckAnswers,
} from '../lib/check-answers';
import { calendarDateOf, sortItems, type Checked, type StatusAnswer } from '../lib/eligibility';
import { describeRule, statusLabel } from '../lib/eligibility-text';
import { formatAndList } from '../lib/format';
import { t } from '../core/i18n';
import { CONDITIONS, LEGAL_STATUSES } from '../lib/types';

export function CheckView({ slug }: { slug: string }) {
  return <Loaded<OfferOut> path={paths.offer(slug)}>{(offer) => <Check slug={slug} offer={offer} />}</Loaded>;
}

/** Where each error's link in the summary goes. */
const ERROR_TARGET: Record<CheckError, string> = {
  ageMode: 'check-age-mode-age',
  age: 'check-age',
  dob: 'check-dob-day',
  dobFuture: 'check-dob-day',
  status: `check-status-${LEGAL_STATUSES[0]}`,
};

const STATUS_ANSWERS: StatusAnswer[] = [...LEGAL_STATUSES, 'not_sure'];
const AGE_MODES = ['age', 'dob'] as const;

/** The words and look the check's three questions share. */
function question(name: 'age' | 'status' | 'conditions') {
  return { legend: t(`check.${name}Legend`), hint: t(`check.${name}Hint`), legendClass: 'fieldset__legend fieldset__legend--m' };
}

function Check({ slug, offer }: { slug: string; offer: OfferOut }) {
  const [saved, save, forget] = useSavedCheckAnswers();
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
    const result = validate(form, today);
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
    setFocusTarget(`check-age-mode-${saved?.ageMode ?? 'age'}`);
  };

  const clear = () => {
    forget();
    setForm(EMPTY_FORM);
    setEditing(false);
    setNotice(t('check.cleared'));
    setFocusTarget('h1');
  };

  return (
    <Page title={title} heading={t('check.title')} headingRef={headingRef} busy={saved === undefined}>
      <p class="lead">{t('check.private')}</p>
      <p role="status">{notice}</p>
      {saved === undefined ? null : showResults ? (
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
          <CheckFormFields form={form} errors={errors} onChange={setForm} onSubmit={submit} />
        </>
      )}
    </Page>
  );
}

interface FormProps {
  form: CheckForm;
  errors: CheckError[];
  onChange: (form: CheckForm) => void;
  onSubmit: (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => void;
}

function CheckFormFields({ form, errors, onChange, onSubmit }: FormProps) {
  const set = (changes: Partial<CheckForm>) => onChange({ ...form, ...changes });
  const errorFor = (...kinds: CheckError[]) => {
    const kind = kinds.find((candidate) => errors.includes(candidate));
    return kind && t(`check.error.${kind}`);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{t('check.intro')}</p>
      <Radios
        id="check-age-mode"
        {...question('age')}
        error={errorFor('ageMode')}
        options={AGE_MODES}
        label={(mode) => t(`check.ageMode.${mode}`)}
        value={form.ageMode}
        onChange={(ageMode) => set({ ageMode })}
        reveal={{
          age: (
            <TextInput
              id="check-age"
              label={t('check.ageLabel')}
              error={errorFor('age')}
              value={form.age}
              onInput={(age) => set({ age })}
              inputMode="numeric"
              width="short"
            />
          ),
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
        id="check-status"
        {...question('status')}
        error={errorFor('status')}
        options={STATUS_ANSWERS}
        label={statusLabel}
        optionHint={(status) => (status === 'not_sure' ? undefined : t(`legalStatus.${status}.hint`))}
        value={form.status}
        onChange={(status) => set({ status })}
      />

      <Fieldset id="check-conditions" {...question('conditions')}>
        {CONDITIONS.map((condition) => (
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
  const { canGet, notYet } = sortItems(offer.items, profile);
  const ticked = saved.conditions.map((condition) => t(`check.conditionShort.${condition}`));

  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" tabIndex={-1}>
        {t('check.resultsHeading')}
      </h2>
      <p>{t('check.yourAnswers', { age: profile.age, status: statusLabel(saved.status) })}</p>
      {ticked.length > 0 && <p>{t('check.yourAnswersConditions', { conditions: formatAndList(ticked) })}</p>}
      <div class="button-group">
        <button type="button" class="button button--secondary" onClick={onChange}>
          {t('check.change')}
        </button>
        <button type="button" class="button button--secondary" onClick={onClear}>
          {t('check.clear')}
        </button>
      </div>
      {saved.status === 'not_sure' && <p class="inset">{t('check.notSureNote')}</p>}

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
    </section>
  );
}
