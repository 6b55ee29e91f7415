// Form parts in the GOV.UK Design System's patterns: fieldsets with legends, hints and
// error messages tied to their fields, and an error summary that takes focus.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../core/i18n';

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

function ErrorMessage({ id, text }: { id: string; text?: string | undefined }) {
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
  inputMode?: 'numeric' | 'search' | 'text' | 'email';
  autoComplete?: string;
  autoCapitalize?: 'none' | 'characters';
  type?: 'text' | 'search' | 'password' | 'date' | 'time';
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
  /** The <option>s. */
  children: ComponentChildren;
}

export function Select({ id, label, hint, error, value, onChange, children }: SelectProps) {
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
        {children}
      </select>
    </Field>
  );
}
