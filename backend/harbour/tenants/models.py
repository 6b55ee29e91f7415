"""Councils (tenants) and the record of each content pack loaded for them."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


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
    views: dict[str, Any] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="The pack's `views:` settings (tenants.schemas.ViewsSettings); null: defaults.",
    )
    reminders: dict[str, Any] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="The pack's `reminders:` settings (tenants.schemas.ReminderSettings); "
        "null: defaults.",
    )
    search: dict[str, Any] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="The pack's `search:` settings (tenants.schemas.SearchSettings); "
        "null: defaults.",
    )
    privacy: dict[str, Any] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="The pack's `privacy:` settings (tenants.schemas.PrivacySettings); "
        "null: defaults.",
    )
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ContentPackLoad(CouncilOwned, table=True):
    """One row per content pack version loaded: which file, what it hashed to, when."""

    __tablename__ = "content_pack_load"
    __table_args__ = (UniqueConstraint("tenant_id", "version"),)

    version: str = Field(max_length=40)
    sha256: str = Field(max_length=64)
    source_name: str = Field(max_length=200)
    loaded_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class CouncilSignIn(SQLModel, table=True):
    """How a council's staff sign in with its own identity provider (OpenID Connect).

    Set by the operator (`harbour council oidc`). The client secret is stored here so every
    app process can read it; keep database access as tight as for the records themselves.
    """

    __tablename__ = "council_sign_in"

    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    issuer: str = Field(max_length=255, description="Must equal the ID token's `iss`.")
    metadata_url: str = Field(max_length=500, description="The provider's discovery document.")
    client_id: str = Field(max_length=255)
    client_secret: str = Field(max_length=500)
    scopes: str = Field(default="openid profile email", max_length=200)
    role_claim: str | None = Field(
        default=None, max_length=60, description="A claim that names roles, e.g. `roles`."
    )
    role_map: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description="Claim value → Harbour role. Without a match an admin assigns the role.",
    )
    updated_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
