"""What the server has received from phones' outboxes (each item once, conflicts kept), and each
council's change counter that phones pull from."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from harbour.kernel.time import utc_now


class SyncReceipt(SQLModel, table=True):
    """One row per item ever stored. Its primary key is the id the phone made within the
    council it belongs to, so a second copy of the same item cannot be stored, however many
    times or however fast it is sent; another council's id is as good as a fresh one
    (decision 012)."""

    __tablename__ = "sync_receipt"

    id: uuid.UUID = Field(primary_key=True)
    kind: str = Field(max_length=40)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, primary_key=True)
    body_sha256: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    received_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class SyncConflict(SQLModel, table=True):
    """An item whose id was already used for a different body: kept for review, never applied.
    One row per (council, id, body): a phone resending it counts up `times`, so a reviewer
    sees each conflict once."""

    __tablename__ = "sync_conflict"
    __table_args__ = (UniqueConstraint("tenant_id", "item_id", "body_sha256"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    item_id: uuid.UUID = Field(index=True)
    kind: str = Field(max_length=40)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True)
    body: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    body_sha256: str = Field(max_length=64)
    received_at: datetime = Field(
        default_factory=utc_now,
        sa_column=Column(DateTime(timezone=True), nullable=False),
        description="When it first arrived.",
    )
    times: int = Field(default=1, description="How many times it arrived.")
    last_received_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
