// Form parts in the GOV.UK Design System's patterns: fieldsets with legends, hints and
// error messages tied to their fields, and an error summary that takes focus.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../core/i18n';
import { Page, type PageProps } from './Page';

/** ids of a field's hint and error, joined for aria-describedby. */
function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ id, text }: { id: string; text?: string | undefined }) {
  return text ? (
    <p id={`${id}-hint`} class="hint">
      {text}
    </p>
  ) : null;
}

/** A field's error, `${id}-error` for its aria-describedby. */
export function ErrorMessage({ id, text }: { id: string; text?: string | undefined }) {
  return text ? (
    <p id={`${id}-error`} class="error-message">
      <span class="visually-hidden">{t('check.errorPrefix')} </span>
      {text}
    </p>
  ) : null;
}

export interface SummaryError {
  /** The id of the field to jump to. */
  target: string;
  text: string;
}

/** Lists a form's errors at the top, with links to the fields. Takes focus each time the
 * form is sent with errors (`attempt` changes). */
export function ErrorSummary({ errors, attempt }: { errors: SummaryError[]; attempt: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [attempt]);
  const jump = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>, target: string) => {
    event.preventDefault();
    const field = document.getElementById(target);
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  };
  return (
    <div class="error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="error-summary__title">{t('check.errorTitle')}</h2>
        <ul class="error-summary__list">
          {errors.map((error) => (
            <li key={error.target}>
              <a href={`#${error.target}`} onClick={(event) => jump(event, error.target)}>
                {error.text}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FormProps {
  /** Called instead of the browser's submit; a promise it returns is left to settle. */
  onSubmit: () => unknown;
  class?: string;
  children: ComponentChildren;
}

/** A form the app checks itself (GOV.UK's pattern: our error messages, not the browser's) and
 * sends without leaving the page. */
export function Form({ onSubmit, class: className, children }: FormProps) {
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form class={className} noValidate onSubmit={submit}>
      {children}
    </form>
  );
}

interface FormPageProps extends Omit<PageProps, 'title' | 'heading'> {
  heading: string;
  /** The form's errors, listed first on the page. */
  summary: SummaryError[];
  attempt: number;
  /** What the page says before the error summary, when it introduces the whole page. */
  intro?: ComponentChildren;
}

/** A page with a form: while the form has errors, the title starts "Error:" and the error
 * summary comes first, under the h1 (and the intro). */
export function FormPage({ heading, summary, attempt, intro, children, ...page }: FormPageProps) {
  const failed = summary.length > 0;
  return (
    <Page {...page} title={failed ? `${t('check.errorPrefix')} ${heading}` : heading} heading={heading}>
      {intro}
      {failed && <ErrorSummary attempt={attempt} errors={summary} />}
      {children}
    </Page>
  );
}

interface FieldsetProps {
  id: string;
  legend: ComponentChildren;
  hint?: string | undefined;
  error?: string | undefined;
  legendClass?: string;
  children: ComponentChildren;
}

export function Fieldset({ id, legend, hint, error, legendClass, children }: FieldsetProps) {
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={legendClass ?? 'fieldset__legend'}>{legend}</legend>
        <Hint id={id} text={hint} />
        <ErrorMessage id={id} text={error} />
        {children}
      </fieldset>
    </div>
  );
}

interface RadiosProps<V extends string> extends Omit<FieldsetProps, 'children'> {
  /** Each radio's id is the fieldset's id and its value, `${id}-${option}`; the id is their name. */
  options: readonly V[];
  label: (option: V) => ComponentChildren;
  optionHint?: (option: V) => string | undefined;
  value: string;
  onChange: (option: V) => void;
  /** What to ask next under an option while it is chosen (a "conditional reveal"). */
  reveal?: Partial<Record<V, ComponentChildren>>;
  /** Shown between the legend and the radios (a warning about the question). */
  children?: ComponentChildren;
}

/** One answer from a short list: a fieldset of radios. */
export function Radios<V extends string>(props: RadiosProps<V>) {
  const { id, options, label, optionHint, value, onChange, reveal, children, ...fieldset } = props;
  return (
    <Fieldset id={id} {...fieldset}>
      {children}
      {options.map((option) => (
        <Choice
          key={option}
          type="radio"
          id={`${id}-${option}`}
          name={id}
          value={option}
          label={label(option)}
          hint={optionHint?.(option)}
          checked={value === option}
          onChange={() => onChange(option)}
          reveal={reveal?.[option]}
        />
      ))}
    </Fieldset>
  );
}

interface ChoiceProps {
  type: 'radio' | 'checkbox';
  id: string;
  name: string;
  value: string;
  label: ComponentChildren;
  hint?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Shown under the choice while it is checked (a "conditional reveal"). */
  reveal?: ComponentChildren;
}

export function Choice({ type, id, name, value, label, hint, checked, onChange, reveal }: ChoiceProps) {
  return (
    <div class="choice">
      <input
        class="choice__input"
        type={type}
        id={id}
        name={name}
        value={value}
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-controls={reveal ? `${id}-reveal` : undefined}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label class="choice__label" for={id}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} class="hint choice__hint">
          {hint}
        </p>
      )}
      {reveal && (
        <div id={`${id}-reveal`} class="choice__reveal" hidden={!checked}>
          {reveal}
        </div>
      )}
    </div>
  );
}

/** A box ticked on its own for a yes or no: its name is its id, its value "yes". */
export function Checkbox(props: Omit<ChoiceProps, 'type' | 'name' | 'value' | 'reveal'>) {
  return <Choice {...props} type="checkbox" name={props.id} value="yes" />;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** A labelled control with its hint and error, shared by every single-control field. */
function Field({ id, label, hint, error, children }: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <label class="label" for={id}>
        {label}
      </label>
      <Hint id={id} text={hint} />
      <ErrorMessage id={id} text={error} />
      {children}
    </div>
  );
}

interface TextInputProps extends FieldProps {
  value: string;
  onInput: (value: string) => void;
  inputMode?: 'numeric' | 'search' | 'text' | 'email' | 'tel';
  autoComplete?: string;
  autoCapitalize?: 'none' | 'characters';
  type?: 'text' | 'search' | 'password' | 'date' | 'time' | 'tel';
  width?: 'short' | 'medium' | 'full';
  /** Marks the input as wrong when its error is shown elsewhere (a date's fieldset). */
  invalid?: boolean;
}

export function TextInput(props: TextInputProps) {
  const { id, label, hint, error, value, onInput, inputMode, autoComplete } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        class={`input input--${props.width ?? 'full'}`}
        id={id}
        type={props.type ?? 'text'}
        value={value}
        inputMode={inputMode}
        autoComplete={autoComplete}
        autoCapitalize={props.autoCapitalize}
        spellcheck={false}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error || props.invalid ? true : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </Field>
  );
}

interface TextAreaProps extends FieldProps {
  value: string;
  onInput: (value: string) => void;
  rows?: number;
}

export function TextArea({ id, label, hint, error, value, onInput, rows = 5 }: TextAreaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea
        class="textarea"
        id={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </Field>
  );
}

interface SelectProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  /** The choices, as [value, words]. */
  options?: readonly (readonly [value: string, text: string])[];
  /** The words of a first, empty choice ("Choose ..."), while none need be chosen. */
  placeholder?: string;
  /** More <option>s, after those. */
  children?: ComponentChildren;
}

export function Select({ id, label, hint, error, value, onChange, options = [], placeholder, children }: SelectProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        class="select"
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
        {children}
      </select>
    </Field>
  );
}

/** The props that tie a control to one field of a form (`useForm`'s `field`). */
export interface BoundField {
  id: string;
  error: string | undefined;
  value: string;
  onInput: (value: string) => void;
}

/** A text input's props but those a special kind of input sets itself. */
type SpecialProps<Fixed extends keyof TextInputProps> = Omit<TextInputProps, Fixed>;

/** A PIN, passphrase or password. `isNew` while the person chooses one, so the browser offers
 * to save it rather than fill in a saved one. */
export function PasswordInput({ isNew = false, ...props }: SpecialProps<'type' | 'autoComplete'> & { isNew?: boolean }) {
  return <TextInput {...props} type="password" autoComplete={isNew ? 'new-password' : 'current-password'} />;
}

/** A code copied from a letter, a message or an app: typed in capitals, as it is printed. */
export function CodeInput(props: SpecialProps<'autoCapitalize' | 'width'>) {
  return <TextInput {...props} autoCapitalize="characters" width="medium" />;
}

/** A username: the phone's keyboard must not capitalise it. The browser offers a saved one
 * unless `autoComplete` says otherwise (an account for someone else). */
export function UsernameInput(props: SpecialProps<'autoCapitalize'>) {
  return <TextInput autoComplete="username" {...props} autoCapitalize="none" />;
}

type DateParts = Record<'day' | 'month' | 'year', string>;
const DATE_PARTS = ['day', 'month', 'year'] as const;

interface DateInputProps extends Omit<FieldsetProps, 'children' | 'legendClass'> {
  value: DateParts;
  onInput: (value: DateParts) => void;
  /** The person's own date of birth, which the browser may fill in. */
  birthday?: boolean;
}

/** A date as day, month and year boxes; the error is the fieldset's, each box marked wrong. */
export function DateInput({ id, legend, hint, error, value, onInput, birthday = false }: DateInputProps) {
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error}>
      <div class="date-input">
        {DATE_PARTS.map((part) => (
          <TextInput
            key={part}
            id={`${id}-${part}`}
            label={t(`check.dob.${part}`)}
            value={value[part]}
            onInput={(typed) => onInput({ ...value, [part]: typed })}
            inputMode="numeric"
            autoComplete={birthday ? `bday-${part}` : 'off'}
            width={part === 'year' ? 'medium' : 'short'}
            invalid={error !== undefined}
          />
        ))}
      </div>
    </Fieldset>
  );
}
