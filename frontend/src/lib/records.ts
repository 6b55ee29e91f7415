// Records: the fields of the health passport, shared by the young person's plan and passport
// features and the staff screens, and the young person as the author of a change made on the
// phone. The vocabulary of plan tasks is in plan-vocabulary.ts and how changes are shown in
// records-text.ts. Their shapes as the server sends them (TaskOut, PassportOut, FieldEditOut
// ...) are in api/types.ts. The server merges changes field by field
// (backend/harbour/field_edits.py).
import type { EditorRef } from '../api/types';

export const PASSPORT_CONTACT_FIELDS = [
  'gp_name',
  'gp_phone',
  'gp_address',
  'dentist_name',
  'dentist_phone',
  'dentist_address',
  'optician_name',
  'optician_phone',
  'optician_address',
] as const;
export const PASSPORT_NOTE_FIELDS = ['allergies', 'conditions', 'medicines', 'immunisations', 'contacts'] as const;
export const PASSPORT_TEXT_FIELDS = [...PASSPORT_CONTACT_FIELDS, 'nhs_number', ...PASSPORT_NOTE_FIELDS] as const;
export const PASSPORT_DATE_FIELDS = [
  'health_assessment_last',
  'health_assessment_next',
  'dental_check_last',
  'dental_check_next',
  'eye_test_last',
  'eye_test_next',
  'immunisations_due',
  'passport_review',
] as const;
export type PassportTextField = (typeof PASSPORT_TEXT_FIELDS)[number];
export type PassportDateField = (typeof PASSPORT_DATE_FIELDS)[number];
export type PassportField = PassportTextField | PassportDateField;

/** The young person, as the author of a change made on their own phone ("You"). */
export const YOU: EditorRef = { kind: 'young_person', name: null, role: null };
