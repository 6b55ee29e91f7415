"""Push: the VAPID keys, storing subscriptions, and the one sender every push goes through.

The `webpush` package only encrypts and signs; it is wrapped here because of its known
problems (tech-notes §2.4): a per-call TTL leaks into the next call on a shared instance
(so each send makes its own, cheap instance), the default TTL is 0, there is no payload
size check and no Urgency or Topic header, and its VAPID `aud` drops a non-default port
(`vapid_authorization` signs instead). Posting, timeouts and reading the answer are ours.
"""

import asyncio
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jwt
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select
from webpush import WebPush, WebPushSubscription

from harbour.accounts.schemas import PersonKind, Principal
from harbour.config import Settings, get_settings, made_once
from harbour.db import rows_changed
from harbour.kernel.errors import NOT_VALID, invalid
from harbour.kernel.metrics import PUSH_SENDS
from harbour.kernel.time import utc_now
from harbour.push.models import PushSubscription
from harbour.push.schemas import (
    GONE,
    REFUSED,
    SENT,
    OutcomeStatus,
    PushMessage,
    PushPayload,
    SendOutcome,
    SubscriptionIn,
    b64url_encode,
)

log = structlog.get_logger("harbour.push")

MAX_PAYLOAD = 3 * 1024  # bytes of JSON; the hard limit is about 3993 (RFC 8291, one record)
TIMEOUT = httpx.Timeout(10.0)
VAPID_EXPIRY = 12 * 60 * 60  # the JWT's life: push services refuse more than 24 hours


# --- keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vapid:
    """The key pair that signs every push, and who to contact about them."""

    private_pem: bytes
    public_pem: bytes
    contact: str  # an email address: webpush adds the "mailto:" itself

    @property
    def application_server_key(self) -> str:
        key = serialization.load_pem_public_key(self.public_pem)
        point = key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url_encode(point)


def _new_private_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _public_pem(private_pem: bytes) -> bytes:
    key = serialization.load_pem_private_key(private_pem, password=None)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@lru_cache(maxsize=8)
def _vapid(private_pem: str, public_pem: str, data_dir: Path, contact: str) -> Vapid:
    private = private_pem.encode() or made_once(data_dir / "vapid.pem", _new_private_pem)
    public = public_pem.encode() or _public_pem(private)
    return Vapid(private, public, contact.removeprefix("mailto:"))


def vapid_keys(settings: Settings) -> Vapid:
    """From the environment, or made once into data_dir/vapid.pem (0600) and kept: a new
    key pair would stop every subscription working."""
    return _vapid(
        settings.vapid_private_key,
        settings.vapid_public_key,
        settings.data_dir,
        settings.vapid_contact,
    )


# --- the VAPID token ----------------------------------------------------------------------

DEFAULT_PORTS = {"http": 80, "https": 443}


def push_origin(endpoint: str) -> str:
    """The origin of the push resource (RFC 6454): scheme, host, and the port unless it is
    the scheme's default. RFC 8292 §2 wants exactly this as the token's `aud`."""
    parts = urlsplit(endpoint)
    scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def vapid_authorization(vapid: Vapid, endpoint: str) -> str:
    """The VAPID header, with the whole origin as `aud`. webpush signs one too, but with
    scheme://host only, dropping a non-default port (tech-notes §2.4 problem 5), which a
    push service on another port may refuse; so this one replaces it."""
    claims = {
        "aud": push_origin(endpoint),
        "exp": int(time.time()) + VAPID_EXPIRY,
        "sub": f"mailto:{vapid.contact}",
    }
    token = jwt.encode(claims, vapid.private_pem, algorithm="ES256")
    return f"vapid t={token}, k={vapid.application_server_key}"


# --- the allow-list -----------------------------------------------------------------------


@dataclass(frozen=True)
class AllowedHost:
    scheme: str
    host: str  # "*.push.apple.com" matches any host under push.apple.com
    port: int | None

    def allows(self, scheme: str, host: str, port: int | None) -> bool:
        if scheme != self.scheme or port != self.port:
            return False
        if self.host.startswith("*."):
            return host.endswith(self.host[1:])
        return host == self.host


def _allowed_host(entry: str) -> AllowedHost:
    if "://" in entry:  # http://127.0.0.1:8999 for a local fake push service
        parts = urlsplit(entry)
        return AllowedHost(parts.scheme, (parts.hostname or "").lower(), parts.port)
    return AllowedHost("https", entry.lower(), None)


def allowed_hosts(settings: Settings) -> tuple[AllowedHost, ...]:
    return tuple(_allowed_host(e.strip()) for e in settings.push_hosts.split(",") if e.strip())


def endpoint_allowed(endpoint: str, allowed: Sequence[AllowedHost]) -> bool:
    """The endpoint comes from the browser: only push services on the list are ever sent
    to, so Harbour cannot be made to post to anything else (SSRF)."""
    try:
        parts = urlsplit(endpoint)
        port = None if parts.port == 443 and parts.scheme == "https" else parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        return False
    return any(entry.allows(parts.scheme, host, port) for entry in allowed)


@dataclass(frozen=True)
class PushConfig:
    vapid: Vapid
    allowed: tuple[AllowedHost, ...]
    transport: httpx.AsyncBaseTransport | None = None  # tests: the fake push service in-process


def push_config(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> PushConfig:
    return PushConfig(vapid_keys(settings), allowed_hosts(settings), transport)


# --- subscriptions ------------------------------------------------------------------------


def subscribe(
    session: Session, settings: Settings, person: Principal, data: SubscriptionIn
) -> uuid.UUID:
    """Store this device's subscription for this person and session, or update it: the app
    sends it on every start, and the endpoint stays the same while it works."""
    if not endpoint_allowed(data.endpoint, allowed_hosts(settings)):
        raise invalid("body.endpoint", "Not a push service Harbour sends to.", summary=NOT_VALID)
    values = {
        "tenant_id": person.tenant_id,
        "person_kind": person.kind.value,
        "person_id": person.id,
        "session_id": person.session_id,
        "p256dh": data.keys.p256dh,
        "auth": data.keys.auth,
        "failure_count": 0,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(PushSubscription)
        .values(id=uuid.uuid4(), endpoint=data.endpoint, created_at=utc_now(), **values)
        .on_conflict_do_update(index_elements=["endpoint"], set_=values)
        .returning(col(PushSubscription.id))
    )
    subscription_id: uuid.UUID = session.execute(statement).scalar_one()
    session.commit()
    return subscription_id


def unsubscribe(session: Session, person: Principal, endpoint: str) -> None:
    """This device stops getting pushes. Someone else's endpoint is left alone."""
    session.execute(
        delete(PushSubscription)
        .where(col(PushSubscription.endpoint) == endpoint)
        .where(col(PushSubscription.tenant_id) == person.tenant_id)
        .where(col(PushSubscription.person_kind) == person.kind.value)
        .where(col(PushSubscription.person_id) == person.id)
    )
    session.commit()


def forget_person(
    session: Session, tenant_id: uuid.UUID, kind: PersonKind, person_id: uuid.UUID
) -> int:
    """Every device of this person stops getting pushes ("sign out everywhere"). Caller
    commits."""
    return rows_changed(
        session,
        delete(PushSubscription)
        .where(col(PushSubscription.tenant_id) == tenant_id)
        .where(col(PushSubscription.person_kind) == kind.value)
        .where(col(PushSubscription.person_id) == person_id),
    )


# --- sending ------------------------------------------------------------------------------


def payload_bytes(message: PushMessage) -> bytes:
    body = PushPayload.of(message).model_dump_json().encode()
    if len(body) > MAX_PAYLOAD:  # webpush does not check: too big cannot be decrypted
        raise ValueError("push payload too large")
    return body


def _retry_after(value: str | None) -> int | None:
    """Retry-After in seconds, given as seconds or as an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, int((when - datetime.now(UTC)).total_seconds()))


def _outcome(response: httpx.Response) -> SendOutcome:
    status = response.status_code
    if status in (200, 201, 202):
        return SENT
    if status in (404, 410):
        return GONE
    if status == 429 or status >= 500:
        after = _retry_after(response.headers.get("retry-after"))
        return SendOutcome(OutcomeStatus.retry_later, after)
    return REFUSED  # 413 is our bug; 400/401/403 a bad key or token


async def send(
    client: httpx.AsyncClient,
    subscription: PushSubscription,
    message: PushMessage,
    config: PushConfig,
) -> SendOutcome:
    """Encrypt and post one message to one device, and say what became of it."""
    if not endpoint_allowed(subscription.endpoint, config.allowed):
        return REFUSED
    vapid = config.vapid
    # A new instance per message: webpush keeps a call's ttl on the instance (problem 1).
    pusher = WebPush(
        vapid.private_pem, vapid.public_pem, vapid.contact, ttl=message.ttl, expiration=VAPID_EXPIRY
    )
    payload = payload_bytes(message)
    try:
        target = WebPushSubscription.model_validate(
            {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            }
        )
        encrypted = pusher.get(payload, target)
    except ValueError:  # keys that cannot encrypt: this device can never be reached
        log.warning("push_keys_unusable", subscription_id=str(subscription.id))
        return REFUSED
    headers = dict(encrypted.headers) | {
        "authorization": vapid_authorization(vapid, subscription.endpoint),
        "ttl": str(message.ttl),
        "urgency": message.urgency,
        "content-type": "application/octet-stream",
    }
    if message.topic:
        headers["topic"] = message.topic
    try:
        response = await client.post(
            subscription.endpoint, content=encrypted.encrypted, headers=headers
        )
    except httpx.TransportError as error:  # timeouts and refused connections alike
        log.warning("push_not_delivered", error_type=type(error).__name__)
        return SendOutcome(OutcomeStatus.retry_later)
    return _outcome(response)


def new_client(config: PushConfig) -> httpx.AsyncClient:
    # httpx follows no redirects: a 3xx from a push service could point anywhere.
    return httpx.AsyncClient(timeout=TIMEOUT, transport=config.transport)


async def deliver_all(
    deliveries: Sequence[tuple[PushSubscription, PushMessage]],
    config: PushConfig,
    concurrency: int = 10,
) -> list[SendOutcome]:
    """Send each (subscription, message), at most `concurrency` at a time, over one client.
    Outcomes come back in the same order."""
    limit = asyncio.Semaphore(concurrency)

    async def one(
        client: httpx.AsyncClient, pair: tuple[PushSubscription, PushMessage]
    ) -> SendOutcome:
        async with limit:
            return await send(client, *pair, config)

    async with new_client(config) as client:
        outcomes = list(await asyncio.gather(*(one(client, pair) for pair in deliveries)))
    for outcome in outcomes:
        PUSH_SENDS.labels(outcome.status.value).inc()
    return outcomes


def send_to_person(
    session: Session,
    person_kind: PersonKind | str,
    person_id: uuid.UUID,
    message: PushMessage,
    *,
    config: PushConfig | None = None,
) -> list[SendOutcome]:
    """For the worker: the message to every device of this person, then the record of it
    (gone subscriptions deleted, the last success or one more failure noted), committed.
    No subscription is fine: the inbox is where reminders live, a push only nudges.
    `config` defaults to the process's settings."""
    config = config or push_config(get_settings())
    subscriptions = session.exec(
        select(PushSubscription)
        .where(PushSubscription.person_kind == PersonKind(person_kind).value)
        .where(PushSubscription.person_id == person_id)
    ).all()
    if not subscriptions:
        return []
    outcomes = asyncio.run(deliver_all([(s, message) for s in subscriptions], config))
    _record(session, subscriptions, outcomes)
    return outcomes


def _record(
    session: Session, subscriptions: Sequence[PushSubscription], outcomes: list[SendOutcome]
) -> None:
    def ids(status: OutcomeStatus) -> list[uuid.UUID]:
        return [s.id for s, o in zip(subscriptions, outcomes, strict=True) if o.status is status]

    table = PushSubscription
    session.execute(delete(table).where(col(table.id).in_(ids(OutcomeStatus.gone))))
    session.execute(
        update(table)
        .where(col(table.id).in_(ids(OutcomeStatus.sent)))
        .values(last_success_at=utc_now(), failure_count=0)
    )
    failed = ids(OutcomeStatus.retry_later) + ids(OutcomeStatus.refused)
    session.execute(
        update(table)
        .where(col(table.id).in_(failed))
        .values(failure_count=col(table.failure_count) + 1)
    )
    session.commit()
