"""The shapes of "Download my data" and "Who has seen my information"."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Final, Literal

from pydantic import BaseModel, Field

from harbour.accounts.schemas import StaffRole, YoungPersonOut
from harbour.auth.schemas import SessionOut
from harbour.db import UtcDatetime
from harbour.field_edits import FieldEditOut
from harbour.health.schemas import PassportOut
from harbour.passkeys.schemas import PasskeyOut
from harbour.plans.schemas import PlanOut
from harbour.reminders.schemas import EventKind, ReminderSettingsOut, ReminderStatus
from harbour.statements.schemas import StatementType, ThreadOut, YoungPersonSaid

FORMAT: Final = "harbour-my-data/1"


class StaffMention(BaseModel):
    """A member of staff where they acted on the young person's records."""

    name: str | None = Field(
        description="Their name; null where the council shows young people roles only."
    )
    role: StaffRole


class CouncilMention(BaseModel):
    slug: str
    name: str


class Profile(YoungPersonOut):
    personal_adviser: StaffMention | None = Field(description="Their PA, if one is allocated.")
    created_at: UtcDatetime
    updated_at: UtcDatetime


class InviteEntry(BaseModel):
    """An invite code given to them (never the code: only a keyed hash of it is kept)."""

    created_at: UtcDatetime
    expires_at: UtcDatetime
    used_at: UtcDatetime | None
    revoked_at: UtcDatetime | None


class StatementEntry(ThreadOut):
    """A statement with its words, replies, what they wrote back and who read what when."""

    meeting_date: date | None
    young_person_update: YoungPersonSaid | None = Field(
        description="What they last said about it from the help screen (I'm OK now, or sent "
        "by mistake)."
    )


class PlanEntry(PlanOut):
    """Their pathway plan with its tasks and their notes, and every change to them."""

    created_at: UtcDatetime | None = Field(description="Null when no plan has been started.")
    history: list[FieldEditOut] = Field(
        description="Every change to the plan and its tasks (a note shows as field `note`), "
        "oldest first."
    )


class PassportEntry(PassportOut):
    history: list[FieldEditOut] = Field(description="Every change to it, oldest first.")


class ReminderEntry(BaseModel):
    """A reminder or inbox message to them (its push, if it went, said only "Harbour")."""

    event_kind: EventKind
    event_date: date
    due_at: UtcDatetime = Field(description="When it shows in their inbox.")
    status: ReminderStatus
    sent_at: UtcDatetime | None
    seen_at: UtcDatetime | None


class PushEntry(BaseModel):
    """A phone or browser that gets their reminders (never its keys or full address)."""

    push_service: str = Field(description="The host of the phone maker's push service.")
    created_at: UtcDatetime
    last_success_at: UtcDatetime | None


class CalendarFeedEntry(BaseModel):
    """A calendar address they made (never the address itself: only a hash of it is kept)."""

    created_at: UtcDatetime
    revoked_at: UtcDatetime | None


class SeenWhat(StrEnum):
    """What a member of staff opened."""

    statement = "statement"
    plan = "plan"
    task_history = "task_history"
    passport = "passport"
    passport_history = "passport_history"
    passport_sharing = "passport_sharing"
    record = "record"
    record_copy = "record_copy"
    everything = "everything"


class SeenEntry(BaseModel):
    id: uuid.UUID = Field(description="The audit event's id (pass as `before` for older ones).")
    at: UtcDatetime
    what: SeenWhat = Field(
        description="statement: one of their statements; plan: their pathway plan; "
        "task_history: a task's history; passport, passport_history: their health passport "
        "or its history; passport_sharing: whether they share it; record: their record; "
        "record_copy: a copy of their record; everything: a copy of everything (a subject "
        "access request)."
    )
    statement_type: StatementType | None = Field(description="For a statement: its type.")
    task_title: str | None = Field(description="For a task's history: the task.")
    by: StaffMention


class SeenPage(BaseModel):
    """Staff who opened the young person's records, newest first."""

    seen: list[SeenEntry] = Field(description="Newest first.")
    next_before: uuid.UUID | None = Field(
        description="Pass as `before` for the next (older) page; empty on the last page."
    )


class TrailEntry(BaseModel):
    """One row of the audit trail about them: what was done, when, and by whom (never the
    row's detail, which can name other records)."""

    at: UtcDatetime
    action: str
    by: Literal["you", "staff", "system"]
    staff: StaffMention | None


class LeftOut(BaseModel):
    what: str
    why: str


class MyDataDocument(BaseModel):
    """Everything Harbour holds about one young person. Secrets are never in it: no PIN or
    passphrase hash, session token, passkey key, push key or calendar address."""

    format: Literal["harbour-my-data/1"] = FORMAT
    made_at: UtcDatetime
    made_for: Literal["young_person", "subject_access_request"] = Field(
        description="young_person: their own download. subject_access_request: made by staff."
    )
    council: CouncilMention
    profile: Profile
    invite_codes: list[InviteEntry]
    statements: list[StatementEntry] = Field(description="Newest first.")
    plan: PlanEntry
    health_passport: PassportEntry | None = Field(
        description="Null when they have not started one, or (for staff) while they do not "
        "share it."
    )
    reminders: list[ReminderEntry] = Field(description="Their inbox, newest first.")
    reminder_settings: ReminderSettingsOut
    sign_in_sessions: list[SessionOut]
    passkeys: list[PasskeyOut]
    push_subscriptions: list[PushEntry]
    calendar_feeds: list[CalendarFeedEntry]
    who_has_seen: list[SeenEntry] = Field(description="Every staff read, newest first.")
    trail: list[TrailEntry] = Field(
        description="The audit trail about them and their records, newest first."
    )
    left_out: list[LeftOut] = Field(description="What Harbour holds but this leaves out, and why.")
