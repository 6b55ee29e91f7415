"""Pushes to a push service that offers HTTP/2 (FCM, Mozilla's, Apple's do, by ALPN) share
one connection: here a push service on 127.0.0.1 that speaks nothing but HTTP/2 over TLS,
with a certificate the test makes and trusts (SSL_CERT_FILE, which httpx reads)."""

import argparse
import asyncio
import datetime
import ipaddress
import ssl
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from harbour.cli import commands
from harbour.config import Settings, get_settings
from harbour.push import service
from harbour.push.models import PushSubscription
from harbour.push.schemas import OutcomeStatus, PushMessage
from tests.fake_push import FakePushService
from tests.push.test_sender import REMINDER, row_for

PUSHES = 20


def certificate_for_localhost(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class Http2OnlyPushService:
    """Answers 201 to every request, over HTTP/2 only; counts connections and requests. A
    client speaking HTTP/1.1 gets its connection dropped."""

    def __init__(self) -> None:
        self.protocols: list[str | None] = []  # ALPN's choice, per connection
        self.requests = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.protocols.append(writer.get_extra_info("ssl_object").selected_alpn_protocol())
        connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        connection.initiate_connection()
        writer.write(connection.data_to_send())
        try:
            while data := await reader.read(65_535):
                for event in connection.receive_data(data):
                    if isinstance(event, h2.events.DataReceived):
                        connection.acknowledge_received_data(
                            event.flow_controlled_length, event.stream_id
                        )
                    elif isinstance(event, h2.events.StreamEnded):
                        self.requests += 1
                        connection.send_headers(event.stream_id, [(":status", "201")], True)
                writer.write(connection.data_to_send())
                await writer.drain()
        finally:
            writer.close()


def test_pushes_to_a_push_service_offering_http2_share_one_connection(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_file, key_file = certificate_for_localhost(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_file, key_file)
    tls.set_alpn_protocols(["h2"])
    push_service = Http2OnlyPushService()

    async def go() -> list[service.SendOutcome]:
        server = await asyncio.start_server(push_service.serve, "127.0.0.1", 0, ssl=tls)
        port = server.sockets[0].getsockname()[1]
        devices = FakePushService(f"https://127.0.0.1:{port}")
        allowed = settings.model_copy(update={"push_hosts": devices.allow_entry})
        pairs: list[tuple[PushSubscription, PushMessage]] = [
            (row_for(devices.subscriber()), REMINDER) for _ in range(PUSHES)
        ]
        async with server, service.Pusher(service.push_config(allowed)) as pusher:
            return await pusher.send_all(pairs)

    outcomes = asyncio.run(go())
    assert [o.status for o in outcomes] == [OutcomeStatus.sent] * PUSHES
    assert push_service.protocols == ["h2"]  # one connection, HTTP/2
    assert push_service.requests == PUSHES


def test_pushes_go_through_the_proxy_the_settings_name(settings: Settings) -> None:
    """A council network that reaches the internet only through a proxy: every push is sent
    to it, asking for the push service's address (here the proxy answers for the service)."""
    request_lines: list[bytes] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_lines.append(await reader.readline())
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        writer.write(b"HTTP/1.1 201 Created\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    async def go() -> list[service.SendOutcome]:
        server = await asyncio.start_server(proxy, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        devices = FakePushService("http://push.example.test:8080")
        through_proxy = settings.model_copy(
            update={"push_hosts": devices.allow_entry, "push_proxy": f"http://127.0.0.1:{port}"}
        )
        pair = (row_for(devices.subscriber()), REMINDER)
        async with server, service.Pusher(service.push_config(through_proxy)) as pusher:
            return await pusher.send_all([pair])

    outcomes = asyncio.run(go())
    assert [o.status for o in outcomes] == [OutcomeStatus.sent]
    assert len(request_lines) == 1
    assert request_lines[0].startswith(b"POST http://push.example.test:8080/")


@pytest.mark.parametrize(
    "proxy", ["", "http://proxy.council.internal:3128", "https://someone:secret@10.0.0.9:8443"]
)
def test_an_http_proxy_is_taken(proxy: str) -> None:
    assert Settings(push_proxy=proxy).push_proxy == proxy


@pytest.mark.parametrize(
    "proxy",
    [
        "proxy.council.internal:3128",  # no scheme
        "socks5://someone:secret@proxy:1080",  # httpx needs socksio for it
        "http://proxy:port",
        "http://proxy:3128/path",
    ],
)
def test_a_proxy_the_pushes_cannot_use_stops_harbour_at_start_naming_the_setting(
    proxy: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not later, when the worker makes its transport (inside `harbour serve`, a thread)."""
    monkeypatch.setenv("HARBOUR_PUSH_PROXY", proxy)
    get_settings.cache_clear()
    try:
        assert commands.run(argparse.Namespace(run="worker")) == 1
    finally:
        get_settings.cache_clear()
    error = capsys.readouterr().err
    assert "HARBOUR_PUSH_PROXY must be empty or an HTTP proxy's address" in error
    assert "secret" not in error
    assert "Traceback" not in error
