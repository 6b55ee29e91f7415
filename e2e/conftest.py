"""End-to-end fixtures: a real Harbour server on a free port, and Debian's Chromium.

The server runs as `harbour serve` in a subprocess with its own SQLite database loaded with
the demo content, exactly as `make run` does, so these tests see what a person would.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from e2e.people import sign_in_browser
from e2e.server import StaffAccount, create_staff, running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
NARROWEST = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("harbour-e2e")


@pytest.fixture(scope="session")
def base_url(data_dir: Path) -> Iterator[str]:
    with running_server(data_dir) as url:
        yield url


@dataclass(frozen=True)
class OwnServer:
    """A server of a test module's own, for tests that change its settings."""

    url: str
    data_dir: Path


@contextmanager
def own_server(
    tmp_path_factory: pytest.TempPathFactory, name: str, extra_env: dict[str, str] | None = None
) -> Iterator[OwnServer]:
    """A server in a new folder (named after `name`) of pytest's temporary ones."""
    data_dir = tmp_path_factory.mktemp(name)
    with running_server(data_dir, extra_env=extra_env) as url:
        yield OwnServer(url, data_dir)


@pytest.fixture(scope="session")
def pa(base_url: str, data_dir: Path) -> StaffAccount:
    """A personal adviser at Riverford, with a local account (passphrase and TOTP)."""
    return create_staff(data_dir, "riverford", "priya", "Priya Shah", "personal_adviser")


def demo_accounts(data_dir: Path) -> list[dict[str, Any]]:
    """The demo people `harbour demo` made for this server (data_dir/demo-accounts.json)."""
    accounts: list[dict[str, Any]] = json.loads((data_dir / "demo-accounts.json").read_text())[
        "accounts"
    ]
    return accounts


def demo_staff(data_dir: Path, council: str, role: str) -> StaffAccount:
    """A demo staff member of `council` in `role`, as a StaffAccount."""
    for account in demo_accounts(data_dir):
        if account["council"] == council and account["role"] == role:
            sign_in = account["sign_in"]
            return StaffAccount(
                council,
                sign_in["username"],
                sign_in["passphrase"],
                sign_in["totp_secret"],
                list(sign_in["recovery_codes"]),
            )
    raise LookupError(f"no demo {role} in {council}")


@pytest.fixture(scope="session")
def admin(base_url: str, data_dir: Path) -> StaffAccount:
    """Riverford's council admin."""
    return create_staff(data_dir, "riverford", "ada", "Ada Okafor", "council_admin")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def new_phone(browser: Browser, base_url: str) -> BrowserContext:
    return browser.new_context(
        base_url=base_url, viewport=PHONE, service_workers="allow", is_mobile=True, has_touch=True
    )


@contextmanager
def watched_phone(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A phone. Every request it makes must go to Harbour itself: no third parties."""
    context = new_phone(browser, base_url)
    elsewhere: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((base_url, "data:", "blob:"))
            else elsewhere.append(request.url)
        ),
    )
    yield context
    context.close()
    assert elsewhere == [], f"requests outside Harbour: {elsewhere}"


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    with watched_phone(browser, base_url) as context:
        yield context


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


StaffDesktop = Callable[[StaffAccount], BrowserContext]


@pytest.fixture
def desktop(browser: Browser, base_url: str) -> Iterator[StaffDesktop]:
    """Opens a desktop browser signed in as a staff member; closed after the test."""
    contexts: list[BrowserContext] = []

    def open_as(account: StaffAccount) -> BrowserContext:
        context = browser.new_context(base_url=base_url, viewport=DESKTOP)
        sign_in_browser(context, base_url, account)
        contexts.append(context)
        return context

    yield open_as
    for context in contexts:
        context.close()


CONTROLLED = """async () => {
  if (navigator.serviceWorker.controller) return true;
  await navigator.serviceWorker.ready;
  return await new Promise((done) => {
    if (navigator.serviceWorker.controller) return done(true);
    navigator.serviceWorker.addEventListener("controllerchange", () => done(true), { once: true });
    setTimeout(() => done(Boolean(navigator.serviceWorker.controller)), 3000);
  });
}"""


def wait_for_service_worker(page: Page) -> None:
    """Wait until the service worker controls the page (wait_for_function would need eval,
    which the app's Content-Security-Policy rightly forbids). A page that loaded while the
    worker was still activating can miss its claim for good; a reload is then controlled."""
    if not page.evaluate(CONTROLLED):
        page.reload()
        assert page.evaluate(CONTROLLED), "the service worker never took control of the page"


CACHED = """async (path) => {
  for (let tries = 0; tries < 100; tries += 1) {
    if (await caches.match(path)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${path} was not cached in 10 s`);
}"""


def wait_for_cached(page: Page, path: str) -> None:
    """Wait until the service worker has stored `path` (it stores after answering, so a
    test that goes offline at once could otherwise beat it)."""
    page.evaluate(CACHED, path)


def follow(page: Page, link: str, heading: str = "") -> None:
    """Taps the link named `link` and waits for the screen it opens, headed `heading` (the
    link's own words unless said otherwise)."""
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading or link)


def tab(page: Page, name: str) -> Locator:
    """The young person's tab named `name` ("Home", "My views", "More", "Sign in" ...)."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def assert_fits_320(page: Page, paths: list[str]) -> None:
    """Each of `paths` at the narrowest phone width shows its heading and never scrolls
    sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    for path in paths:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
