// Turning the server's refusals into the app's own words, against the right field.
import { useState } from 'preact/hooks';
import type { SummaryError } from '../components/form';
import { ApiError } from '../core/api';
import { t } from '../core/i18n';
import type { FieldError } from '../api/types';

/** What to say when a request failed for a reason no field explains. */
export function generalError(error: unknown): string {
  if (!(error instanceof ApiError) || error.status === 0) return t('form.offline');
  if (error.status === 403) return t('form.forbidden');
  return t('form.failed');
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
