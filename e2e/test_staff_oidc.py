"""Staff sign in with their council's own identity provider (OpenID Connect), in Chromium.

A real provider (oidc-provider-mock) runs on localhost in a thread; the operator points a
council of a Harbour server of this module's own at it with `harbour council oidc`. The
person clicks "Sign in with your council account", types who they are on the provider's own
page and comes back signed in. A token from the wrong issuer, or one carrying a nonce
Harbour never made, ends on the staff sign-in page with a plain explanation, no session and
a failed sign-in in the audit trail.
"""

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect

from e2e.conftest import DESKTOP, OwnServer, assert_no_axe_violations, demo_staff, own_server
from e2e.people import staff_client
from e2e.server import ROOT, harbour_env

COUNCIL = "riverford"
ROLE_MAP = ["Harbour.PA=personal_adviser"]
REFUSED = "Your council's sign-in service didn't let you in"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnServer]:
    """A server of this module's own: its councils' sign-in settings change per test."""
    with own_server(tmp_path_factory, "harbour-oidc") as server:
        yield server


def set_council_provider(data_dir: Path, issuer: str, metadata_url: str | None = None) -> None:
    """`harbour council oidc`, as the operator runs it; the running server picks it up."""
    args = ["council", "oidc", COUNCIL, "--issuer", issuer, "--client-id", "harbour-riverford"]
    args += ["--client-secret-env", "E2E_OIDC_SECRET", "--role-claim", "roles"]
    args += ["--metadata-url", metadata_url] if metadata_url else []
    subprocess.run(
        [sys.executable, "-m", "harbour.cli", *args, "--role-map", *ROLE_MAP],
        env=harbour_env(data_dir) | {"E2E_OIDC_SECRET": "not-a-real-secret"},
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def provider_user(provider: str, sub: str, name: str, roles: list[str]) -> None:
    response = httpx.put(f"{provider}/users/{sub}", json={"name": name, "roles": roles})
    assert response.status_code == 204


@pytest.fixture
def council_uses_provider(provider: str, harbour: OwnServer) -> None:
    set_council_provider(harbour.data_dir, provider)


@pytest.fixture
def morgan(provider: str) -> str:
    """A PA at the council's provider: their subject there."""
    provider_user(provider, "entra-oid-0001", "Morgan Ellis", ["Harbour.PA"])
    return "entra-oid-0001"


@dataclass
class Watched:
    """A desktop browser that may talk to Harbour and the provider, and nothing else."""

    context: BrowserContext
    page: Page
    elsewhere: list[str] = field(default_factory=list)


@pytest.fixture
def desktop(browser: Browser, harbour: OwnServer, provider: str) -> Iterator[Watched]:
    context = browser.new_context(base_url=harbour.url, viewport=DESKTOP)
    watched = Watched(context, context.new_page())
    watched.page.set_default_timeout(10_000)

    def outside(request: Request) -> None:
        # The mock provider's own login page links a stylesheet on a CDN; that is the test
        # provider's page, not Harbour's, and it is blocked below. Anything else counts.
        if request.url.startswith((harbour.url, provider, "data:", "blob:")):
            return
        if not request.frame.url.startswith(provider):
            watched.elsewhere.append(request.url)

    context.on("request", outside)
    context.route(
        lambda url: not url.startswith((harbour.url, provider)), lambda route: route.abort()
    )
    yield watched
    context.close()
    assert watched.elsewhere == [], f"not Harbour or the provider: {watched.elsewhere}"


def sign_in_at_provider(page: Page, sub: str) -> None:
    """From Harbour's staff sign-in page, through the provider's own page, and back."""
    page.goto("/staff/sign-in")
    page.get_by_label(re.compile("Riverford")).check()
    page.get_by_role("link", name="Sign in with your council account").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def has_session(context: BrowserContext) -> bool:
    return any(cookie["name"] == "harbour_session" for cookie in context.cookies())


def failed_oidc_sign_ins(harbour: OwnServer) -> list[dict[str, Any]]:
    """The council's failed OIDC sign-ins in its audit trail, as its admin sees them."""
    admin = staff_client(harbour.url, demo_staff(harbour.data_dir, COUNCIL, "council_admin"))
    response = admin.get("/api/v1/audit", params={"action": "sign_in_failed", "limit": 200})
    response.raise_for_status()
    return [e for e in response.json()["events"] if e["detail"].get("method") == "oidc"]


def refused_claims(data_dir: Path) -> list[str | None]:
    """Which ID token check failed, for each refusal in the server's log, so that a test
    cannot pass because of some other failure (a lost state cookie, say)."""
    lines = (data_dir / "server.log").read_text().splitlines()
    events = [json.loads(line) for line in lines if line.startswith("{")]
    return [event.get("claim") for event in events if event["event"] == "oidc_refused"]


def assert_refused_kindly(
    watched: Watched, harbour: OwnServer, failed_before: int, claim: str
) -> None:
    """On Harbour's own sign-in page with a plain reason, no session, and one more failed
    sign-in in the council's audit trail, refused for the failed `claim`."""
    page = watched.page
    expect(page).to_have_url(f"{harbour.url}/staff/sign-in?council=riverford&problem=provider")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    expect(page.get_by_role("alert")).to_contain_text(REFUSED)
    expect(page).to_have_title(re.compile("^Error: Staff sign-in"))
    # The council is still chosen, and the summary leads back to its button to try again.
    expect(page.get_by_label(re.compile("Riverford"))).to_be_checked()
    page.get_by_role("alert").get_by_role("link", name=re.compile(REFUSED)).click()
    expect(page.get_by_role("link", name="Sign in with your council account")).to_be_focused()
    assert_no_axe_violations(page)
    assert not has_session(watched.context)
    failed = failed_oidc_sign_ins(harbour)
    assert len(failed) == failed_before + 1
    assert failed[0]["detail"] == {"method": "oidc", "reason": "token_not_valid"}
    assert failed[0]["actor_kind"] == "unknown"
    assert refused_claims(harbour.data_dir)[-1] == claim


@pytest.mark.usefixtures("council_uses_provider")
def test_the_button_shows_only_for_a_council_with_its_own_sign_in(desktop: Watched) -> None:
    page = desktop.page

    page.goto("/staff/sign-in")
    page.get_by_label(re.compile("Kingsmead")).check()
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in with your council account")).to_be_hidden()
    page.get_by_label(re.compile("Riverford")).check()
    expect(page.get_by_role("link", name="Sign in with your council account")).to_have_attribute(
        "href", f"/api/v1/auth/oidc/{COUNCIL}/start"
    )
    assert_no_axe_violations(page)


@pytest.mark.usefixtures("council_uses_provider")
def test_a_pa_signs_in_with_their_council_account(
    desktop: Watched, harbour: OwnServer, morgan: str
) -> None:
    sign_in_at_provider(desktop.page, morgan)

    page = desktop.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Morgan")
    assert page.url == f"{harbour.url}/staff"
    assert has_session(desktop.context)
    assert_no_axe_violations(page)


@pytest.mark.usefixtures("council_uses_provider")
def test_someone_without_a_harbour_role_is_told_to_ask_their_admin(
    desktop: Watched, harbour: OwnServer, provider: str
) -> None:
    provider_user(provider, "entra-oid-0002", "Sam Reed", ["Finance.Clerk"])

    sign_in_at_provider(desktop.page, "entra-oid-0002")

    page = desktop.page
    expect(page).to_have_url(
        f"{harbour.url}/staff/sign-in?council=riverford&problem=not_staff_here"
    )
    expect(page.get_by_role("alert")).to_contain_text("isn't set up for Harbour")
    assert not has_session(desktop.context)


def test_a_token_from_the_wrong_issuer_ends_on_a_kind_refusal(
    desktop: Watched, harbour: OwnServer, provider: str, morgan: str
) -> None:
    # The discovery document is the provider's, but the council expects another issuer.
    set_council_provider(
        harbour.data_dir,
        provider.replace("localhost", "127.0.0.1"),
        f"{provider}/.well-known/openid-configuration",
    )
    failed_before = len(failed_oidc_sign_ins(harbour))

    sign_in_at_provider(desktop.page, morgan)

    assert_refused_kindly(desktop, harbour, failed_before, "iss")


@pytest.mark.usefixtures("council_uses_provider")
def test_a_token_with_a_nonce_harbour_never_made_ends_on_a_kind_refusal(
    desktop: Watched, harbour: OwnServer, provider: str, morgan: str
) -> None:
    failed_before = len(failed_oidc_sign_ins(harbour))
    tampered: list[str] = []

    def other_nonce(route: Route) -> None:
        parts = urlsplit(route.request.url)
        query = dict(parse_qsl(parts.query)) | {"nonce": "a-nonce-harbour-never-made"}
        tampered.append(route.request.method)
        route.continue_(url=urlunsplit(parts._replace(query=urlencode(query))))

    desktop.page.route(lambda url: url.startswith(f"{provider}/oauth2/authorize"), other_nonce)

    sign_in_at_provider(desktop.page, morgan)

    assert_refused_kindly(desktop, harbour, failed_before, "nonce")
    assert "POST" in tampered  # the provider issued its code for the tampered request
