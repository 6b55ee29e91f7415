"""Sign-in shapes: what people send to sign in, and what a session looks like to them."""

import uuid

from pydantic import BaseModel, ConfigDict, Field

from harbour.accounts.schemas import CODE_PATTERN, PersonKind, StaffRole
from harbour.auth.models import SignInSession
from harbour.db import UtcDatetime
from harbour.kernel.text import PLAIN_TEXT
from harbour.tenants.schemas import SLUG_PATTERN


class YoungPersonSignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    council: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)
    username: str = Field(min_length=1, max_length=40, pattern=PLAIN_TEXT)
    secret: str = Field(min_length=1, max_length=128, description="Their PIN or passphrase.")
    device_label: str = Field(default="Phone", min_length=1, max_length=60, pattern=PLAIN_TEXT)


class StaffSignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    council: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)
    username: str = Field(min_length=1, max_length=60, pattern=PLAIN_TEXT)
    passphrase: str = Field(min_length=1, max_length=128)
    code: str = Field(
        min_length=6,
        max_length=20,
        pattern=CODE_PATTERN,
        description="From the authenticator app, or a recovery code.",
    )
    device_label: str = Field(default="Computer", min_length=1, max_length=60, pattern=PLAIN_TEXT)


class SignedInPerson(BaseModel):
    """Who is signed in: what the app shows of them, and what a young person's phone
    remembers so it knows them offline."""

    kind: PersonKind
    id: uuid.UUID
    council: str
    display_name: str
    role: StaffRole | None = Field(description="Staff only.")
    team_id: uuid.UUID | None
    pa_first_name: str | None = Field(
        description="Young people only: their PA's first name, so the phone can name them."
    )
    pa_work_phone: str | None = Field(
        description="Young people only: their PA's work phone, when the PA has added one.",
    )
    pa_photo_version: str | None = Field(
        description="Young people only: null when their PA has no photo. Otherwise the photo's "
        "version, which changes with each new photo: fetch it from "
        "`GET /api/v1/my-pa/photo?v=` this version.",
    )


class Me(SignedInPerson):
    session_id: uuid.UUID
    csrf_token: str = Field(description="Send as X-CSRF-Token on every change.")


class MePull(BaseModel):
    """Who you are, in every pull (harbour.auth.sync): the phone opens with one request."""

    me: SignedInPerson = Field(
        description="You, as `GET /api/v1/auth/me` answers (without the session's id and token)."
    )


class SessionOut(BaseModel):
    id: uuid.UUID
    device_label: str
    created_at: UtcDatetime
    last_seen_at: UtcDatetime
    expires_at: UtcDatetime
    current: bool = Field(description="The session this request came from.")

    @classmethod
    def of(cls, row: SignInSession, current: uuid.UUID | None) -> "SessionOut":
        """A sign-in session as its person sees it; `current` is the one asking."""
        return cls(
            id=row.id,
            device_label=row.device_label,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            expires_at=row.expires_at,
            current=row.id == current,
        )


class SessionList(BaseModel):
    sessions: list[SessionOut]


class EndedSessions(BaseModel):
    ended: int = Field(description="How many sessions were ended.")
