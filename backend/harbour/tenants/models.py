"""Councils (tenants) and the record of each content pack loaded for them."""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    return datetime.now(UTC)


class Tenant(SQLModel, table=True):
    __tablename__ = "tenant"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    slug: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    time_zone: str = Field(max_length=64, default="Europe/London")
    contacts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    content_version: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ContentPackLoad(SQLModel, table=True):
    """One row per content pack version loaded: which file, what it hashed to, when."""

    __tablename__ = "content_pack_load"
    __table_args__ = (UniqueConstraint("tenant_id", "version"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True)
    version: str = Field(max_length=40)
    sha256: str = Field(max_length=64)
    source_name: str = Field(max_length=200)
    loaded_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
