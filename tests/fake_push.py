"""A fake push service, checking every message as a strict real one would (tech-notes §2.6).

In-process: `FakePushService().transport()` for `httpx.AsyncClient(transport=...)`.
As a real server on 127.0.0.1 (e2e, bench, worker processes): `with running_fake_push() as
fake:`, and allow it with `HARBOUR_PUSH_HOSTS=<fake.allow_entry>`.

Each message must carry a VAPID token (ES256, signed by the `k` key, `aud` exactly the
service's origin: with its port unless it is the scheme's default, as RFC 8292 §2 and
RFC 6454 say; `exp` within 24 hours, a `mailto:` or `https:` subject),
TTL > 0, Urgency, aes128gcm, a body of at most 4096 bytes, and must decrypt with
`http_ece` under the keys the test made for the subscriber (what a browser would hold).
A message that fails is answered 400 and its reason kept in `problems`. The bench decrypts
only one message in `decrypt_one_in` (`plaintext` is None for the others), so the fake's
CPU does not limit what it measures; each token's signature is checked once, as a real push
service may, and its claims on every message.
"""

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import http_ece
import httpx
import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harbour.push.schemas import b64url_decode, b64url_encode

URGENCIES = {"very-low", "low", "normal", "high"}
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class FakeSubscriber:
    """A device that said yes: its P-256 key pair and 16-byte auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: secrets.token_bytes(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return b64url_encode(point)

    def subscription(self) -> dict[str, Any]:
        """What `PushSubscription.toJSON()` gives in a browser, as the app PUTs it."""
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": self.p256dh, "auth": b64url_encode(self.auth)},
            "expiration_time": None,
        }


@dataclass(frozen=True)
class Received:
    endpoint: str
    headers: dict[str, str]
    claims: dict[str, Any]
    plaintext: bytes | None  # None: not one of the sample decrypted
    at: float  # time.monotonic() on arrival


@dataclass(frozen=True)
class Answer:
    status: int
    retry_after: str | None = None


class FakePushService:
    def __init__(
        self, base_url: str = "https://push.example.test", decrypt_one_in: int = 1
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.decrypt_one_in = decrypt_one_in
        self._signed: dict[str, dict[str, Any]] = {}  # token -> its claims, signature checked
        self.subscribers: dict[str, FakeSubscriber] = {}
        self.answers: dict[str, Answer] = {}
        self.received: list[Received] = []
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self.app = Starlette(routes=[Route("/push/{token}", self._push, methods=["POST"])])

    @property
    def origin(self) -> str:
        """Where the service is served: the only `aud` it takes."""
        parts = urlsplit(self.base_url)
        if parts.port in (None, DEFAULT_PORTS[parts.scheme]):
            return f"{parts.scheme}://{parts.hostname}"
        return f"{parts.scheme}://{parts.hostname}:{parts.port}"

    @property
    def allow_entry(self) -> str:
        """For HARBOUR_PUSH_HOSTS: a host name, or scheme://host:port for a local server."""
        parts = urlsplit(self.base_url)
        return (
            parts.hostname if parts.scheme == "https" and parts.port in (None, 443) else self.origin
        )

    def subscriber(self) -> FakeSubscriber:
        token = secrets.token_urlsafe(16)
        made = FakeSubscriber(f"{self.base_url}/push/{token}")
        self.subscribers[token] = made
        return made

    def answer(
        self, subscriber: FakeSubscriber, status: int, retry_after: str | None = None
    ) -> None:
        """Answer this subscriber's messages with `status` (410, 404, 429, 500 ...) from now."""
        self.answers[subscriber.endpoint.rsplit("/", 1)[1]] = Answer(status, retry_after)

    def transport(self) -> httpx.ASGITransport:
        return httpx.ASGITransport(app=self.app)

    def payloads(self) -> list[bytes]:
        with self._lock:
            return [r.plaintext for r in self.received if r.plaintext is not None]

    def _refuse(self, reason: str) -> Response:
        with self._lock:
            self.problems.append(reason)
        return Response(reason, status_code=400)

    def _claims(self, authorization: str) -> dict[str, Any]:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise ValueError("Authorization is not vapid")
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        claims = self._signed.get(authorization)
        if claims is None:
            key = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), b64url_decode(parts["k"])
            )
            claims = jwt.decode(
                parts["t"], key, algorithms=["ES256"], options={"verify_aud": False}
            )
            self._signed[authorization] = claims
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud {claims.get('aud')!r} is not {self.origin}")
        if not 0 < claims["exp"] - time.time() <= 24 * 60 * 60:
            raise ValueError("exp is not within 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise ValueError("sub is not a mailto: or https: address")
        return claims

    async def _push(self, request: Request) -> Response:
        token = request.path_params["token"]
        subscriber = self.subscribers.get(token)
        if subscriber is None:
            return Response(status_code=404)
        answer = self.answers.get(token)
        if answer is not None and answer.status >= 300:
            headers = {"retry-after": answer.retry_after} if answer.retry_after else {}
            return Response(status_code=answer.status, headers=headers)
        headers = {k.lower(): v for k, v in request.headers.items()}
        body = await request.body()
        try:
            claims = self._claims(headers.get("authorization", ""))
        except (ValueError, KeyError, jwt.PyJWTError) as error:
            return self._refuse(f"VAPID: {error}")
        if not headers.get("ttl", "").isdigit() or int(headers["ttl"]) <= 0:
            return self._refuse("TTL must be a number above 0")
        if headers.get("urgency") not in URGENCIES:
            return self._refuse("Urgency is missing or unknown")
        if headers.get("content-encoding") != "aes128gcm" or len(body) > 4096:
            return self._refuse("not aes128gcm, or over 4096 bytes")
        with self._lock:
            sampled = len(self.received) % self.decrypt_one_in == 0
        try:
            plaintext = self._decrypt(subscriber, body) if sampled else None
        except Exception as error:  # any failure to decrypt is the sender's fault
            return self._refuse(f"does not decrypt: {type(error).__name__}")
        arrived = Received(subscriber.endpoint, headers, claims, plaintext, time.monotonic())
        with self._lock:
            self.received.append(arrived)
        return Response(status_code=201, headers={"location": f"/message/{token}"})

    @staticmethod
    def _decrypt(subscriber: FakeSubscriber, body: bytes) -> bytes:
        plaintext: bytes = http_ece.decrypt(
            body,
            private_key=subscriber.private_key,
            auth_secret=subscriber.auth,
            version="aes128gcm",
        )
        return plaintext


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_fake_push(decrypt_one_in: int = 1) -> Iterator[FakePushService]:
    """The fake push service as a real HTTP server on 127.0.0.1, in a thread of this process:
    other processes (Harbour, its workers, a browser) can post to it, and the test reads
    what arrived straight from the object."""
    port = _free_port()
    fake = FakePushService(f"http://127.0.0.1:{port}", decrypt_one_in)
    server = uvicorn.Server(
        uvicorn.Config(fake.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "the fake push service stopped"
        assert time.monotonic() < deadline, "the fake push service did not start in 10 s"
        time.sleep(0.02)
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(10)
