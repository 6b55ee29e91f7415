// Turning the server's refusals into the app's own words, against the right field.
import { ApiError } from './api';
import { t } from './i18n';
import type { FieldError } from './types';

/** What to say when a request failed for a reason no field explains. */
export function generalError(error: unknown): string {
  if (!(error instanceof ApiError) || error.status === 0) return t('form.offline');
  if (error.status === 403) return t('form.forbidden');
  return t('form.failed');
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
