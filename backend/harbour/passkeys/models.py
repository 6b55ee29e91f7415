"""Passkeys a young person has added, and the one-time challenges used to add or use one."""

import uuid
from datetime import datetime

from sqlalchemy import Column, DateTime, LargeBinary
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


class Passkey(CouncilOwned, table=True):
    """A WebAuthn credential: only its public key is here; the private key never leaves the
    young person's device."""

    __tablename__ = "passkey"

    young_person_id: uuid.UUID = Field(foreign_key="young_person.id", index=True)
    credential_id: str = Field(max_length=400, unique=True, description="base64url")
    public_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sign_count: int = 0
    label: str = Field(max_length=60)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class PasskeyChallenge(CouncilOwned, table=True):
    """A random challenge for one registration or sign-in, kept in the database so any app
    process can check the answer; it works once and for five minutes."""

    __tablename__ = "passkey_challenge"

    purpose: str = Field(max_length=20, description="register or sign_in")
    challenge: str = Field(max_length=128, description="base64url")
    young_person_id: uuid.UUID | None = Field(default=None, foreign_key="young_person.id")
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
