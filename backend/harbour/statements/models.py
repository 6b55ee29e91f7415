"""Statements ("My views"): what a young person sends, the replies they get, staff notes,
and each council's change sequence that phones pull from."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, SQLModel

from harbour.kernel.time import utc_now


def _timestamp(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class Statement(SQLModel, table=True):
    """One statement, stored once under the id the phone made: unique within its council
    (decision 012), so another council's id is as good as a fresh one."""

    __tablename__ = "statement"
    __table_args__ = (
        # The queue: open statements of a council, oldest first, narrowed by who they are for.
        Index("ix_statement_queue", "tenant_id", "status", "received_at"),
        Index("ix_statement_assigned", "tenant_id", "assigned_staff_id", "status"),
        Index("ix_statement_team", "tenant_id", "team_id", "status"),
        Index("ix_statement_urgent_open", "tenant_id", "urgent", "acknowledged_at"),
        # A young person's pull, and the staff filter by young person.
        Index("ix_statement_young_person_seq", "young_person_id", "change_seq"),
    )

    id: uuid.UUID = Field(primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    young_person_id: uuid.UUID = Field(foreign_key="young_person.id")
    type: str = Field(max_length=20)
    recipient: str = Field(max_length=40)
    team_id: uuid.UUID | None = Field(
        default=None,
        foreign_key="team.id",
        description="The team the recipient named when it arrived; null for `pa`.",
    )
    answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    about: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    preview: str = Field(default="", max_length=140)
    urgent: bool = False
    urgent_reason: str | None = Field(default=None, max_length=20)
    meeting_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    written_at: datetime = Field(sa_column=_timestamp())
    received_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    status: str = Field(default="new", max_length=20)
    assigned_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")
    first_read_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    first_read_by_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")
    acknowledged_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    acknowledged_by_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")
    responded_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    responded_by_staff_id: uuid.UUID | None = Field(
        default=None,
        foreign_key="staff_member.id",
        description="Who answered first: sent the first reply, or marked it done.",
    )
    due_at: datetime = Field(sa_column=_timestamp())
    new_message_at: datetime | None = Field(
        default=None,
        sa_column=_timestamp(nullable=True),
        description="When the young person last wrote in the thread, until a caseworker "
        "opens it: the queue flags it as a new message.",
    )
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    # The latest "I'm OK now" / "Sent by mistake" from the help screen (each one is also an
    # audit row): the sync item's id, what they said and when. Nothing else changes with it.
    update_id: uuid.UUID | None = Field(default=None)
    update_said: str | None = Field(default=None, max_length=20)
    update_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    # "Copied to case record": who first said they copied it into the council's case system,
    # and when. Kept once; staff only, so it takes no change number (phones never see it).
    copied_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    copied_by_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")


# A statement's key: its id is unique within its council only.
STATEMENT_KEY = ["statement.id", "statement.tenant_id"]


class StatementReply(SQLModel, table=True):
    """A reply the young person sees in their app."""

    __tablename__ = "statement_reply"
    __table_args__ = (
        Index("ix_statement_reply_statement", "statement_id", "change_seq"),
        ForeignKeyConstraint(["statement_id", "tenant_id"], STATEMENT_KEY),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    statement_id: uuid.UUID
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True)
    staff_id: uuid.UUID = Field(foreign_key="staff_member.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    read_at: datetime | None = Field(
        default=None,
        sa_column=_timestamp(nullable=True),
        description="When the young person first opened the thread with this reply in it.",
    )
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))


class StatementMessage(SQLModel, table=True):
    """What the young person writes back in a statement's thread, stored once under the id
    the phone made (unique within its council, decision 012). Its author is the statement's."""

    __tablename__ = "statement_message"
    __table_args__ = (
        Index("ix_statement_message_statement", "tenant_id", "statement_id", "written_at"),
        Index("ix_statement_message_young_person_seq", "young_person_id", "change_seq"),
        ForeignKeyConstraint(["statement_id", "tenant_id"], STATEMENT_KEY),
    )

    id: uuid.UUID = Field(primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    statement_id: uuid.UUID
    young_person_id: uuid.UUID = Field(foreign_key="young_person.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    written_at: datetime = Field(sa_column=_timestamp())
    received_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    read_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    read_by_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))


class StatementNote(SQLModel, table=True):
    """An internal note between staff; never shown to the young person."""

    __tablename__ = "statement_note"
    __table_args__ = (ForeignKeyConstraint(["statement_id", "tenant_id"], STATEMENT_KEY),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    statement_id: uuid.UUID = Field(index=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True)
    staff_id: uuid.UUID = Field(foreign_key="staff_member.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
