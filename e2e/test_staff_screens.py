"""Staff screens in one request each (issue 15): the caseload and the triage queue ask the
server once, whether opened cold or reached from another staff page, and show the urgent
alert and their data together. Counted in the browser, not timed."""

from urllib.parse import urlsplit

import httpx
from playwright.sync_api import BrowserContext, Page, Request, expect

from e2e.conftest import StaffDesktop
from e2e.people import add_young_person, totp_now
from e2e.server import StaffAccount
from e2e.test_staff import fill_staff_sign_in
from e2e.test_triage_queue import young_person


def api_calls(page: Page) -> list[str]:
    """The page's own API requests from now on, as "GET /api/v1/..." (no query)."""
    calls: list[str] = []

    def note(request: Request) -> None:
        path = urlsplit(request.url).path
        if path.startswith("/api/"):
            calls.append(f"{request.method} {path}")

    page.on("request", note)
    return calls


def settled(page: Page) -> None:
    """Every request the page makes once drawn has been made and answered."""
    page.wait_for_load_state("networkidle")


def test_the_caseload_and_the_queue_each_ask_the_server_once(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    ilse = young_person(base_url, pa, "Ilse")
    ilse.send("feeling", urgent=True, answers={"feeling": 1, "text": "I don't feel safe."})
    ilse.send("good_news", answers={"text": "I got the flat!"})
    page = desktop(pa).new_page()
    calls = api_calls(page)

    page.goto("/staff")  # cold: who is signed in comes with the screen
    caseload = page.get_by_test_id("caseload")
    expect(caseload.get_by_role("row", name="Ilse")).to_be_visible()
    expect(caseload.get_by_role("columnheader", name="Overdue tasks")).to_be_visible()
    expect(page.get_by_test_id("urgent-alerts")).to_contain_text("Ilse")
    settled(page)
    assert calls == ["GET /api/v1/screens/caseload"]

    calls.clear()
    page.get_by_role("link", name="My views: statements").click()  # from another page
    expect(page.get_by_role("heading", level=1)).to_have_text("Statements for you")
    # Other tests' statements share the queue: Ilse's is among them.
    expect(
        page.get_by_test_id("queue").locator("a[data-statement]", has_text="Ilse")
    ).not_to_have_count(0)
    expect(page.get_by_label("Young person")).to_contain_text("Ilse")
    settled(page)
    assert calls == ["GET /api/v1/screens/queue"]

    calls.clear()
    page.reload()
    expect(page.get_by_test_id("queue")).to_be_visible()
    settled(page)
    assert calls == ["GET /api/v1/screens/queue"]

    calls.clear()
    page.get_by_role("link", name="Your caseload").first.click()
    expect(caseload.get_by_role("row", name="Ilse")).to_be_visible()
    settled(page)
    assert calls == ["GET /api/v1/screens/caseload"]


def end_session_elsewhere(context: BrowserContext, base_url: str) -> None:
    """Ends the browser's session on the server, as a timeout would, but leaves its cookies
    (the readable CSRF one too) in the browser."""
    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
    httpx.post(
        f"{base_url}/api/v1/auth/sign-out",
        cookies=cookies,
        headers={"X-CSRF-Token": cookies["harbour_csrf"]},
    ).raise_for_status()


def test_after_an_ended_session_signing_in_draws_the_caseload(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    """The caseload asked for at start-up was refused (401); signed in again, the page asks
    afresh instead of showing that refusal."""
    add_young_person(base_url, pa, "Oriel")
    context = desktop(pa)
    end_session_elsewhere(context, base_url)
    page = context.new_page()
    calls = api_calls(page)

    page.goto("/staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    fill_staff_sign_in(page, pa.username, pa.passphrase, totp_now(pa))

    expect(page.get_by_test_id("caseload").get_by_role("row", name="Oriel")).to_be_visible()
    assert calls.count("GET /api/v1/screens/caseload") == 2  # refused, then asked again
