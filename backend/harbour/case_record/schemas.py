"""The case-record exports' documents: one statement, a young person's statements over a
date range, and the pathway plan with its history. Each names its `schema` and `version`;
docs/case-record-export.md describes them field by field, and
docs/case-record-export.schema.json is their JSON Schema, made from these models
(`python -m harbour.case_record.json_schema`; tests/case_record keeps the two the same).

A change that removes or renames a field, or changes what one means, raises SCHEMA_VERSION:
a council's import may rely on it. Adding a field does not."""

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from harbour.accounts.schemas import StaffRole
from harbour.db import UtcDatetime
from harbour.field_edits import FieldEditOut
from harbour.offer.schemas import LegalStatus
from harbour.plans.schemas import TaskOut
from harbour.statements.schemas import (
    About,
    CaseRecordMark,
    StaffRef,
    StatementStatus,
    StatementType,
    UpdateSaid,
    UrgentReason,
    YoungPersonSaid,
)

SCHEMA_VERSION = 1
MAX_RANGE_DAYS = 366  # a year of statements at most in one export (a leap year's too)
DEFAULT_RANGE_DAYS = 90


class Exporter(BaseModel):
    """Who made the export."""

    id: uuid.UUID
    display_name: str
    role: StaffRole


class CouncilRef(BaseModel):
    slug: str
    name: str
    time_zone: str = Field(description="The council's time zone: dates are days in it.")


class PersonOnRecord(BaseModel):
    """The young person as their Harbour record has them."""

    id: uuid.UUID = Field(description="Their id in Harbour.")
    case_reference: str | None = Field(
        description="Their id in the council's case system, from their record; null when "
        "nobody has entered it yet."
    )
    preferred_name: str
    full_name: str | None
    date_of_birth: date
    legal_status: LegalStatus


class _Document(BaseModel):
    """What every export starts with."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    version: Literal[1] = Field(
        description="The schema's version: raised when a field is removed, renamed or "
        "changes meaning; adding a field keeps it."
    )
    exported_at: UtcDatetime
    exported_by: Exporter
    council: CouncilRef
    young_person: PersonOnRecord


# --- statements -----------------------------------------------------------------------------


class ReplyRecord(BaseModel):
    """A reply the young person was sent."""

    id: uuid.UUID
    text: str
    by: StaffRef
    sent_at: UtcDatetime
    seen_at: UtcDatetime | None = Field(
        description="When the young person first opened the thread with it (the read "
        "receipt); null: not seen yet."
    )


class MessageRecord(BaseModel):
    """Something the young person wrote back in the thread."""

    id: uuid.UUID
    text: str
    written_at: UtcDatetime = Field(description="On their phone.")
    received_at: UtcDatetime
    read_at: UtcDatetime | None = Field(description="When a caseworker first opened it.")
    read_by: StaffRef | None


class NoteRecord(BaseModel):
    """An internal note between staff: never shown to the young person."""

    id: uuid.UUID
    text: str
    by: StaffRef
    written_at: UtcDatetime


StatementEventKind = Literal[
    "status_changed", "assigned", "acknowledged", "young_person_update", "copied_to_case_record"
]


class StatementEvent(BaseModel):
    """One thing that happened to the statement, from the audit trail (replies, messages and
    notes are in their own lists)."""

    at: UtcDatetime
    what: StatementEventKind
    by: str | None = Field(
        description="Staff by display name; the young person by their preferred name."
    )
    status_from: StatementStatus | None = Field(default=None, description="status_changed")
    status_to: StatementStatus | None = Field(default=None, description="status_changed")
    assigned_to: str | None = Field(
        default=None, description="assigned: who now holds it; null: back in the team's pool."
    )
    said: UpdateSaid | None = Field(default=None, description="young_person_update")


class StatementRecord(BaseModel):
    id: uuid.UUID
    type: StatementType
    type_title: str = Field(description='As the young person saw it, e.g. "How I\'m feeling".')
    recipient: str = Field(description="The recipient's key, e.g. `pa`.")
    recipient_label: str
    about: About | None = Field(description='What "Ask my PA about this" was about.')
    answers: dict[str, Any] = Field(
        description="Their words and choices as sent, by type (the `statement` sync item's "
        "answers); a skipped question is left out."
    )
    urgent: bool
    urgent_reason: UrgentReason | None
    meeting_date: date | None
    written_at: UtcDatetime = Field(description="On their phone.")
    received_at: UtcDatetime
    due_at: UtcDatetime = Field(description="When an answer was due (the response clock).")
    status: StatementStatus
    assigned_to: StaffRef | None
    first_read_at: UtcDatetime | None
    first_read_by: StaffRef | None
    acknowledged_at: UtcDatetime | None = Field(description="Urgent statements only.")
    acknowledged_by: StaffRef | None
    answered_at: UtcDatetime | None = Field(
        description="When the response clock stopped: the first reply, or Done without one."
    )
    answered_by: StaffRef | None
    young_person_update: YoungPersonSaid | None = Field(
        description='Their latest "I\'m OK now" / "Sent by mistake" on an urgent statement.'
    )
    copied_to_case_record: CaseRecordMark | None = Field(
        description="Who first marked it copied to the case record, and when."
    )
    replies: list[ReplyRecord] = Field(description="Oldest first.")
    messages: list[MessageRecord] = Field(description="Oldest first.")
    notes: list[NoteRecord] = Field(description="Internal, oldest first.")
    history: list[StatementEvent] = Field(description="Oldest first.")


class StatementExport(_Document):
    """One statement, for the case record."""

    schema_: Literal["harbour.case-record.statement"] = Field(alias="schema")
    statement: StatementRecord


class StatementsExport(_Document):
    """A young person's statements received from `from` to `to` (whole days in the council's
    time zone), oldest first: those the exporter may see."""

    schema_: Literal["harbour.case-record.statements"] = Field(alias="schema")
    from_: date = Field(alias="from", description="The first day, included.")
    to: date = Field(description="The last day, included.")
    statements: list[StatementRecord]


# --- the pathway plan -----------------------------------------------------------------------


class PlanRecord(BaseModel):
    review_due: date | None
    review_overdue: bool
    version: int = Field(description="0 for a plan nobody has changed yet.")
    created_at: UtcDatetime | None = Field(description="Null: no plan yet.")
    today: date = Field(description="The day of the export, in the council's time zone.")
    tasks: list[TaskOut] = Field(description="By due date, undated last, each with its notes.")
    history: list[FieldEditOut] = Field(
        description="Every change to the plan and its tasks, and each note added, in the "
        "order they arrived, with what each field was before."
    )


class PlanExport(_Document):
    """The pathway plan with its history, for the case record."""

    schema_: Literal["harbour.case-record.plan"] = Field(alias="schema")
    plan: PlanRecord


DOCUMENTS: tuple[type[_Document], ...] = (StatementExport, StatementsExport, PlanExport)
