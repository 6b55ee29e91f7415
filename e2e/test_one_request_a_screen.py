"""A signed-in phone in daily use opens each screen with one request (issue 15): it draws the
screen from what it keeps (IndexedDB, and the council's content in the service worker's cache)
with one pull behind it, which says who is signed in, their inbox count and the council's
content version. A phone that knows nobody yet pulls once and asks nobody who it is; offline,
the screens open from what the phone keeps; what the council publishes reaches the phone with
its next pull. Requests are counted, never timed.

Kingsmead's demo Mia, signed in through the API: no other end-to-end test signs her in, and
only this file changes Kingsmead's pledge."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from e2e.conftest import (
    demo_accounts,
    demo_staff,
    new_phone,
    tab,
    wait_for_cached,
    wait_for_service_worker,
)
from e2e.people import staff_client

COUNCIL = "kingsmead"
HOME = f"/c/{COUNCIL}"
PULL = "GET /api/v1/sync/pull"  # all a screen of a phone in use may ask the server


def mias_cookies(base_url: str, data_dir: Path) -> list[dict[str, str]]:
    account = next(
        one
        for one in demo_accounts(data_dir)
        if one["council"] == COUNCIL and one["sign_in"]["username"] == "mia"
    )
    with httpx.Client(base_url=base_url) as client:
        signed_in = client.post(
            "/api/v1/auth/young-person/sign-in",
            json={"council": COUNCIL, "username": "mia", "secret": account["sign_in"]["pin"]},
        )
        signed_in.raise_for_status()
        return [
            {"name": cookie.name, "value": cookie.value or "", "url": base_url}
            for cookie in client.cookies.jar
        ]


@pytest.fixture
def phone(browser: Browser, base_url: str, data_dir: Path) -> Iterator[BrowserContext]:
    """A phone with Mia's session and nothing kept yet (as after clearing its storage)."""
    context = new_phone(browser, base_url)
    context.add_cookies(mias_cookies(base_url, data_dir))  # type: ignore[arg-type]
    yield context
    context.close()


class Asked:
    """What the page asks the server ("GET /api/v1/..."), answered by the service worker or
    not: the worker's own requests are not the page's."""

    def __init__(self, page: Page) -> None:
        self.calls: list[str] = []
        page.on("request", self._add)

    def _add(self, request: Request) -> None:
        path = urlsplit(request.url).path
        if path.startswith("/api/"):
            self.calls.append(f"{request.method} {path}")

    def since(self, start: int) -> list[str]:
        return self.calls[start:]


def settled(page: Page, heading: str) -> None:
    """The screen is drawn with its data, and the network has gone quiet."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_text("Loading…")).to_have_count(0)
    page.wait_for_load_state("networkidle")


def in_daily_use(page: Page) -> None:
    """A first visit: the worker takes control and the phone keeps the council's content."""
    page.goto(HOME)
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Mia")
    wait_for_service_worker(page)
    for path in ("", "/offer", "/pledge"):
        wait_for_cached(page, f"/api/v1/councils/{COUNCIL}{path}")


SCREENS = [
    (HOME, "Kingsmead County Council"),
    (f"{HOME}/plan", "My plan"),
    (f"{HOME}/views", "My views"),
    (f"{HOME}/offer", "Everything on offer"),
    (f"{HOME}/pledge", "Our promises to you"),
]


def test_a_phone_in_use_opens_each_screen_and_each_tab_with_one_pull(phone: BrowserContext) -> None:
    page = phone.new_page()
    asked = Asked(page)
    in_daily_use(page)

    for path, heading in SCREENS:
        page.goto(path)
        settled(page, heading)
        start = len(asked.calls)
        page.reload()
        settled(page, heading)
        assert asked.since(start) == [PULL], f"{path} asked more than the pull"

    for name, (_, heading) in zip(["Home", "My plan", "My views"], SCREENS, strict=False):
        start = len(asked.calls)
        tab(page, name).click()
        settled(page, heading)
        assert asked.since(start) == [PULL], f"the {name} tab asked more than the pull"


def test_a_phone_that_knows_nobody_pulls_once_and_asks_nobody_who_it_is(
    phone: BrowserContext,
) -> None:
    page = phone.new_page()
    asked = Asked(page)

    page.goto(f"{HOME}/plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")  # the frame, at once
    expect(tab(page, "My plan")).to_have_attribute("aria-current", "page")  # signed-in tabs
    settled(page, "My plan")
    tab(page, "Home").click()
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Mia")

    # One pull for the first start, which says who it is (no GET /auth/me, no GET /inbox),
    # and one for the Home tab; the council's content is fetched once, kept for offline use.
    assert sorted(asked.calls) == [
        f"GET /api/v1/councils/{COUNCIL}",
        f"GET /api/v1/councils/{COUNCIL}/offer",
        f"GET /api/v1/councils/{COUNCIL}/pledge",
        PULL,
        PULL,
    ]


def test_offline_a_signed_in_phone_opens_its_screens_from_what_it_keeps(
    phone: BrowserContext,
) -> None:
    page = phone.new_page()
    in_daily_use(page)
    for path, heading in SCREENS[1:3]:
        page.goto(path)
        settled(page, heading)

    phone.set_offline(True)
    for path, heading in SCREENS:
        page.goto(path)
        expect(page.get_by_test_id("offline-banner")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text("Loading…")).to_have_count(0)
    page.goto(HOME)
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Mia")
    expect(tab(page, "My plan")).to_be_visible()


def test_what_the_council_publishes_reaches_a_phone_in_use_with_its_next_pull(
    phone: BrowserContext, base_url: str, data_dir: Path
) -> None:
    page = phone.new_page()
    in_daily_use(page)
    page.goto(f"{HOME}/pledge")
    settled(page, "Our promises to you")

    editor = staff_client(base_url, demo_staff(data_dir, COUNCIL, "content_editor"))
    promise = editor.get("/api/v1/editor/pledge").json()["themes"][0]["promises"][0]
    changed = "We will always listen, and tell you what we did about it."
    saved = editor.put(
        f"/api/v1/editor/pledge/promises/{promise['id']}/draft",
        json={"revision": promise["revision"], "draft": {"text": changed}},
    )
    saved.raise_for_status()
    editor.post(
        f"/api/v1/editor/pledge/promises/{promise['id']}/publish",
        json={"revision": saved.json()["revision"]},
    ).raise_for_status()
    expect(page.get_by_text(promise["current"]["text"])).to_be_visible()  # nothing asked yet

    tab(page, "Home").click()  # the pull says the content changed: the pledge is fetched again
    page.go_back()

    expect(page.get_by_text(changed)).to_be_visible()
    page.reload()  # and kept for next time
    expect(page.get_by_text(changed)).to_be_visible()
