"""The audit trail: one row per staff read, change, export and sign-in event. Append-only."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, event
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


class AuditEvent(CouncilOwned, table=True):
    """Who did what to which record, when, from which session. Never message text, PINs,
    passphrases, codes or names: only ids, and in `detail` the names of changed fields."""

    __tablename__ = "audit_event"

    at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    action: str = Field(max_length=40, index=True)
    actor_kind: str = Field(max_length=20)
    actor_id: uuid.UUID | None = Field(default=None, index=True)
    session_id: uuid.UUID | None = None
    subject_kind: str | None = Field(default=None, max_length=20)
    subject_id: uuid.UUID | None = Field(default=None, index=True)
    request_id: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def _refuse(*_args: object) -> None:
    raise RuntimeError("Audit events are append-only: they are never changed or deleted.")


# The app never updates or deletes an audit row; this makes a mistake fail loudly.
event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)
