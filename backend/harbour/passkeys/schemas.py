"""Passkey shapes. WebAuthn options and credentials are passed through as JSON objects in
the standard browser form (base64url fields), as `navigator.credentials` needs them."""

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harbour.db import UtcDatetime
from harbour.kernel.text import PLAIN_TEXT
from harbour.tenants.schemas import SLUG_PATTERN


class PasskeyOptions(BaseModel):
    challenge_id: uuid.UUID = Field(description="Send back with the credential.")
    options: dict[str, Any] = Field(
        description="PublicKeyCredentialCreationOptions or ...RequestOptions, as JSON."
    )


class PasskeyAdd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge_id: uuid.UUID
    label: str = Field(default="This phone", min_length=1, max_length=60, pattern=PLAIN_TEXT)
    credential: dict[str, Any] = Field(description="The result of navigator.credentials.create.")


class PasskeySignInStart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    council: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)


class PasskeySignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge_id: uuid.UUID
    credential: dict[str, Any] = Field(description="The result of navigator.credentials.get.")
    device_label: str = Field(default="Phone", min_length=1, max_length=60, pattern=PLAIN_TEXT)


class PasskeyOut(BaseModel):
    id: uuid.UUID
    label: str
    created_at: UtcDatetime
    last_used_at: UtcDatetime | None


class PasskeyList(BaseModel):
    passkeys: list[PasskeyOut]
