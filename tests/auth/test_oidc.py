"""Staff sign in with their council's OpenID Connect provider. A real provider runs on
localhost (oidc-provider-mock); authlib talks to it over HTTP, nothing is mocked."""

import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.audit.models import AuditEvent
from harbour.tenants import service as tenants
from harbour.tenants.schemas import OidcSettings
from tests.people import World, council

START = "/api/v1/auth/oidc/northdale/start"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def set_up_council(engine: Engine, provider: str, **changes: Any) -> None:
    settings = {
        "issuer": provider,
        "client_id": "harbour-northdale",
        "client_secret": "not-a-real-secret",
        "role_claim": "roles",
        "role_map": {"Harbour.PA": "personal_adviser", "Harbour.Admin": "council_admin"},
    } | changes
    with Session(engine) as session:
        tenants.set_sign_in_settings(
            session, council(engine, "northdale"), OidcSettings.model_validate(settings)
        )


def provider_user(provider: str, sub: str, **claims: Any) -> None:
    response = httpx.put(f"{provider}/users/{sub}", json={"name": "Priya Patel"} | claims)
    assert response.status_code == 204


@pytest.fixture
def northdale_uses_provider(world: World, engine: Engine, provider: str) -> None:
    """Northdale signs its staff in at `provider`, roles from its "roles" claim."""
    set_up_council(engine, provider)


@pytest.fixture
def priya(provider: str) -> str:
    """A PA at the provider ("Harbour.PA" in her roles claim): her subject there."""
    provider_user(provider, "entra-oid-1234", roles=["Harbour.PA"])
    return "entra-oid-1234"


def sign_in(browser: TestClient, sub: str, tamper: dict[str, str] | None = None) -> httpx.Response:
    """Start, 'log in' at the provider as `sub`, and follow it back to our callback."""
    start = browser.get(START, follow_redirects=False)
    assert start.status_code == 302
    authorize = start.headers["location"]
    if tamper:
        parts = urlsplit(authorize)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()} | tamper
        authorize = urlunsplit(parts._replace(query=urlencode(query)))
    at_provider = httpx.post(authorize, data={"sub": sub})
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["location"])
    assert back.path == "/api/v1/auth/oidc/northdale/callback"
    return browser.get(f"{back.path}?{back.query}", follow_redirects=False)  # type: ignore[return-value]


@pytest.mark.usefixtures("northdale_uses_provider")
def test_the_start_uses_the_code_flow_with_pkce_and_a_nonce(client: TestClient) -> None:
    start = client.get(START, follow_redirects=False)

    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0]
    assert query["nonce"][0]
    assert query["state"][0]
    assert query["client_id"] == ["harbour-northdale"]
    assert "openid" in query["scope"][0].split()


@pytest.mark.usefixtures("northdale_uses_provider")
def test_a_staff_member_signs_in_with_the_councils_provider_and_gets_their_role(
    engine: Engine, provider: str, client: TestClient, priya: str
) -> None:
    back = sign_in(client, priya)

    assert back.status_code == 302
    assert back.headers["location"] == "/staff"
    assert any(c.startswith("harbour_session=") for c in back.headers.get_list("set-cookie"))
    me = client.get("/api/v1/auth/me").json()
    assert (me["kind"], me["role"], me["display_name"]) == (
        "staff",
        "personal_adviser",
        "Priya Patel",
    )
    with Session(engine) as session:
        events = session.exec(select(AuditEvent)).all()
    sign_ins = [e for e in events if e.action == "sign_in"]
    assert [e.detail["method"] for e in sign_ins] == ["oidc"]

    # The role follows the provider's claim on the next sign-in.
    provider_user(provider, priya, roles=["Harbour.Admin"])
    sign_in(client, priya)
    assert client.get("/api/v1/auth/me").json()["role"] == "council_admin"


@pytest.mark.usefixtures("northdale_uses_provider")
def test_someone_the_council_has_not_given_a_role_is_refused(
    provider: str, client: TestClient
) -> None:
    provider_user(provider, "stranger", roles=["Something.Else"])

    back = sign_in(client, "stranger")

    assert back.headers["location"] == "/staff/sign-in?council=northdale&problem=not_staff_here"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_admin_can_add_staff_by_subject_without_a_role_claim(
    world: World, engine: Engine, provider: str, client: TestClient, as_person: Any
) -> None:
    set_up_council(engine, provider, role_claim=None, role_map={})
    admin = as_person(world.north_admin).client
    added = admin.post(
        "/api/v1/staff",
        json={
            "display_name": "Priya Patel",
            "role": "team_manager",
            "sign_in": "oidc",
            "oidc_subject": "entra-oid-5678",
            "team_id": str(world.team_a),
        },
    )
    assert added.status_code == 201
    assert added.json()["invite"] is None
    provider_user(provider, "entra-oid-5678")

    assert sign_in(client, "entra-oid-5678").headers["location"] == "/staff"
    assert client.get("/api/v1/auth/me").json()["role"] == "team_manager"


def refusal_logged(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str | None]]:
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line[:1] == "{"]
    return [
        (line["error_type"], line["claim"]) for line in lines if line["event"] == "oidc_refused"
    ]


def test_a_token_from_the_wrong_issuer_is_refused(
    world: World,
    engine: Engine,
    provider: str,
    client: TestClient,
    capsys: pytest.CaptureFixture[str],
    priya: str,
) -> None:
    # The discovery document is found, but the council expects tokens from another issuer.
    set_up_council(
        engine,
        provider,
        issuer=provider.replace("localhost", "127.0.0.1"),
        metadata_url=f"{provider}/.well-known/openid-configuration",
    )

    back = sign_in(client, priya)

    assert back.headers["location"] == "/staff/sign-in?council=northdale&problem=provider"
    assert not any("harbour_session=" in c for c in back.headers.get_list("set-cookie"))
    assert client.get("/api/v1/auth/me").status_code == 401
    with Session(engine) as session:
        failed = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
    assert [e.detail for e in failed] == [{"method": "oidc", "reason": "token_not_valid"}]
    assert refusal_logged(capsys) == [("InvalidClaimError", "iss")]


@pytest.mark.usefixtures("northdale_uses_provider")
def test_a_token_with_the_wrong_nonce_is_refused(
    client: TestClient, capsys: pytest.CaptureFixture[str], priya: str
) -> None:
    back = sign_in(client, priya, tamper={"nonce": "a-nonce-we-never-made"})

    assert back.headers["location"] == "/staff/sign-in?council=northdale&problem=provider"
    assert client.get("/api/v1/auth/me").status_code == 401
    assert refusal_logged(capsys) == [("InvalidClaimError", "nonce")]


@pytest.mark.usefixtures("northdale_uses_provider")
def test_a_callback_without_a_started_sign_in_is_refused(
    client: TestClient, app: Any, priya: str
) -> None:
    start = client.get(START, follow_redirects=False)
    code_url = httpx.post(start.headers["location"], data={"sub": priya})
    back = urlsplit(code_url.headers["location"])

    other_browser = TestClient(app)  # has no state cookie: a forged or replayed callback
    refused = other_browser.get(f"{back.path}?{back.query}", follow_redirects=False)

    assert refused.headers["location"] == "/staff/sign-in?council=northdale&problem=provider"
    assert other_browser.get("/api/v1/auth/me").status_code == 401


def test_a_provider_that_cannot_be_reached_sends_the_browser_to_our_page(
    world: World, engine: Engine, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    set_up_council(engine, closed)

    start = client.get(START, follow_redirects=False)

    assert start.status_code == 302
    assert start.headers["location"] == "/staff/sign-in?council=northdale&problem=provider"
    assert '"event": "oidc_provider_unreachable"' in capsys.readouterr().out


def test_a_council_without_a_provider_answers_404(world: World, client: TestClient) -> None:
    response = client.get(START, follow_redirects=False)

    assert response.status_code == 404
    assert client.get("/api/v1/auth/oidc/nowhere/start").status_code == 404


@pytest.mark.usefixtures("northdale_uses_provider")
def test_the_sign_in_transaction_cookie_is_short_lived_and_secure_over_https(
    engine: Engine, settings: Any
) -> None:
    from harbour.app import create_app

    https = settings.model_copy(update={"public_origin": "https://harbour.example"})
    browser = TestClient(create_app(https, engine), base_url="https://harbour.example")

    start = browser.get(START, follow_redirects=False)

    cookie = next(c for c in start.headers.get_list("set-cookie") if c.startswith("harbour_oidc="))
    assert "Max-Age=600" in cookie
    assert "secure" in cookie.lower()
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
