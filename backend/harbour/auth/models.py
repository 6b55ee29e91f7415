"""Server-side sign-in sessions, and the counters that slow down and lock wrong guesses."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


def _timestamp(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class SignInSession(CouncilOwned, table=True):
    """One signed-in device. The cookie holds a random token; only its SHA-256 is kept here,
    so a copy of the database cannot be used to sign in. Ending a session deletes its row."""

    __tablename__ = "sign_in_session"

    token_digest: str = Field(max_length=64, unique=True)
    csrf_token: str = Field(max_length=64, description="Sent back in X-CSRF-Token.")
    person_kind: str = Field(max_length=20)
    person_id: uuid.UUID = Field(index=True)
    device_label: str = Field(max_length=60)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    last_seen_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    idle_minutes: int
    expires_at: datetime = Field(sa_column=_timestamp(), description="However active it is.")


class SignInThrottle(SQLModel, table=True):
    """Wrong tries at one thing (a username in a council, or invite codes from one address).
    `key` is a SHA-256 of what was typed, so no username is stored here. Counting happens in
    the database so every app process sees the same count."""

    __tablename__ = "sign_in_throttle"

    key: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    locked_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
