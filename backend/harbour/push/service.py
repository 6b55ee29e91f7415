"""Push: the VAPID keys, storing subscriptions, and the one sender every push goes through.

Only the `webpush` package's RFC 8291 encryption is used; it is wrapped here because of its
known problems (tech-notes §2.4): a per-call TTL leaks into the next call on a shared
instance, the default TTL is 0, there is no payload size check and no Urgency or Topic
header, and its VAPID `aud` drops a non-default port. So every header is ours, and the VAPID
token is signed here (`vapid_authorization`), once per push service (`VapidTokens`).
Posting, timeouts, concurrency and reading the answer are ours too (`Pusher`).
"""

import asyncio
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jwt
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select
from webpush import WebPush, WebPushSubscription

from harbour.accounts.schemas import PersonKind, Principal
from harbour.config import Settings, made_once
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
TIMEOUTS = {"timeout": httpx.Timeout(10.0).as_dict()}  # connect, read, write and pool
VAPID_EXPIRY = 12 * 60 * 60  # the JWT's life: push services refuse more than 24 hours
VAPID_RENEW_BEFORE = 60 * 60  # a cached token is signed anew when it has less left than this
CONCURRENCY = 50  # pushes in flight at once per worker
# Connections kept open in all: over HTTP/2 one per push service carries many pushes; over
# HTTP/1.1 each carries one at a time, and more than this cost the pool more CPU than they gain.
CONNECTIONS = 10
# The metrics' outcome for a push dropped at the deadline before its turn to be posted: the
# push service never saw it (the worker still tries it again, as `retry_later`).
NOT_SENT = "not_sent"


# --- keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vapid:
    """The key pair that signs every push, and who to contact about them."""

    private_pem: bytes
    public_pem: bytes
    contact: str  # an email address: webpush adds the "mailto:" itself

    @cached_property
    def application_server_key(self) -> str:
        key = serialization.load_pem_public_key(self.public_pem)
        point = key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url_encode(point)

    @cached_property
    def signing_key(self) -> ec.EllipticCurvePrivateKey:
        """The private key, read from its PEM once (reading it costs as much as signing)."""
        key = serialization.load_pem_private_key(self.private_pem, password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key


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


def vapid_authorization(vapid: Vapid, audience: str, expires: int) -> str:
    """The VAPID header, with the push service's whole origin as `aud`. webpush signs one
    too, but with scheme://host only, dropping a non-default port (tech-notes §2.4 problem
    5), which a push service on another port may refuse; so this one replaces it."""
    claims = {"aud": audience, "exp": expires, "sub": f"mailto:{vapid.contact}"}
    token = jwt.encode(claims, vapid.signing_key, algorithm="ES256")
    return f"vapid t={token}, k={vapid.application_server_key}"


class VapidTokens:
    """One VAPID header per push service (its origin), signed once and used until an hour
    before it expires: signing each push cost as much CPU as encrypting it. The hour keeps
    every token sent well inside its life, even with the push service's clock a little
    ahead."""

    def __init__(self, vapid: Vapid) -> None:
        self.vapid = vapid
        self._by_audience: dict[str, tuple[str, int]] = {}  # origin -> (header, exp)

    def header(self, endpoint: str) -> str:
        audience = push_origin(endpoint)
        now = int(time.time())
        cached = self._by_audience.get(audience)
        if cached is None or cached[1] - now < VAPID_RENEW_BEFORE:
            expires = now + VAPID_EXPIRY
            cached = (vapid_authorization(self.vapid, audience, expires), expires)
            self._by_audience[audience] = cached
        return cached[0]


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
    proxy: str | None = None  # settings.push_proxy


def push_config(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> PushConfig:
    proxy = settings.push_proxy or None
    return PushConfig(vapid_keys(settings), allowed_hosts(settings), transport, proxy)


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


@dataclass(frozen=True)
class Nudge:
    """One message for every device of one person."""

    person_kind: str
    person_id: uuid.UUID
    message: PushMessage


def new_transport(config: PushConfig) -> httpx.AsyncBaseTransport:
    """HTTP/2 where the push service offers it (ALPN): one connection carries every push in
    flight to it. Connections are kept open between pushes. A transport rather than an
    `httpx.AsyncClient`: pushes need none of a client's cookies, redirects (a 3xx from a push
    service could point anywhere, so none is followed), auth or proxies from the environment
    (only the proxy the settings name), and the client's handling of them was an eighth of a
    push's CPU (decision 022)."""
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    return config.transport or httpx.AsyncHTTPTransport(
        http2=True, limits=limits, proxy=config.proxy
    )


class Pusher:
    """A worker's sender, kept for as long as the worker runs in its one event loop: one
    transport whose connections are reused, VAPID tokens cached per push service, and at most
    `concurrency` pushes in flight.

        async with Pusher(config) as pusher:
            outcomes = await pusher.push(session, nudges)
    """

    def __init__(self, config: PushConfig, concurrency: int = CONCURRENCY) -> None:
        vapid = config.vapid
        self.config = config
        self.tokens = VapidTokens(vapid)
        # Only its RFC 8291 encryption is used (`_encrypt`, pinned at webpush 1.0.6 and
        # checked by every test that decrypts with http_ece): `get` also signs a VAPID token
        # of its own on each call, which ours replaces, and that was half its CPU. So no
        # per-call ttl, subscriber or expiration ever reaches the shared instance (problem 1).
        self.encrypter = WebPush(vapid.private_pem, vapid.public_pem, vapid.contact)
        self.limit = asyncio.Semaphore(concurrency)
        self.transport = new_transport(config)

    async def __aenter__(self) -> "Pusher":
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.transport.aclose()

    async def send(self, subscription: PushSubscription, message: PushMessage) -> SendOutcome:
        """Encrypt and post one message to one device, and say what became of it."""
        if not endpoint_allowed(subscription.endpoint, self.config.allowed):
            return REFUSED
        payload = payload_bytes(message)
        try:
            target = WebPushSubscription.model_validate(
                {
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                }
            )
            body = self.encrypter._encrypt(payload, target)
        except ValueError:  # keys that cannot encrypt: this device can never be reached
            log.warning("push_keys_unusable", subscription_id=str(subscription.id))
            return REFUSED
        headers = {
            "authorization": self.tokens.header(subscription.endpoint),
            "content-encoding": "aes128gcm",
            "content-type": "application/octet-stream",
            "ttl": str(message.ttl),
            "urgency": message.urgency,
        }
        if message.topic:
            headers["topic"] = message.topic
        try:
            request = httpx.Request(
                "POST", subscription.endpoint, headers=headers, content=body, extensions=TIMEOUTS
            )
            response = await self.transport.handle_async_request(request)
            await response.aread()  # to its end, which frees the connection for the next push
        except httpx.TransportError as error:  # timeouts and refused connections alike
            log.warning("push_not_delivered", error_type=type(error).__name__)
            return SendOutcome(OutcomeStatus.retry_later)
        return _outcome(response)

    async def send_all(
        self,
        deliveries: Sequence[tuple[PushSubscription, PushMessage]],
        deadline: float | None = None,
    ) -> list[SendOutcome]:
        """Each (subscription, message) at once, at most `concurrency` in flight. A push not
        done by `deadline` (the event loop's clock) is dropped, to be tried again. Outcomes
        come back in the same order, each counted once in the metrics: one dropped before
        its turn to be posted as `not_sent`, since the push service never saw it."""
        return list(await asyncio.gather(*(self._one(*pair, deadline) for pair in deliveries)))

    async def _one(
        self, subscription: PushSubscription, message: PushMessage, deadline: float | None
    ) -> SendOutcome:
        outcome, its_turn = SendOutcome(OutcomeStatus.retry_later), False
        try:
            async with asyncio.timeout_at(deadline):
                async with self.limit:
                    its_turn = True
                    outcome = await self.send(subscription, message)
        except TimeoutError:
            log.warning("push_not_delivered", error_type="deadline")
        except Exception:  # one push failing must not stop the others
            log.exception("push_failed")
        PUSH_SENDS.labels(outcome.status.value if its_turn else NOT_SENT).inc()
        return outcome

    async def push(
        self, session: Session, nudges: Sequence[Nudge], deadline: float | None = None
    ) -> list[list[SendOutcome]]:
        """Each nudge to every device of its person, all at once, then the record of it
        (gone subscriptions deleted, the last success or one more failure noted) in
        `session`, for the caller to commit with its own changes. A person with no device
        gets no outcome: the inbox is where reminders live, a push only nudges.

        The devices are read in a transaction of their own, committed before any push goes
        (with whatever the caller had pending): a transaction left open through the sending
        would sit idle for up to the send window, and PostgreSQL's
        idle_in_transaction_session_timeout may end the session. A record that fails (a lock
        or statement timeout, a dropped connection) is rolled back and the outcomes still
        returned: the pushes went, and the caller must not send them again."""
        devices = _devices(session, nudges)
        session.commit()
        pairs = [
            (n, device, nudge.message)
            for n, nudge in enumerate(nudges)
            for device in devices.get((nudge.person_kind, nudge.person_id), [])
        ]
        outcomes = await self.send_all(
            [(device, message) for _, device, message in pairs], deadline
        )
        try:
            _record(session, [device for _, device, _ in pairs], outcomes)
        except SQLAlchemyError as error:
            log.error("push_record_failed", error_type=type(error).__name__)
            session.rollback()
        per_nudge: list[list[SendOutcome]] = [[] for _ in nudges]
        for (n, _, _), outcome in zip(pairs, outcomes, strict=True):
            per_nudge[n].append(outcome)
        return per_nudge


def _devices(
    session: Session, nudges: Sequence[Nudge]
) -> dict[tuple[str, uuid.UUID], list[PushSubscription]]:
    """The subscriptions of everyone nudged, in one query, detached: the session's commit
    must not expire them, or reading one while sending would open a transaction again."""
    people = {(PersonKind(n.person_kind).value, n.person_id) for n in nudges}
    rows = session.exec(
        select(PushSubscription).where(
            col(PushSubscription.person_id).in_({person_id for _, person_id in people})
        )
    ).all()
    found: dict[tuple[str, uuid.UUID], list[PushSubscription]] = {}
    for row in rows:
        session.expunge(row)
        if (row.person_kind, row.person_id) in people:
            found.setdefault((row.person_kind, row.person_id), []).append(row)
    return found


def _record(
    session: Session, subscriptions: Sequence[PushSubscription], outcomes: Sequence[SendOutcome]
) -> None:
    """Noted once per device however many pushes it took: deleted if any push found it gone,
    else its last success if one went, else one more failure. Its rows are locked in id
    order first, so two workers noting the same devices wait for each other rather than
    deadlock. Not committed."""
    seen: dict[uuid.UUID, set[OutcomeStatus]] = {}
    for subscription, outcome in zip(subscriptions, outcomes, strict=True):
        seen.setdefault(subscription.id, set()).add(outcome.status)
    if not seen:
        return
    gone = {i for i, statuses in seen.items() if OutcomeStatus.gone in statuses}
    sent = {i for i, s in seen.items() if OutcomeStatus.sent in s} - gone
    failed = {i for i, s in seen.items() if not s & {OutcomeStatus.sent, OutcomeStatus.gone}}
    table = PushSubscription
    session.execute(
        select(table.id).where(col(table.id).in_(seen)).order_by(col(table.id)).with_for_update()
    )
    session.execute(delete(table).where(col(table.id).in_(gone)))
    session.execute(
        update(table)
        .where(col(table.id).in_(sent))
        .values(last_success_at=utc_now(), failure_count=0)
    )
    session.execute(
        update(table)
        .where(col(table.id).in_(failed))
        .values(failure_count=col(table.failure_count) + 1)
    )
