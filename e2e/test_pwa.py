"""The app is an installable PWA: a complete manifest, a service worker in control, and
headers that keep the shell fresh and hashed assets cached."""

import shutil
from pathlib import Path

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import DESKTOP, PHONE, StaffDesktop, wait_for_cached, wait_for_service_worker
from e2e.people import add_young_person, totp_now
from e2e.server import ROOT, StaffAccount, running_server
from e2e.test_staff import fill_staff_sign_in
from e2e.test_young_person_sign_in import join


def test_manifest_has_what_install_needs(base_url: str) -> None:
    manifest = httpx.get(f"{base_url}/manifest.webmanifest").json()

    assert manifest["name"] == "Harbour"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        response = httpx.get(base_url + icon["src"])
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"


def test_the_service_worker_controls_the_page_and_asks_to_keep_data(page: Page) -> None:
    page.goto("/c/riverford")
    wait_for_service_worker(page)

    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    expect(page.get_by_test_id("update-banner")).to_be_hidden()


def test_deep_links_work_offline(context: object, page: Page) -> None:
    page.goto("/c/riverford/offer")
    wait_for_service_worker(page)
    page.reload()
    wait_for_cached(page, "/api/v1/councils/riverford/offer")
    page.context.set_offline(True)

    page.goto("/c/riverford/offer/setting-up-home-grant")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("£2,000 once")).to_be_visible()


def test_caching_headers(base_url: str, page: Page) -> None:
    page.goto("/c/riverford")
    script = page.locator("script[type=module]").get_attribute("src")
    assert script

    asset = httpx.get(base_url + script, headers={"accept-encoding": "gzip"})
    shell = httpx.get(base_url + "/c/riverford")

    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-encoding"] == "gzip"
    for response in (shell, httpx.get(base_url + "/sw.js")):
        assert response.headers["cache-control"] == "no-cache"
    assert "script-src 'self'" in shell.headers["content-security-policy"]


def test_a_new_version_is_offered_not_forced(browser: Browser, tmp_path: Path) -> None:
    """When a new service worker is waiting, the page says so and reloads only on request."""
    dist = tmp_path / "dist"
    shutil.copytree(ROOT / "frontend" / "dist", dist)
    with running_server(tmp_path / "data", static_dir=dist) as base_url:
        context = browser.new_context(base_url=base_url, viewport=PHONE)
        page = context.new_page()
        page.goto("/c/riverford")
        wait_for_service_worker(page)
        page.get_by_role("link", name="Everything on offer").first.click()

        with (dist / "sw.js").open("a") as sw:
            sw.write("\n// a new release\n")
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")

        banner = page.get_by_test_id("update-banner")
        expect(banner).to_contain_text("A new version of Harbour is ready.")
        expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
        with page.expect_event("load"):
            banner.get_by_role("button", name="Reload").click()
        expect(banner).to_be_hidden()
        no_worker_waiting = "navigator.serviceWorker.getRegistration().then((r) => !r.waiting)"
        assert page.evaluate(no_worker_waiting)
        context.close()


PRECACHED = """async () => {
  const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
  const cache = await caches.open(name);
  return (await cache.keys()).map((request) => new URL(request.url).pathname);
}"""
WORKER = "navigator.serviceWorker.controller.scriptURL"
# Chunks of the young person's app that staff pages never load.
YOUNG_PEOPLES = ("my-plan-", "my-views-", "account-", "OfferView-", "LockScreen-", "calculator")


def has(paths: list[str], part: str) -> bool:
    return any(part in path for path in paths)


def test_phones_and_staff_browsers_each_precache_only_their_own_chunks(
    page: Page, desktop: StaffDesktop, pa: StaffAccount
) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto("/c/riverford/sign-in")
    wait_for_service_worker(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    phone = page.evaluate(PRECACHED)
    staff_page = desktop(pa).new_page()
    staff_page.goto("/staff")
    wait_for_service_worker(staff_page)
    staff = staff_page.evaluate(PRECACHED)

    assert page.evaluate(WORKER).endswith("/sw.js")
    assert staff_page.evaluate(WORKER).endswith("/sw.js?for=staff")
    assert (has(phone, "StaffPages-"), has(staff, "StaffPages-")) == (False, True)
    assert not any("StaffPages" in url for url in loaded)  # the phone never downloaded them
    for chunk in YOUNG_PEOPLES:
        assert (has(phone, chunk), has(staff, chunk)) == (True, False), chunk
    assert {"/index.html", "/manifest.webmanifest", "/favicon.svg"} <= set(phone) & set(staff)

    page.goto("/staff/sign-in")  # loaded when someone opens a staff page, not precached
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    assert any("StaffPages" in url for url in loaded)
    assert page.evaluate(WORKER).endswith("/sw.js")  # the phone keeps its own worker


ACTIVE = """async (script) => {
  for (let tries = 0; tries < 100; tries += 1) {
    const registration = await navigator.serviceWorker.getRegistration();
    const active = registration?.active?.scriptURL ?? '';
    const cleaned = registration?.active?.state === 'activated'; // the old files dropped
    const controls = navigator.serviceWorker.controller?.scriptURL === active;
    if (active.endsWith(script) && cleaned && controls) return active;
    await new Promise((done) => setTimeout(done, 100));
  }
  return (await navigator.serviceWorker.getRegistration())?.active?.scriptURL;
}"""


def loads_from_now(page: Page) -> list[str]:
    """The addresses the page loads from now on (not the app's own moves between pages)."""
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    return loads


def assert_worker_becomes(page: Page, script: str) -> None:
    """The active worker, in control of the page, becomes `script` (and has dropped the old
    one's files), with no offer of a new version."""
    active = page.evaluate(ACTIVE, script)
    assert active.endswith(script), active
    expect(page.get_by_test_id("update-banner")).to_be_hidden()


def test_a_young_person_signing_in_where_a_staff_page_was_first_gets_their_own_worker(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    page.goto("/staff/sign-in")  # this browser's first Harbour page
    wait_for_service_worker(page)
    assert page.evaluate(WORKER).endswith("/sw.js?for=staff")

    person = add_young_person(base_url, pa, "Idris")
    loads = loads_from_now(page)
    join(page, person.code, "idris-worker")

    assert_worker_becomes(page, "/sw.js")
    assert len(loads) == 1  # the join page only: the worker changed under the page, no reload
    precached = page.evaluate(PRECACHED)
    assert (has(precached, "calculator.html"), has(precached, "StaffPages-")) == (True, False)
    context.set_offline(True)
    page.goto("/calculator.html")  # the quick exit's page, offline
    expect(page.get_by_role("heading", level=1)).to_have_text("Calculator")
    page.goto("/c/riverford")  # and the app opens offline, signed in
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Idris")


def test_staff_signing_in_where_a_young_persons_page_was_first_get_their_own_worker(
    browser: Browser, base_url: str, pa: StaffAccount
) -> None:
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/c/riverford")
    wait_for_service_worker(page)
    page.goto("/staff/sign-in")  # signed out, a browser keeps the worker it has
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    assert page.evaluate(WORKER).endswith("/sw.js")

    loads = loads_from_now(page)
    fill_staff_sign_in(page, pa.username, pa.passphrase, totp_now(pa))

    expect(page.get_by_role("heading", level=1)).not_to_have_text("Staff sign-in")
    assert_worker_becomes(page, "/sw.js?for=staff")
    assert loads == []
    precached = page.evaluate(PRECACHED)
    assert (has(precached, "StaffPages-"), has(precached, "calculator.html")) == (True, False)
    context.close()
