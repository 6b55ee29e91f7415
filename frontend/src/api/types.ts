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
export type Area = Schemas['Area'];
export type AuditAction = Schemas['AuditAction'];
export type Condition = Schemas['Condition'];
export type Domain = Schemas['Domain'];
export type Frequency = Schemas['Frequency'];
export type KeyDateKind = Schemas['KeyDateKind'];
export type LegalStatus = Schemas['LegalStatus'];
export type PersonKind = Schemas['PersonKind'];
export type PlacementType = Schemas['PlacementType'];
export type RecordKind = Schemas['RecordKind'];
/** Where a statement has got to, as its author sees it (staff see a StatementStatus). */
export type SeenStatus = Schemas['SeenStatus'];
export type StaffRole = Schemas['StaffRole'];
export type StatementStatus = Schemas['StatementStatus'];
export type StatementType = Schemas['StatementType'];
export type TaskOwner = Schemas['TaskOwner'];
export type TaskStatus = Schemas['TaskStatus'];

// Councils, their local offer and pledge as everyone reads them (councils, offer, pledge)
export type Amount = Schemas['Amount'];
export type Contact = Schemas['Contact'];
export type CouncilList = Schemas['CouncilList'];
export type CouncilOut = Schemas['CouncilOut'];
export type CouncilSummary = Schemas['CouncilSummary'];
export type Eligibility = Schemas['Eligibility'];
export type OfferItemOut = Schemas['OfferItemOut'];
export type OfferOut = Schemas['OfferOut'];
export type PledgeOut = Schemas['PledgeOut'];
export type PromiseOut = Schemas['PromiseOut'];
export type ThemeOut = Schemas['ThemeOut'];
/** Who a young person's statements can go to, and the out-of-hours number. */
export type ViewsOut = Schemas['ViewsOut'];

// Errors, signing in, sessions and passkeys (errors, auth, passkeys)
/** The `error` of every error answer (ErrorResponse). */
export type ErrorBody = Schemas['ErrorBody'];
export type FieldError = Schemas['FieldError'];
export type InviteUsable = Schemas['InviteUsable'];
export type Me = Schemas['Me'];
export type SignedInPerson = Schemas['SignedInPerson'];
export type PasskeyList = Schemas['PasskeyList'];
export type PasskeyOut = Schemas['PasskeyOut'];
export type SessionList = Schemas['SessionList'];
export type SessionOut = Schemas['SessionOut'];

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
export type StaffPhotoIn = Schemas['StaffPhotoIn'];
export type StaffProfileIn = Schemas['StaffProfileIn'];
export type StaffProfileOut = Schemas['StaffProfileOut'];
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
/** A note on a task (a statement's staff note is NoteOut). */
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
/** "I'm OK now" / "Sent by mistake", the body of a `statement_update` outbox item. */
export type StatementUpdateIn = Schemas['StatementUpdateIn'];
export type UpdateSaid = Schemas['UpdateSaid'];
export type YoungPersonContact = Schemas['YoungPersonContact'];
export type YoungPersonSaid = Schemas['YoungPersonSaid'];
/** The young person's own statement as a thread (GET /api/v1/my-views/statements/{id}). */
export type ThreadOut = Schemas['ThreadOut'];
/** Something the young person wrote back in a thread, as they pull it. */
export type MessageState = Schemas['MessageState'];
/** The same, as staff see it on the statement page. */
export type MessageOut = Schemas['MessageOut'];
export type StaffReplyOut = Schemas['StaffReplyOut'];
export type StatementMessageIn = Schemas['StatementMessageIn'];

// Reminders, the inbox, push and the calendar (reminders, push, calendar)
export type EventList = Schemas['EventList'];
/** A date on the young person's calendar (a reminder's kind is an InboxItem's event_kind). */
export type EventOut = Schemas['EventOut'];
export type FeedCreated = Schemas['FeedCreated'];
export type FeedStatus = Schemas['FeedStatus'];
export type InboxItem = Schemas['InboxItem'];
export type InboxOut = Schemas['InboxOut'];
export type PublicKey = Schemas['PublicKey'];
export type ReminderSettingsIn = Schemas['ReminderSettingsIn'];
export type ReminderSettingsOut = Schemas['ReminderSettingsOut'];

// Sync (sync)
/** What the server says of one pushed item. */
export type ItemStatus = Schemas['ItemStatus'];
export type PullOut = Schemas['PullOut'];
export type PushItem = Schemas['PushItem'];
/** The body of each sync item kind, as the push request's union on `kind` documents it. */
type PushRequestItem = Schemas['PushRequest']['items'][number];
export type PushBody<K extends string> = Extract<PushRequestItem, { kind: K }>['body'];
/** A narrower hand-written body must still be one the server takes: `Sent<Body, 'kind'>`
 * fails the type check when it is not (types only, no bytes). */
export type Sent<Body extends PushBody<K>, K extends string> = Body;
export type PushResponse = Schemas['PushResponse'];
export type PushResult = Schemas['PushResult'];
export type SealingKey = Schemas['SealingKey'];

// Download my data and who has seen my information (my_data)
export type MyDataDocument = Schemas['MyDataDocument'];
export type SeenEntry = Schemas['SeenEntry'];
export type SeenPage = Schemas['SeenPage'];

// Exports to the case record (case_record; docs/case-record-export.md)
export type CaseRecordMark = Schemas['CaseRecordMark'];
export type PersonOnRecord = Schemas['PersonOnRecord'];
export type PlanExport = Schemas['PlanExport'];
export type StatementEvent = Schemas['StatementEvent'];
export type StatementExport = Schemas['StatementExport'];
export type StatementRecord = Schemas['StatementRecord'];
export type StatementsExport = Schemas['StatementsExport'];

// Staff screens in one request (screens)
export type CaseloadScreen = Schemas['CaseloadScreen'];
export type QueueScreen = Schemas['QueueScreen'];
/** What every staff screen's answer carries around its own data. */
export type StaffFrame = Pick<CaseloadScreen, 'me' | 'inbox_unseen' | 'alerts'>;
