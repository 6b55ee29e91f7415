"""Push shapes: a device's subscription, a message to send, and the one payload a lock
screen may show (trust.md SG-05: fixed words, never what a reminder is about)."""

import base64
import binascii
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import BaseModel, ConfigDict, Field, field_validator

from harbour.push.models import MAX_ENDPOINT

BASE64URL = r"^[A-Za-z0-9_-]+={0,2}$"
# An absolute http(s) URL with no spaces or control characters (which PostgreSQL's text, or
# an HTTP request line, cannot hold); the allow-list then decides whether Harbour posts to it.
ENDPOINT = r"^https?://[^\x00-\x20\x7f]+$"
MAX_TTL = 28 * 24 * 60 * 60  # push services keep a message four weeks at most


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PublicKey(BaseModel):
    public_key: str = Field(
        description="The VAPID public key, an uncompressed P-256 point in base64url: the "
        "`applicationServerKey` for `PushManager.subscribe`."
    )


class SubscriptionKeys(BaseModel):
    p256dh: str = Field(max_length=100, pattern=BASE64URL)
    auth: str = Field(max_length=40, pattern=BASE64URL)

    @field_validator("p256dh")
    @classmethod
    def _a_p256_point(cls, value: str) -> str:
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(value))
        except (ValueError, binascii.Error):
            raise ValueError("Not a P-256 public key.") from None
        return value

    @field_validator("auth")
    @classmethod
    def _sixteen_bytes(cls, value: str) -> str:
        if len(b64url_decode(value)) != 16:
            raise ValueError("The auth secret is 16 bytes.")
        return value


class SubscriptionIn(BaseModel):
    """What `PushSubscription.toJSON()` gives in the browser."""

    endpoint: str = Field(max_length=MAX_ENDPOINT, pattern=ENDPOINT)
    keys: SubscriptionKeys
    expiration_time: float | None = Field(
        default=None,
        description="Taken and not used: the app sends its subscription anew on every start.",
    )


class SubscriptionOut(BaseModel):
    id: uuid.UUID


class SubscriptionGone(BaseModel):
    endpoint: str = Field(max_length=MAX_ENDPOINT, pattern=ENDPOINT)


# --- sending ------------------------------------------------------------------------------


class PushKind(StrEnum):
    reminder = "reminder"
    message = "message"
    urgent = "urgent"


# The only words a notification ever says: a lock screen and a watch are public.
BODIES: dict[PushKind, str] = {
    PushKind.reminder: "You have a reminder",
    PushKind.message: "You have a new message",
    PushKind.urgent: "You have an urgent message",
}
TITLE = "Harbour"
OPEN_PATH = r"^/(c/[a-z0-9]+(-[a-z0-9]+)*|staff)/inbox(/[A-Za-z0-9-]{1,64})?$"


class PushMessage(BaseModel):
    """One push to a person's devices. `open` is the inbox screen the tap opens, where the
    details show once the phone is unlocked."""

    model_config = ConfigDict(frozen=True)

    kind: PushKind
    open: str = Field(pattern=OPEN_PATH, examples=["/c/northdale/inbox/1f0c…", "/staff/inbox"])
    ttl: int = Field(gt=0, le=MAX_TTL, description="Seconds the push service keeps it.")
    urgency: Literal["normal", "high"] = "normal"
    topic: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{1,32}$",
        description="A newer push with the same topic replaces one not yet delivered.",
    )


def topic_for(record_id: uuid.UUID) -> str:
    """A Topic for a record (22 characters: a uuid's text is too long for the header)."""
    return b64url_encode(record_id.bytes)


class PushPayload(BaseModel):
    """Exactly what is encrypted and sent: nothing else can get onto a lock screen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Literal["Harbour"]
    body: Literal["You have a reminder", "You have a new message", "You have an urgent message"]
    open: str = Field(pattern=OPEN_PATH)
    tag: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")

    @classmethod
    def of(cls, message: PushMessage) -> "PushPayload":
        return cls(
            title=TITLE,
            body=BODIES[message.kind],
            open=message.open,
            tag=message.topic or message.kind.value,
        )


class OutcomeStatus(StrEnum):
    sent = "sent"
    gone = "gone"  # 404 or 410: the subscription is deleted
    retry_later = "retry_later"  # 429, 5xx, a timeout or no connection
    refused = "refused"  # any other answer, or an endpoint off the allow-list


@dataclass(frozen=True)
class SendOutcome:
    status: OutcomeStatus
    after_seconds: int | None = None  # for retry_later: the push service's Retry-After


SENT = SendOutcome(OutcomeStatus.sent)
GONE = SendOutcome(OutcomeStatus.gone)
REFUSED = SendOutcome(OutcomeStatus.refused)
