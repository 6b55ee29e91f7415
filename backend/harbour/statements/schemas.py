"""Statement shapes: the body a phone sends, the PA's queue and detail, and what a young
person pulls back (read receipts and replies)."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from harbour.db import UtcDatetime
from harbour.kernel.text import FREE_TEXT, PLAIN_TEXT, IsoDate, refuse_null
from harbour.tenants.schemas import RECIPIENT_KEY, SLUG_PATTERN

MAX_TEXT = 10_000
PREVIEW_LENGTH = 140

FreeText = Annotated[str, Field(max_length=MAX_TEXT, pattern=FREE_TEXT)]
ShortText = Annotated[str, Field(max_length=200, pattern=PLAIN_TEXT)]


StatementType = StrEnum("StatementType", "meeting feeling problem good_news ask help_now")

# Each type's title as the young person's app shows it (messages/en.json views.type.*.title;
# tests/statements/test_threads.py keeps the two the same), for inbox titles made here.
TYPE_TITLES: dict[str, str] = {
    "meeting": "Prepare for my meeting",
    "feeling": "How I'm feeling",
    "problem": "Sort a problem",
    "good_news": "Share good news",
    "ask": "Ask about something",
    "help_now": "I need help now",
}


StatementStatus = StrEnum("StatementStatus", "new seen in_progress done")


class UrgentReason(StrEnum):
    asked_for_help = "asked_for_help"  # the young person tapped "I need help now"
    phrase = "phrase"  # their words matched the council's safeguarding phrases


class Answers(BaseModel):
    """Every answer can be skipped. FREE_TEXT_FIELDS, in screen order, are what the
    safeguarding phrases are matched against and where the queue's preview comes from."""

    model_config = ConfigDict(extra="forbid")
    FREE_TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()

    def free_text(self) -> list[str]:
        return [text for name in self.FREE_TEXT_FIELDS if (text := getattr(self, name))]


class MeetingAnswers(Answers):
    FREE_TEXT_FIELDS = (
        "meeting_other",
        "going_well",
        "not_going_well",
        "want_to_happen",
        "who_there",
    )

    meeting_kind: Literal["lac_review", "pathway_plan_review", "other"] | None = None
    meeting_other: ShortText | None = None
    meeting_date: IsoDate | None = Field(
        default=None, description="Within 30 days before and 366 days after it was written."
    )
    going_well: FreeText | None = None
    not_going_well: FreeText | None = None
    want_to_happen: FreeText | None = None
    who_there: FreeText | None = None
    chair_or_speak: Literal["chair", "speak", "someone_else", "not_sure"] | None = None


Topic = Literal[
    "home", "family_friends", "education_work", "health", "money", "my_worker", "something_else"
]


class FeelingAnswers(Answers):
    FREE_TEXT_FIELDS = ("text",)

    feeling: int | None = Field(default=None, ge=1, le=5, description="1 really bad, 5 really good")
    topics: list[Topic] | None = Field(default=None, max_length=7)
    text: FreeText | None = None

    @field_validator("topics")
    @classmethod
    def _unique(cls, topics: list[str] | None) -> list[str] | None:
        if topics and len(set(topics)) != len(topics):
            raise ValueError("each topic may be chosen once")
        return topics


class ProblemAnswers(Answers):
    FREE_TEXT_FIELDS = ("text", "want")

    text: FreeText | None = None
    want: FreeText | None = None


class GoodNewsAnswers(Answers):
    FREE_TEXT_FIELDS = ("text",)

    text: FreeText | None = None


class AskAnswers(Answers):
    FREE_TEXT_FIELDS = ("question",)

    question: FreeText | None = None


class HelpNowAnswers(Answers):
    """ "I need help now" asks nothing: the tap is the message."""


ANSWERS: dict[StatementType, type[Answers]] = {
    StatementType.meeting: MeetingAnswers,
    StatementType.feeling: FeelingAnswers,
    StatementType.problem: ProblemAnswers,
    StatementType.good_news: GoodNewsAnswers,
    StatementType.ask: AskAnswers,
    StatementType.help_now: HelpNowAnswers,
}


class About(BaseModel):
    """What an "Ask my PA about this" statement is about, as the phone showed it."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["offer_item", "promise"]
    id: str = Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)
    title: ShortText = Field(min_length=1)


class StatementIn(BaseModel):
    """The body of a `statement` sync item. `answers` is checked against `type` (see
    ANSWERS). The author is the signed-in young person, never a field here."""

    model_config = ConfigDict(extra="forbid")

    type: StatementType
    recipient: str = Field(min_length=2, max_length=40, pattern=RECIPIENT_KEY)
    urgent: bool = Field(
        default=False, description='"I need help now" was tapped. A `help_now` is always urgent.'
    )
    answers: dict[str, Any] = Field(default_factory=dict)
    about: About | None = None


# What a young person may tell their PA about an urgent statement they sent, from the help
# screen: they are OK now, or they sent it by mistake. Neither closes or calms anything.
UpdateSaid = StrEnum("UpdateSaid", "ok_now by_mistake")


class StatementUpdateIn(BaseModel):
    """The body of a `statement_update` sync item: the signed-in young person tells whoever
    their urgent statement alerts that they are OK now, or that they sent it by mistake."""

    model_config = ConfigDict(extra="forbid")

    statement_id: uuid.UUID = Field(description="One of their own urgent statements.")
    said: UpdateSaid = Field(description="ok_now: I'm OK now. by_mistake: sent by mistake.")


class YoungPersonSaid(BaseModel):
    said: UpdateSaid
    at: UtcDatetime = Field(description="When they said it, on their phone.")


# --- staff: the queue and one statement ---------------------------------------------------


class YoungPersonRef(BaseModel):
    id: uuid.UUID
    preferred_name: str


class StaffRef(BaseModel):
    id: uuid.UUID
    display_name: str


class QueueItem(BaseModel):
    id: uuid.UUID
    young_person: YoungPersonRef
    type: StatementType
    recipient: str = Field(description="The recipient's key, e.g. `pa`.")
    recipient_label: str
    urgent: bool
    urgent_reason: UrgentReason | None
    acknowledged: bool
    status: StatementStatus
    received_at: UtcDatetime
    due_at: UtcDatetime
    overdue: bool = Field(description="Not answered (replied to or done) and past due_at.")
    answered_at: UtcDatetime | None = Field(
        description="When the response clock stopped: the first reply, or Done without one."
    )
    answered_by: str | None = Field(description="The first name of whoever answered first.")
    answered_late_minutes: int | None = Field(
        description="How late the answer was, in whole minutes (at least 1); null when "
        "answered in time or not yet."
    )
    assigned_to: StaffRef | None
    meeting_date: date | None
    preview: str = Field(description="The start of the first thing they wrote (140 characters).")
    young_person_update: YoungPersonSaid | None = Field(
        description="The latest thing the young person said about this urgent statement from "
        'their help screen ("I\'m OK now", "Sent by mistake"). It changes nothing else: the '
        "statement stays urgent and open until staff act."
    )
    new_message: bool = Field(
        default=False,
        description="The young person wrote in the thread since a caseworker last opened it.",
    )
    copied_to_case_record_at: UtcDatetime | None = Field(
        default=None,
        description="When someone first marked it copied to the case record; null: not yet.",
    )


class QueueQuery(BaseModel):
    """The triage queue's view, filters and page, as query parameters (the queue's own route
    and the triage screen's take the same)."""

    view: Literal["mine", "team"] = Field(
        "mine",
        description="mine: assigned to you, unassigned in your team, or urgent for you and not "
        "yet acknowledged. team: managers and admins, everything they may see.",
    )
    status: StatementStatus | None = Field(
        None, description="Only this status; without it, all but done."
    )
    young_person_id: uuid.UUID | None = Field(None, description="Only this young person.")
    type: StatementType | None = Field(None, description="Only this type.")
    overdue: bool | None = Field(None, description="Only overdue (true) or not (false).")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(
        0, ge=0, le=2**31, description="How many to skip; a page past the end is empty."
    )


class QueuePage(BaseModel):
    items: list[QueueItem] = Field(
        description="Unacknowledged urgent first, then urgent, then a meeting in the next 7 "
        "days, then the rest; oldest first within each."
    )
    total: int
    time_zone: str = Field(description="The council's time zone: show times in it.")


class ReplyOut(BaseModel):
    id: uuid.UUID
    text: str
    staff: StaffRef
    created_at: UtcDatetime


class NoteOut(ReplyOut):
    pass


class YoungPersonContact(BaseModel):
    """How to reach the young person now, from their record (urgent statements only)."""

    contact_phone: str | None
    preferred_language: str | None
    interpreter_needed: bool


class StaffReplyOut(ReplyOut):
    read_at: UtcDatetime | None = Field(
        description="When the young person first opened the thread with this reply in it; "
        "null: sent, not seen yet."
    )


class MessageOut(BaseModel):
    """Something the young person wrote back in the statement's thread."""

    id: uuid.UUID
    text: str
    written_at: UtcDatetime = Field(description="When they wrote it on their phone.")
    received_at: UtcDatetime
    read_at: UtcDatetime | None = Field(description="When a caseworker first opened it.")
    read_by: StaffRef | None


class CaseRecordMark(BaseModel):
    """Who first said they copied the statement into the council's case system, and when."""

    at: UtcDatetime
    by: StaffRef


class StatementOut(QueueItem):
    written_at: UtcDatetime
    answers: dict[str, Any]
    about: About | None
    first_read_at: UtcDatetime | None
    first_read_by: StaffRef | None
    acknowledged_at: UtcDatetime | None
    acknowledged_by: StaffRef | None
    responded_at: UtcDatetime | None = Field(description="The same as `answered_at`.")
    time_zone: str = Field(description="The council's time zone: show times in it.")
    replies: list[StaffReplyOut] = Field(description="Seen by the young person, oldest first.")
    messages: list[MessageOut] = Field(
        description="What the young person wrote back in the thread, oldest first."
    )
    notes: list[NoteOut] = Field(description="Staff only, never shown to the young person.")
    contact: YoungPersonContact | None = Field(
        description="For an urgent statement, how to reach the young person now; null otherwise."
    )
    safeguarding_steps: list[str] = Field(
        description="For an urgent statement, the council's safeguarding steps (its content "
        "pack's `views.safeguarding_steps`), in order; empty otherwise."
    )
    copied_to_case_record: CaseRecordMark | None = Field(
        description='"Copied to case record": who marked it first, and when; null: not yet.'
    )


class StatementChange(BaseModel):
    """Leave out what stays the same. `assigned_staff_id: null` puts a team's statement back
    in the team's pool."""

    model_config = ConfigDict(extra="forbid")

    status: StatementStatus | None = None
    assigned_staff_id: uuid.UUID | None = None

    _not_null = refuse_null("status")


ReplyText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=FREE_TEXT)]


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: ReplyText


class AcknowledgeIn(BaseModel):
    """Acknowledge, and with `reply`, reply to the young person in the same step: both
    happen, or (a reply that cannot be sent) neither does."""

    model_config = ConfigDict(extra="forbid")

    reply: ReplyText | None = Field(default=None, description="A reply the young person sees.")


class StatementMessageIn(BaseModel):
    """The body of a `statement_message` sync item: the young person writes back in the
    thread of one of their own statements."""

    model_config = ConfigDict(extra="forbid")

    statement_id: uuid.UUID = Field(description="One of the signed-in young person's statements.")
    text: ReplyText


class RepliesSeen(BaseModel):
    """The replies the young person's phone has just shown them."""

    model_config = ConfigDict(extra="forbid")

    reply_ids: list[uuid.UUID] = Field(
        min_length=1, max_length=200, description="Replies to this statement, each once."
    )


class AlertList(BaseModel):
    items: list[QueueItem] = Field(description="Unacknowledged urgent statements, oldest first.")


# --- a young person's pull ----------------------------------------------------------------


SeenStatus = StrEnum("SeenStatus", "received read replied done")


class StatementState(BaseModel):
    id: uuid.UUID
    type: StatementType = Field(
        description="So a phone that no longer holds the words can still say what it was."
    )
    status: SeenStatus
    recipient: str = Field(
        description="The recipient's key (`pa`: their PA, whom the phone names by first name)."
    )
    received_at: UtcDatetime
    read_at: UtcDatetime | None
    read_by: str | None = Field(description="The first name of whoever read it first.")
    replied_at: UtcDatetime | None
    urgent: bool
    young_person_update: YoungPersonSaid | None = Field(
        description="What they last told their PA about it from the help screen, as the "
        "server has it."
    )


class ReplyState(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: uuid.UUID
    statement_id: uuid.UUID
    text: str
    from_: str = Field(alias="from", description="The first name of the staff member.")
    created_at: UtcDatetime
    read_at: UtcDatetime | None = Field(
        default=None, description="When you first opened it (on any of your phones)."
    )


class MessageState(BaseModel):
    """Something you wrote back in a statement's thread, and whether staff have read it."""

    id: uuid.UUID
    statement_id: uuid.UUID
    text: str
    written_at: UtcDatetime
    received_at: UtcDatetime
    read_at: UtcDatetime | None
    read_by: str | None = Field(description="The first name of whoever read it first.")


class StatementsPull(BaseModel):
    """The statements part of a young person's pull (harbour.statements.sync)."""

    statements: list[StatementState] = Field(
        description="Your statements whose state changed (received, read by whom, replied, done)."
    )
    replies: list[ReplyState] = Field(description="Replies sent to you.")
    statement_messages: list[MessageState] = Field(
        description="What you wrote back in your statements' threads whose state changed."
    )


class ThreadOut(BaseModel):
    """One of the young person's own statements as a thread: their words, the replies and
    what they wrote back. Never cached (Cache-Control: no-store)."""

    id: uuid.UUID
    type: StatementType
    status: SeenStatus
    recipient: str = Field(description="The recipient's key, e.g. `pa`: their PA.")
    recipient_label: str
    urgent: bool
    about: About | None
    answers: dict[str, Any] = Field(description="Their words, as sent (by type, see StatementIn).")
    written_at: UtcDatetime
    received_at: UtcDatetime
    read_at: UtcDatetime | None
    read_by: str | None = Field(description="The first name of whoever read it first.")
    replies: list[ReplyState] = Field(description="Oldest first.")
    messages: list[MessageState] = Field(description="Oldest first.")
