"""Shapes of a batch pushed from a phone's outbox and the per-item results. Each kind's
body, and what a phone pulls back, are shaped by the domains that registered them
(harbour.sync.kinds)."""

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harbour.kernel.errors import FieldError
from harbour.kernel.text import IsoDatetime

MAX_BATCH = 100
MAX_SEALED = 200_000  # characters of base64url: a statement body is far smaller


class PushItem(BaseModel):
    """An outbox item of any kind, as sent: the server reads its kind and body item by item,
    so an unknown kind or a body its kind refuses is that item's `rejected` result naming
    the field, and never holds back the batch. Each kind's body is described by its own
    item schema, named `Push` and the kind in CamelCase."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID = Field(
        description="Made on the phone; the item's idempotency key, unique within its council."
    )
    kind: str = Field(
        min_length=1, max_length=40, description="What the item is, e.g. `pledge_answer`."
    )
    created_at: IsoDatetime = Field(description="When the person saved it on the phone.")
    body: dict[str, Any] | None = Field(
        default=None,
        description="The record itself; its shape depends on `kind`. Send this or `sealed_body`.",
    )
    sealed_body: str | None = Field(
        default=None,
        max_length=MAX_SEALED,
        description=(
            "The body sealed to the server's key (GET /api/v1/sync/sealing-key) instead of "
            "`body`, so a locked phone can send what it cannot read: base64url of version 1, "
            "the phone's one-time P-256 public key (65 bytes, uncompressed), a 12-byte IV and "
            "the AES-256-GCM ciphertext of the body's JSON. The AES key is HKDF-SHA256 of the "
            "ECDH secret (salt: the one-time public key; info: `harbour sealed body v1`); the "
            "additional data is `<id>:<kind>`. One the server cannot open is `rejected` "
            "naming `sealed_body`."
        ),
    )


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[PushItem] = Field(min_length=1, max_length=MAX_BATCH)


ItemStatus = StrEnum("ItemStatus", "accepted duplicate conflict rejected")


class PushResult(BaseModel):
    id: uuid.UUID
    status: ItemStatus = Field(
        description=(
            "accepted: stored now. duplicate: already stored with this body. "
            "conflict: this id was stored in this council with a different body; kept for "
            "review, once per body however often it is sent. "
            "rejected: not stored; `errors` says why. The phone may forget accepted and "
            "duplicate items and must keep the others."
        )
    )
    errors: list[FieldError] = Field(default_factory=list)


class PushResponse(BaseModel):
    results: list[PushResult] = Field(description="One result per item, in the order sent.")


class SealingKey(BaseModel):
    """The public key phones seal outbox bodies to (`sealed_body`)."""

    public_key: str = Field(
        description="The server's P-256 public key, uncompressed point, base64url (no padding)."
    )
