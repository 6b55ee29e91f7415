"""Reminders: one row per nudge to one person about one dated event (its inbox entry and
its push), and each person's reminder preferences."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Index, UniqueConstraint
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


def _timestamp(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class Reminder(CouncilOwned, table=True):
    """Made once per (event, date, offset, recipient): the unique key is what makes a second
    reminder for the same thing impossible, whoever computes it and however often."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint(
            "event_kind",
            "event_id",
            "event_date",
            "offset_days",
            "recipient_kind",
            "recipient_id",
            name="uq_reminder_event_recipient",
        ),
        # The worker's claim: pending rows whose time has come, and sending rows past their lease.
        Index("ix_reminder_claim", "status", "next_attempt_at"),
        # A person's inbox, and the rows reconcile looks at.
        Index("ix_reminder_recipient", "recipient_id", "due_at"),
    )

    recipient_kind: str = Field(max_length=20)
    recipient_id: uuid.UUID
    event_kind: str = Field(max_length=30)
    event_id: uuid.UUID = Field(description="The plan, task, passport, reply or statement.")
    event_date: date = Field(sa_column=Column(Date, nullable=False))
    offset_days: int = Field(description="Days before event_date; -1 for the day after.")
    due_at: datetime = Field(sa_column=_timestamp(), description="When it shows in the inbox.")
    status: str = Field(default="pending", max_length=10)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    attempts: int = 0
    next_attempt_at: datetime = Field(
        sa_column=_timestamp(),
        description="When the push may go: due_at, or after a retry or quiet hours.",
    )
    sent_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    seen_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class ReminderPreference(CouncilOwned, table=True):
    """What a person chose; without a row, the council's defaults and every kind on."""

    __tablename__ = "reminder_preference"
    __table_args__ = (UniqueConstraint("person_kind", "person_id"),)

    person_kind: str = Field(max_length=20)
    person_id: uuid.UUID
    enabled_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quiet_start: str = Field(max_length=5)
    quiet_end: str = Field(max_length=5)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
