// Turning the server's refusals into the app's own words, against the right field.
import { useState } from 'preact/hooks';
import type { BoundField, SummaryError } from '../components/form';
import { ApiError } from '../core/api';
import { t } from '../core/i18n';
import type { FieldError } from '../api/types';

/** What to say when a request failed for a reason no field explains. */
export function generalError(error: unknown): string {
  if (!(error instanceof ApiError) || error.status === 0) return t('form.offline');
  if (error.status === 403) return t('form.forbidden');
  return t('form.failed');
}

/** Why the server refused a sign-in: the details were wrong, there were too many tries (wait
 * `seconds`), or the account is locked. Null when it failed for another reason. */
export function signInRefusal(error: unknown): { reason: 'wrong' | 'slowDown' | 'locked'; seconds: number } | null {
  if (!(error instanceof ApiError)) return null;
  const seconds = error.retryAfter ?? 60;
  if (error.status === 401 || error.status === 422) return { reason: 'wrong', seconds };
  if (error.status === 429) return { reason: 'slowDown', seconds };
  if (error.status === 423) return { reason: 'locked', seconds };
  return null;
}

const PROBLEMS = {
  add: { cancelled: 'passkeys.error.addCancelled', already: 'passkeys.error.already', failed: 'passkeys.error.addFailed' },
  signIn: { cancelled: 'passkeys.error.signInCancelled', already: 'passkeys.error.signInRefused', failed: 'passkeys.error.signInRefused' },
} as const;

/** What to tell the person when adding or using a passkey failed. The browser says
 * NotAllowedError both when they cancel and when the phone could not check them (or has no
 * passkey for us), and cannot tell us which, so one message covers all three. */
export function passkeyError(error: unknown, action: keyof typeof PROBLEMS): string {
  const messages = PROBLEMS[action];
  if (error instanceof ApiError) return error.code === 'passkey_refused' ? t(messages.failed) : generalError(error);
  const name = error instanceof Object && 'name' in error ? String(error.name) : ''; // a DOMException
  if (name === 'NotAllowedError' || name === 'AbortError') return t(messages.cancelled);
  if (name === 'InvalidStateError') return t(messages.already);
  return t(messages.failed);
}

/** The first of our field names whose server field (`body.username`, `body.secret.pin.pin`)
 * the server complained about. `fields` maps ours to the server's prefixes. */
export function fieldsWithErrors<F extends string>(
  errors: readonly FieldError[],
  fields: Record<F, string>,
): F[] {
  const names = Object.keys(fields) as F[];
  return names.filter((name) =>
    errors.some((error) => error.field === fields[name] || error.field.startsWith(`${fields[name]}.`)),
  );
}

export type FieldMessages<F extends string> = Partial<Record<F, string>>;

/** A form's error state: a message per field, one general problem, and a count of failed
 * submits (the error summary takes focus again after each). `summary` lists them for
 * ErrorSummary, the problem pointing at `problemTarget`. */
export function useFormErrors<F extends string>(targets: Record<F, string>, initialProblem = '') {
  const [errors, setErrors] = useState<FieldMessages<F>>({});
  const [problem, setProblem] = useState(initialProblem);
  const [attempt, setAttempt] = useState(0);
  const fail = (fields: FieldMessages<F>, text = '') => {
    setErrors(fields);
    setProblem(text);
    setAttempt((n) => n + 1);
  };
  const clear = () => {
    setErrors({});
    setProblem('');
  };
  const summary = (problemTarget: string): SummaryError[] => [
    ...(problem ? [{ target: problemTarget, text: problem }] : []),
    ...(Object.entries(errors) as [F, string][]).map(([field, text]) => ({
      target: targets[field],
      text,
    })),
  ];
  return { errors, problem, attempt, fail, clear, summary };
}

/** A form's fields and their values, with `useFormErrors`' state (which may also cover others,
 * such as a button). `field(name)` gives the props that tie a text control to its field, and
 * `choice(name)` those of radios or a select: the control's id is the one the error summary
 * links to, so the two cannot drift apart. */
export function useForm<F extends string, V extends F>(targets: Record<F, string>, initial: Record<V, string>, initialProblem = '') {
  const state = useFormErrors(targets, initialProblem);
  const [values, setValues] = useState(initial);
  const set = (name: V) => (value: string) => setValues((old) => ({ ...old, [name]: value }));
  const field = (name: V): BoundField => ({ id: targets[name], error: state.errors[name], value: values[name], onInput: set(name) });
  const choice = (name: V) => ({ error: state.errors[name], value: values[name], onChange: set(name) });
  const reset = () => setValues(initial);
  return { ...state, values, set, field, choice, reset };
}
