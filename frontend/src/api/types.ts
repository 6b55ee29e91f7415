// Names for the API's shapes, taken from the types generated from its OpenAPI document
// (schema.d.ts: `npm run api:types` after an API change; `make lint` fails while it is out of
// date). Types only: nothing here reaches the bundle.
import type { components } from './schema';

type Schemas = components['schemas'];

/** `L`, when it names every value of the schema's enum `T`; otherwise a type that names the
 * values it misses, so a list a screen keeps in its own order cannot drift from the API. */
export type EveryValue<T extends string, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never]
  ? L
  : { missing: Exclude<T, L[number]> };

// Vocabulary
export type AuditAction = Schemas['AuditAction'];
export type Domain = Schemas['Domain'];
export type KeyDateKind = Schemas['KeyDateKind'];
export type LegalStatus = Schemas['LegalStatus'];
export type PlacementType = Schemas['PlacementType'];
export type StaffRole = Schemas['StaffRole'];
export type StatementStatus = Schemas['StatementStatus'];
export type StatementType = Schemas['StatementType'];
export type TaskOwner = Schemas['TaskOwner'];
export type TaskStatus = Schemas['TaskStatus'];

// Young people, staff and the audit log (accounts, audit)
export type Adviser = Schemas['Adviser'];
export type AdviserList = Schemas['AdviserList'];
export type AuditEventOut = Schemas['AuditEventOut'];
export type AuditPage = Schemas['AuditPage'];
export type EndedSessions = Schemas['EndedSessions'];
export type InviteOut = Schemas['InviteOut'];
export type KeyDate = Schemas['KeyDate'];
export type LegalStatusEntry = Schemas['LegalStatusEntry'];
export type StaffCreated = Schemas['StaffCreated'];
export type StaffList = Schemas['StaffList'];
export type StaffOut = Schemas['StaffOut'];
export type YoungPersonCreated = Schemas['YoungPersonCreated'];
export type YoungPersonList = Schemas['YoungPersonList'];
export type YoungPersonOut = Schemas['YoungPersonOut'];
export type YoungPersonSummary = Schemas['YoungPersonSummary'];

// Pathway plans, the health passport and their history (plans, health, field_edits)
export type CaseloadOut = Schemas['CaseloadOut'];
export type CaseloadRow = Schemas['CaseloadRow'];
export type ChangeOut = Schemas['ChangeOut'];
export type EditorRef = Schemas['EditorRef'];
export type FieldEditOut = Schemas['FieldEditOut'];
export type HistoryOut = Schemas['HistoryOut'];
export type PassportOut = Schemas['PassportOut'];
export type PlanEditIn = Schemas['PlanEditIn'];
export type PlanEditResult = Schemas['PlanEditResult'];
export type PlanHeader = Schemas['PlanHeader'];
export type PlanOut = Schemas['PlanOut'];
export type Recorded = Schemas['Recorded'];
export type RecordedBy = Schemas['RecordedBy'];
export type SharingOut = Schemas['SharingOut'];
export type TaskEditIn = Schemas['TaskEditIn'];
export type TaskEditResult = Schemas['TaskEditResult'];
export type TaskIn = Schemas['TaskIn'];
export type TaskNoteOut = Schemas['TaskNoteOut'];
export type TaskOut = Schemas['TaskOut'];
export type TaskTemplateOut = Schemas['TaskTemplateOut'];
export type TemplateList = Schemas['TemplateList'];
/** The fields a task edit may set (TaskChanges), typed as the task has them. */
export type TaskFields = Pick<TaskOut, keyof Schemas['TaskChanges'] & keyof TaskOut>;

// The content editor (editing)
export type OfferEditorOut = Schemas['OfferEditorOut'];
export type EditedOfferItem = Schemas['Edited_OfferItemFields_'];
export type OfferItemFields = Schemas['OfferItemFields'];
export type PledgeEditorOut = Schemas['PledgeEditorOut'];
export type PromiseFields = Schemas['PromiseFields'];
export type ThemeEditorOut = Schemas['ThemeEditorOut'];
export type ThemeFields = Schemas['ThemeFields'];

// Statements and replies (statements)
export type About = Schemas['About'];
export type AlertList = Schemas['AlertList'];
/** A staff note on a statement (a task's note is TaskNoteOut). */
export type NoteOut = Schemas['NoteOut'];
export type QueueItem = Schemas['QueueItem'];
export type QueuePage = Schemas['QueuePage'];
export type ReplyOut = Schemas['ReplyOut'];
export type ReplyState = Schemas['ReplyState'];
export type StaffRef = Schemas['StaffRef'];
export type StatementOut = Schemas['StatementOut'];
export type StatementState = Schemas['StatementState'];

// Sync (sync)
export type PullOut = Schemas['PullOut'];
export type PushItem = Schemas['PushItem'];
export type PushResult = Schemas['PushResult'];
