"""After one online visit, the offer, "What can I get?" and search work with no network."""

from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import follow, wait_for_service_worker
from e2e.demo_content import answer_check, title

COUNCIL = "/c/riverford"


def results(page: Page) -> tuple[Locator, Locator]:
    """The "You can get these" list and the "Not yet, or only if…" list."""
    lists = page.get_by_role("region", name="Your results").get_by_role("list")
    return lists.first, lists.nth(1)


def visit_once_online(page: Page) -> None:
    """A first visit: the service worker installs and takes control, pages fetch content."""
    page.goto("/")
    follow(page, "Riverford Council")
    wait_for_service_worker(page)
    for path in ("/offer", "/pledge", "/check"):
        page.goto(COUNCIL + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(COUNCIL + "/offer")
    expect(page.get_by_role("link", name=title("setting-up-home-grant"))).to_be_visible()


def test_the_offer_opens_and_searches_offline(context: BrowserContext, page: Page) -> None:
    visit_once_online(page)
    context.set_offline(True)

    page.reload()

    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_role("heading", name="Somewhere to live", exact=True)).to_be_visible()
    expect(page.get_by_text("£2,000 once")).to_be_visible()
    page.get_by_label("Search").fill("driving")
    expect(page.get_by_role("link", name=title("driving-lessons"))).to_be_visible()
    expect(page.get_by_role("link", name=title("setting-up-home-grant"))).to_be_hidden()

    page.get_by_role("link", name=title("driving-lessons")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("driving-lessons"))
    expect(page.get_by_text("£500 once")).to_be_visible()


def test_what_can_i_get_answers_offline_and_keeps_them_on_the_phone(
    context: BrowserContext, page: Page
) -> None:
    visit_once_online(page)
    context.set_offline(True)
    page.goto(COUNCIL + "/check")
    expect(page.get_by_text("This stays on your phone.")).to_be_visible()

    answer_check(page, "15")

    can_get, not_yet = results(page)
    expect(can_get.get_by_role("link", name=title("leisure-pass"))).to_be_visible()
    grant = not_yet.get_by_role("listitem").filter(has_text=title("setting-up-home-grant"))
    expect(grant).to_contain_text("From 17")

    page.reload()  # still offline: the answers and results come back from the phone
    can_get, _ = results(page)
    expect(can_get.get_by_role("link", name=title("leisure-pass"))).to_be_visible()
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.get_by_text("Your answers have been cleared from this phone.")).to_be_visible()


def test_a_condition_is_given_as_the_reason(context: BrowserContext, page: Page) -> None:
    page.goto(COUNCIL + "/check")
    answer_check(page, "19", left_care_at="17")

    can_get, not_yet = results(page)
    expect(can_get.get_by_role("link", name=title("staying-put"))).to_be_visible()
    bursary = not_yet.get_by_role("listitem").filter(has_text=title("he-bursary"))
    expect(bursary).to_contain_text("If you're at university")


def test_bad_answers_get_an_error_summary_naming_the_field(page: Page) -> None:
    page.goto(COUNCIL + "/check")
    page.get_by_label("I'll give my age").check()
    page.get_by_label("Your age").fill("old")
    page.get_by_role("button", name="Show what I can get").click()

    summary = page.locator(":focus")  # the error summary takes focus, as GOV.UK's does
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your age as a number, like 17")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose if you're in care now")).to_be_visible()
    expect(page.get_by_label("Your age")).to_have_attribute("aria-invalid", "true")
