"""API shapes for reminders: a person's settings and their inbox."""

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from harbour.db import UtcDatetime
from harbour.tenants.schemas import CLOCK_TIME


class EventKind(StrEnum):
    """Every reason Harbour may nudge someone: a fixed list (trust.md CC-08, no engagement
    pushes), each a service purpose."""

    plan_review = "plan_review"
    health_assessment_next = "health_assessment_next"
    dental_check_next = "dental_check_next"
    eye_test_next = "eye_test_next"
    immunisations_due = "immunisations_due"
    passport_review = "passport_review"
    task_due = "task_due"
    task_overdue = "task_overdue"
    reply = "reply"
    digest = "digest"
    urgent_statement = "urgent_statement"
    task_note = "task_note"  # a young person's note on a task, to their PA
    urgent_update = "urgent_update"  # "I'm OK now" / "Sent by mistake" on an urgent statement
    young_person_message = "young_person_message"  # written back in a statement's thread


class ReminderStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    cancelled = "cancelled"
    failed = "failed"


class PreferenceKind(StrEnum):
    """What a person turns on or off: young people the first four, staff the digest and
    notes on tasks. Urgent alerts to staff cannot be turned off."""

    plan_review = "plan_review"
    health = "health"
    task_due = "task_due"
    reply = "reply"
    digest = "digest"
    task_note = "task_note"


YOUNG_PERSON_KINDS = (
    PreferenceKind.plan_review,
    PreferenceKind.health,
    PreferenceKind.task_due,
    PreferenceKind.reply,
)
STAFF_KINDS = (PreferenceKind.digest, PreferenceKind.task_note)

PREFERENCE_OF: dict[EventKind, PreferenceKind | None] = {
    EventKind.plan_review: PreferenceKind.plan_review,
    EventKind.health_assessment_next: PreferenceKind.health,
    EventKind.dental_check_next: PreferenceKind.health,
    EventKind.eye_test_next: PreferenceKind.health,
    EventKind.immunisations_due: PreferenceKind.health,
    EventKind.passport_review: PreferenceKind.health,
    EventKind.task_due: PreferenceKind.task_due,
    EventKind.task_overdue: PreferenceKind.task_due,
    EventKind.reply: PreferenceKind.reply,
    EventKind.digest: PreferenceKind.digest,
    EventKind.urgent_statement: None,  # always on
    EventKind.task_note: PreferenceKind.task_note,
    EventKind.urgent_update: None,  # always on, like the urgent statement it follows
    # Always on: the young person is waiting for an answer (and may be telling them more
    # about something urgent).
    EventKind.young_person_message: None,
}


class InboxKind(StrEnum):
    """Also the push's kind, which picks its generic lock-screen words."""

    reminder = "reminder"
    message = "message"
    urgent = "urgent"


class ReminderSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quiet_start: str = Field(pattern=CLOCK_TIME, description='"HH:MM", council time.')
    quiet_end: str = Field(pattern=CLOCK_TIME, description='"HH:MM"; equal to start: none.')
    kinds: dict[PreferenceKind, StrictBool] = Field(
        description="Young people: plan_review, health, task_due, reply. Staff: digest, task_note."
    )


class ReminderSettingsOut(BaseModel):
    quiet_start: str
    quiet_end: str
    kinds: dict[PreferenceKind, bool]


class InboxItem(BaseModel):
    id: uuid.UUID
    kind: InboxKind
    event_kind: EventKind
    title: str = Field(description="In-app words, built from today's data.")
    open: str = Field(description="The screen in the app it is about.")
    due_at: UtcDatetime
    sent_at: UtcDatetime | None
    seen_at: UtcDatetime | None


class InboxOut(BaseModel):
    items: list[InboxItem] = Field(description="Due now or before, newest first, at most 100.")
    unseen: int


class InboxPull(BaseModel):
    """The inbox's count, in every pull of a young person's (harbour.reminders.sync)."""

    inbox_unseen: int = Field(
        description="How many of your inbox's entries you have not seen (`unseen` of "
        "`GET /api/v1/inbox`), for the count beside Inbox."
    )
