"""People in a council: staff and their teams, young people, and the codes that let them in."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, LargeBinary, UniqueConstraint, false
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


def _timestamp(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class Team(CouncilOwned, table=True):
    """A group of PAs and their manager; a manager sees the caseloads of their team."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class StaffMember(CouncilOwned, table=True):
    """A council worker. Signs in with the council's identity provider (issuer + subject) or
    with a local account: a passphrase and a TOTP code, both required."""

    __tablename__ = "staff_member"
    __table_args__ = (
        UniqueConstraint("tenant_id", "username"),
        UniqueConstraint("tenant_id", "oidc_issuer", "oidc_subject"),
    )

    display_name: str = Field(max_length=120)
    role: str = Field(max_length=30)
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id", index=True)
    active: bool = True
    username: str | None = Field(default=None, max_length=60)
    passphrase_hash: str | None = Field(default=None, max_length=255)
    totp_secret: str | None = Field(
        default=None,
        max_length=255,
        description="Encrypted (harbour.credentials.TotpSecrets), never the secret itself.",
    )
    totp_last_step: int | None = Field(default=None, description="Stops a code being reused.")
    oidc_issuer: str | None = Field(default=None, max_length=255)
    oidc_subject: str | None = Field(default=None, max_length=255)
    work_phone: str | None = Field(
        default=None,
        max_length=20,
        description="Optional; shown to the young people they are PA for.",
    )
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class StaffPhoto(CouncilOwned, table=True):
    """A staff member's optional photo, shown to the young people they are PA for. Only the
    re-encoded image is kept (a small square WebP, `accounts.photos`): nothing else of the
    uploaded file, so no EXIF data such as where it was taken. Its own table, so reading a
    staff member never loads an image."""

    __tablename__ = "staff_photo"

    staff_id: uuid.UUID = Field(foreign_key="staff_member.id", unique=True)
    image: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    version: str = Field(max_length=16, description="A digest of the image: its ETag.")
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class RecoveryCode(CouncilOwned, table=True):
    """A one-time code a staff member can type instead of a TOTP code (lost phone)."""

    __tablename__ = "recovery_code"

    staff_id: uuid.UUID = Field(foreign_key="staff_member.id", index=True)
    code_digest: str = Field(max_length=64, unique=True)
    used_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))


def _flag() -> Any:
    # A default in the database too, so rows made before the column existed read as "no".
    return Column(Boolean, nullable=False, server_default=false())


class YoungPerson(CouncilOwned, table=True):
    __tablename__ = "young_person"
    __table_args__ = (UniqueConstraint("tenant_id", "username"),)

    preferred_name: str = Field(max_length=80)
    date_of_birth: date
    legal_status: str = Field(max_length=30)
    allocated_pa_id: uuid.UUID | None = Field(
        default=None, foreign_key="staff_member.id", index=True
    )
    key_dates: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    full_name: str | None = Field(default=None, max_length=120)
    case_reference: str | None = Field(
        default=None, max_length=30, description="Their id in the council's case system."
    )
    contact_phone: str | None = Field(default=None, max_length=20)
    placement_type: str | None = Field(default=None, max_length=30)
    placement_out_of_area: bool | None = None
    unaccompanied_asylum_seeking: bool = Field(default=False, sa_column=_flag())
    preferred_language: str | None = Field(default=None, max_length=40)
    interpreter_needed: bool = Field(default=False, sa_column=_flag())
    active: bool = True
    username: str | None = Field(default=None, max_length=40, description="Chosen when joining.")
    secret_kind: str | None = Field(default=None, max_length=20, description="pin or passphrase")
    secret_hash: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class LegalStatusChange(CouncilOwned, table=True):
    """One legal status a young person has had, from the date it changed (`changed_on`,
    null when nobody knows it: a record added with its status). The newest row is the
    status on the record; earlier rows are its history. Never changed or deleted."""

    __tablename__ = "legal_status_change"

    young_person_id: uuid.UUID = Field(foreign_key="young_person.id", index=True)
    legal_status: str = Field(max_length=30)
    changed_on: date | None = None
    recorded_by: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")
    recorded_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class InviteCode(CouncilOwned, table=True):
    """A one-time code that lets a young person (or a local staff member) set their secret.
    Only a keyed hash of the code is kept. Issuing a new code revokes the older ones."""

    __tablename__ = "invite_code"

    young_person_id: uuid.UUID | None = Field(
        default=None, foreign_key="young_person.id", index=True
    )
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id", index=True)
    code_digest: str = Field(max_length=64, unique=True)
    issued_by: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id")
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    expires_at: datetime = Field(sa_column=_timestamp())
    used_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    revoked_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
