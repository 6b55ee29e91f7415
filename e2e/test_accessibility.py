"""axe-core finds nothing on any page, at 320 px, on a phone and on a desktop, and no page
scrolls sideways at 320 px."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import DESKTOP, NARROWEST, PHONE, assert_no_axe_violations
from e2e.demo_content import answer_after_age, answer_check
from e2e.people import add_young_person, sign_in_browser
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import join

PAGES = {
    "choose council": "/",
    "council home": "/c/riverford",
    "offer": "/c/riverford/offer",
    "offer item": "/c/riverford/offer/setting-up-home-grant",
    "what can I get": "/c/riverford/check",
    "pledge": "/c/riverford/pledge",
    "not found": "/c/riverford/no-such-page",
    "join": "/c/riverford/join",
    "sign in": "/c/riverford/sign-in",
    "more, signed out": "/c/riverford/more",
    "your devices, signed out": "/c/riverford/devices",
    "my plan, signed out": "/c/riverford/plan",
    "health passport, signed out": "/c/riverford/health",
    "staff sign-in": "/staff/sign-in",
    "staff join": "/staff/join",
}
SIZES = {"320px": NARROWEST, "phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def sized_context(
    request: pytest.FixtureRequest, browser: Browser, base_url: str
) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=base_url, viewport=SIZES[request.param])
    yield context
    context.close()


@pytest.fixture
def sized_page(sized_context: BrowserContext) -> Page:
    return sized_context.new_page()


def assert_fits_width(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_is_accessible(sized_page: Page, path: str) -> None:
    sized_page.goto(path)
    expect(sized_page.get_by_role("heading", level=1)).to_be_visible()

    assert_no_axe_violations(sized_page)
    assert_fits_width(sized_page)


def test_check_results_and_errors_are_accessible(sized_page: Page) -> None:
    sized_page.goto("/c/riverford/check")
    sized_page.get_by_role("button", name="Show what I can get").click()
    expect(sized_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(sized_page)

    college = "Yes, at school, college or on a training course"
    answer_check(sized_page, "12", left_care_at="16", study=college)  # cannot all be true
    expect(sized_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(sized_page)

    sized_page.get_by_label("Your age").fill("18")
    answer_after_age(sized_page, "I'm not sure", college)
    expect(sized_page.get_by_role("heading", name="You can get these")).to_be_visible()
    assert_no_axe_violations(sized_page)
    assert_fits_width(sized_page)


def test_offline_and_waiting_states_are_accessible(context: BrowserContext, page: Page) -> None:
    page.goto("/c/riverford/pledge")
    page.evaluate("navigator.serviceWorker.ready")
    context.set_offline(True)
    page.get_by_role("button", name="Partly").first.click()
    expect(page.get_by_test_id("outbox-count")).to_be_visible()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()

    assert_no_axe_violations(page)
    context.set_offline(False)
    expect(page.get_by_test_id("outbox-count")).to_be_hidden()


def test_signed_in_pages_and_sign_in_errors_are_accessible(
    sized_page: Page, base_url: str, pa: StaffAccount
) -> None:
    sized_page.goto("/c/riverford/sign-in")
    sized_page.get_by_role("button", name="Sign in", exact=True).click()
    expect(sized_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(sized_page)

    person = add_young_person(base_url, pa)
    join(sized_page, person.code, f"a11y-{person.preferred_name.lower()}")
    expect(sized_page.get_by_test_id("signed-in-as")).to_be_visible()
    assert_no_axe_violations(sized_page)
    assert_fits_width(sized_page)
    for path, heading in (
        ("/c/riverford/devices", "Your devices"),
        ("/c/riverford/more", "More"),
        ("/c/riverford/sign-out", "Sign out"),
    ):
        sized_page.goto(path)
        expect(sized_page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_axe_violations(sized_page)
        assert_fits_width(sized_page)


def test_staff_pages_are_accessible(
    sized_context: BrowserContext, base_url: str, admin: StaffAccount, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa)
    sign_in_browser(sized_context, base_url, admin)
    page = sized_context.new_page()

    page.goto("/staff")
    expect(page.get_by_test_id("caseload")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Add a young person").click()
    page.get_by_role("button", name="Add and get an invite code").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check(page)

    page.goto(f"/staff/young-people/{person.id}")
    page.get_by_role("button", name="Give them a new invite code").click()
    expect(page.get_by_role("button", name="Yes, give a new code")).to_be_visible()
    check(page)  # replacing the code they were given asks first
    page.get_by_role("button", name="Yes, give a new code").click()
    expect(page.get_by_role("img", name="QR code of their invite code")).to_be_visible()
    check(page)

    page.goto("/staff/audit")
    expect(page.get_by_test_id("audit-table")).to_be_visible()
    check(page)

    page.goto("/staff/team")
    expect(page.get_by_test_id("staff-table")).to_be_visible()
    check(page)


def check(page: Page) -> None:
    assert_no_axe_violations(page)
    assert_fits_width(page)
