"""Push subscriptions: one row per browser or phone that said yes to reminders."""

import uuid
from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, Uuid
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now

MAX_ENDPOINT = 1000


class PushSubscription(CouncilOwned, table=True):
    """Where to send one device's pushes, and the keys to encrypt them for it. The endpoint
    is the device's: a person signing in on a shared phone takes it over (upsert by
    endpoint). The row goes when its session ends (the database deletes it with the
    session), on "sign out everywhere", and when the push service says 404 or 410."""

    __tablename__ = "push_subscription"
    __table_args__ = (Index("ix_push_subscription_person", "person_kind", "person_id"),)

    person_kind: str = Field(max_length=20)
    person_id: uuid.UUID
    session_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(
            Uuid, ForeignKey("sign_in_session.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    endpoint: str = Field(max_length=MAX_ENDPOINT, unique=True)
    p256dh: str = Field(max_length=100, description="The device's P-256 public key, base64url.")
    auth: str = Field(max_length=40, description="The device's 16-byte auth secret, base64url.")
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    last_success_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    failure_count: int = 0
