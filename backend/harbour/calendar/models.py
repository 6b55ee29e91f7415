"""Calendar feeds: a secret address a young person's calendar app subscribes to."""

import uuid
from datetime import datetime

from sqlalchemy import Column, DateTime, Index
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


class CalendarFeed(CouncilOwned, table=True):
    """Only the SHA-256 of the address's token is kept, so a copy of the database cannot read
    anyone's calendar. A new feed revokes the one before; a revoked feed answers 404."""

    __tablename__ = "calendar_feed"
    __table_args__ = (Index("ix_calendar_feed_young_person", "young_person_id", "revoked_at"),)

    young_person_id: uuid.UUID = Field(foreign_key="young_person.id")
    token_sha256: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
