// The passport with the young person's changes still in the outbox applied on top, so a
// change made with no signal shows at once. Small and pure: the outbox (main bundle) also
// applies an acknowledged change to the phone's copy (sync.ts).
import type { PassportOut } from '../../api/types';
import type { OutboxItem } from '../../core/outbox';
import { PASSPORT_DATE_FIELDS, PASSPORT_TEXT_FIELDS, YOU, type PassportDateField, type PassportField } from '../../lib/records';

/** A passport nobody has written in yet. */
export function emptyPassport(): PassportOut {
  const fields = Object.fromEntries(
    [...PASSPORT_TEXT_FIELDS, ...PASSPORT_DATE_FIELDS].map((field) => [field, null]),
  ) as Record<PassportField, null>;
  return { ...fields, exists: false, shared_with_pa: false, version: 0, recorded_by: {}, updated_at: null };
}

const DATE_FIELDS: ReadonlySet<string> = new Set(PASSPORT_DATE_FIELDS);

/** `passport` (or an empty one) with the passport edits among `ops` applied in order. A date
 * set here was recorded by "you". */
export function applyPendingPassport(passport: PassportOut | null, ops: readonly OutboxItem[]): PassportOut {
  let result = passport ?? emptyPassport();
  for (const op of ops) {
    if (op.kind !== 'passport_edit') continue;
    const recorded = { ...result.recorded_by };
    for (const field of Object.keys(op.body.set)) {
      if (DATE_FIELDS.has(field)) recorded[field as PassportDateField] = { ...YOU, at: op.created_at };
    }
    result = { ...result, ...op.body.set, exists: true, recorded_by: recorded, updated_at: op.created_at };
  }
  return result;
}
