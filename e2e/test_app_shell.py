"""The young person's app shell: on a 320 px phone with the text at 200%, every route in
App.tsx (read from its source, so a new route cannot be forgotten) fits the width, has the red
help button on its first screen and the tab bar with the right tab marked current, signed out
and signed in; the Inbox tab counts what is new; staff pages have none of it."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e.conftest import NARROWEST, assert_no_axe_violations, new_phone, tab
from e2e.people import add_young_person, sign_in_browser, staff_client
from e2e.server import StaffAccount, create_staff
from e2e.test_my_plan import add_pa_task
from e2e.test_my_views import HELP, how_i_feel, statements_for
from e2e.test_young_person_sign_in import join

APP = Path(__file__).parents[1] / "frontend" / "src" / "App.tsx"
HOME = "/c/riverford"
LARGE_TEXT = """document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.style.fontSize = '200%';
});"""

# Each route's sample address ({draft}, {sent}, {task}, {inbox}: records made for the walk),
# and the tab marked current on it signed in and signed out ("" for none; None for no tab
# bar at all, only where no council is known yet).
Current = tuple[str | None, str | None]
SAMPLES: dict[str, tuple[list[str], Current]] = {
    "/": (["/?change"], ("", None)),
    "/c/:slug": ([HOME], ("Home", "Home")),
    "/c/:slug/offer": ([f"{HOME}/offer"], ("More", "Offer")),
    "/c/:slug/offer/:itemId": ([f"{HOME}/offer/setting-up-home-grant"], ("More", "Offer")),
    "/c/:slug/check": ([f"{HOME}/check"], ("More", "Check")),
    "/c/:slug/pledge": ([f"{HOME}/pledge"], ("More", "Promises")),
    "/c/:slug/join": ([f"{HOME}/join"], ("", "Sign in")),
    "/c/:slug/sign-in": ([f"{HOME}/sign-in"], ("", "Sign in")),
    "/c/:slug/devices": ([f"{HOME}/devices"], ("More", "")),
    "/c/:slug/views": ([f"{HOME}/views"], ("My views", "")),
    "/c/:slug/views/new/:type": ([f"{HOME}/views/new/meeting"], ("My views", "")),
    "/c/:slug/views/draft/:id": ([f"{HOME}/views/draft/{{draft}}"], ("My views", "")),
    "/c/:slug/views/sent/:id": ([f"{HOME}/views/sent/{{sent}}"], ("My views", "")),
    # The help screen is reached from every page, so no tab stands for it.
    "/c/:slug/views/help": ([f"{HOME}/views/help"], ("", "")),
    "/c/:slug/views/help/:id": ([f"{HOME}/views/help/{{sent}}"], ("", "")),
    "/c/:slug/plan": ([f"{HOME}/plan"], ("My plan", "")),
    "/c/:slug/plan/new": ([f"{HOME}/plan/new"], ("My plan", "")),
    "/c/:slug/plan/tasks/:id": ([f"{HOME}/plan/tasks/{{task}}"], ("My plan", "")),
    "/c/:slug/health": ([f"{HOME}/health"], ("More", "")),
    "/c/:slug/health/edit/:section": (
        [
            f"{HOME}/health/edit/{section}"
            for section in ("doctor", "contacts", "nhs", "notes", "dates")
        ],
        ("More", ""),
    ),
    "/c/:slug/calendar": ([f"{HOME}/calendar"], ("More", "")),
    "/c/:slug/reminders": ([f"{HOME}/reminders"], ("More", "")),
    "/c/:slug/inbox": ([f"{HOME}/inbox"], ("Inbox", "")),
    # An inbox item opens what it is about (here the statement the PA replied to).
    "/c/:slug/inbox/:id": ([f"{HOME}/inbox/{{inbox}}"], ("My views", "")),
    "/c/:slug/this-phone": ([f"{HOME}/this-phone"], ("More", "")),
    "/c/:slug/lock": ([f"{HOME}/lock"], ("More", "")),
    "/c/:slug/more": ([f"{HOME}/more"], ("More", "Sign in")),
    "/c/:slug/privacy": ([f"{HOME}/privacy"], ("More", "")),
    "/c/:slug/my-data": ([f"{HOME}/my-data"], ("More", "")),
    "/c/:slug/seen": ([f"{HOME}/seen"], ("More", "")),
    "/c/:slug/sign-out": ([f"{HOME}/sign-out"], ("More", "")),
}


def app_routes() -> list[str]:
    """The patterns of ROUTES in App.tsx, in order."""
    source = APP.read_text()
    table = source[
        source.index("const ROUTES") : source.index("\n];", source.index("const ROUTES"))
    ]
    return re.findall(r"^\s*\['([^']+)',", table, flags=re.MULTILINE)


def test_every_route_in_app_tsx_has_a_sample_here() -> None:
    routes = app_routes()
    assert len(routes) > 20  # the reading found the table
    assert set(routes) == set(SAMPLES), "add the new route to SAMPLES (or drop the old one)"


@pytest.fixture
def large(browser: Browser, base_url: str) -> BrowserContext:
    """A 320 px phone with its text at 200%."""
    context = browser.new_context(
        base_url=base_url, viewport=NARROWEST, is_mobile=True, has_touch=True
    )
    context.add_init_script(LARGE_TEXT)
    return context


def tabs(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def shown(page: Page, path: str) -> None:
    """Opens `path` and waits for its real heading (not "Loading") at 200% text."""
    page.goto(path)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    expect(heading).not_to_have_text("Loading")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"


def assert_shell(page: Page, path: str, current: str | None) -> None:
    """No sideways scroll, the help button on the first screen, the right tab current."""
    width = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert width[0] <= width[1], f"{path} scrolls sideways: {width}"
    help_box = page.get_by_test_id("help-now").evaluate(
        """(el) => { const box = el.getBoundingClientRect();
          return [box.left, box.top + scrollY, box.right, box.bottom + scrollY]; }"""
    )
    left, top, right, bottom = help_box
    where = f"{path}: the help button is at {help_box}"
    assert left >= 0, where
    assert top >= 0, where
    assert right <= NARROWEST["width"], where
    assert bottom <= NARROWEST["height"], f"{where}, below the first screen"
    if current is None:
        expect(tabs(page)).to_have_count(0)
        return
    expect(tabs(page).get_by_role("link")).to_have_count(5)
    marked = tabs(page).locator("[aria-current=page]")
    if current:
        expect(marked).to_have_count(1)
        expect(marked).to_contain_text(current)
    else:
        expect(marked).to_have_count(0)


def walk(page: Page, records: dict[str, str], signed_in: bool) -> None:
    for paths, currents in SAMPLES.values():
        for path in paths:
            address = path.format(**records)
            shown(page, address)
            assert_shell(page, address, currents[0] if signed_in else currents[1])


def test_every_young_persons_route_fits_320px_at_200_percent_with_help_and_tabs(
    large: BrowserContext, base_url: str, pa: StaffAccount
) -> None:
    page = large.new_page()
    page.set_default_timeout(10_000)
    person = add_young_person(base_url, pa, "Bex")
    # The ids of records the routes take, all real: signed out, each asks to sign in first.
    pa_api = staff_client(base_url, pa)
    records = {
        "task": add_pa_task(
            pa_api, person.id, "Open a bank account", "money", date.today() + timedelta(7)
        ),
        "draft": "none-yet",
        "sent": "none-yet",
        "inbox": "none-yet",
    }

    page.goto(HOME)
    walk(page, records, signed_in=False)
    shown(page, HOME)
    assert_no_axe_violations(page)
    shown(page, f"{HOME}/more")
    expect(page.get_by_role("link", name="Join Harbour")).to_be_visible()
    assert_no_axe_violations(page)

    join(page, person.code, "bex-shell")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Bex")
    shown(page, f"{HOME}/views")
    large.set_offline(True)  # written offline, as how_i_feel expects; then sent
    how_i_feel(page)
    records["sent"] = page.url.rsplit("/", 1)[1]
    large.set_offline(False)
    expect(page.get_by_test_id("statement-state")).not_to_have_text("Saved on this phone")
    [statement] = statements_for(pa_api, person.id)
    pa_api.post(
        f"/api/v1/statements/{statement['id']}/replies", json={"text": "Thanks Bex, talk Monday."}
    ).raise_for_status()
    records["inbox"] = page.request.get("/api/v1/inbox").json()["items"][0]["id"]
    shown(page, f"{HOME}/views/new/meeting")
    expect(page).to_have_url(re.compile(r"/views/draft/"))
    records["draft"] = page.url.rsplit("/", 1)[1]

    # The reply is new: the Inbox tab says so, in words as well as the badge.
    shown(page, HOME)
    expect(tabs(page).get_by_role("link", name="Inbox, 1 new")).to_be_visible()
    expect(page.get_by_test_id("inbox-link")).to_contain_text("1")
    assert_no_axe_violations(page)

    walk(page, records, signed_in=True)
    shown(page, f"{HOME}/more")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Bex")
    for link in ("My health passport", "Your devices", "Sign out", "Everything on offer"):
        expect(page.get_by_role("main").get_by_role("link", name=link)).to_be_visible()
    assert_no_axe_violations(page)
    # Opened, the reply is no longer new.
    shown(page, f"{HOME}/inbox")
    expect(tabs(page).get_by_role("link", name="Inbox", exact=True)).to_be_visible()
    large.close()


def test_the_tab_bar_hides_nothing_and_999_is_a_call(page: Page) -> None:
    page.goto(f"{HOME}/offer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
    expect(page.get_by_role("main").get_by_role("heading", level=3).first).to_be_visible()
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("If you are in danger now, call 999.")
    expect(footer.get_by_role("link", name="999", exact=True)).to_have_attribute("href", "tel:999")
    last = footer.get_by_text("Harbour is for young people")
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    bar_top = tabs(page).evaluate("(el) => el.getBoundingClientRect().top")
    assert last.evaluate("(el) => el.getBoundingClientRect().bottom") <= bar_top


def test_staff_pages_have_no_tab_bar_help_button_or_young_persons_footer(
    browser: Browser, base_url: str, pa: StaffAccount
) -> None:
    context = new_phone(browser, base_url)
    sign_in_browser(context, base_url, pa)
    page = context.new_page()
    for path in ("/staff", "/staff/views", "/staff/inbox", "/staff/no-such-page"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Priya")
        expect(tabs(page)).to_have_count(0)
        expect(page.get_by_test_id("help-now")).to_have_count(0)
        expect(page.get_by_role("contentinfo")).not_to_contain_text("999")
        expect(page.get_by_role("link", name="Harbour", exact=True)).to_have_attribute(
            "href", "/staff"
        )
    context.close()


# Every layout shift since the page began (buffered), summed as CLS counts them.
SHIFTED = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => resolve(list.getEntries().reduce((sum, e) => sum + e.value, 0)))
    .observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => resolve(0), 500);
})"""


def test_on_a_phone_the_staff_links_fold_behind_menu_and_nothing_moves(
    browser: Browser, base_url: str, pa: StaffAccount
) -> None:
    context = new_phone(browser, base_url)
    sign_in_browser(context, base_url, pa)
    page = context.new_page()
    page.goto("/staff/views")
    menu = page.get_by_role("banner").get_by_role("button", name=re.compile(r"^Menu"))
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Your profile")).to_be_hidden()
    # The bar was one row before the page knew who was signed in, and is one row now.
    assert page.evaluate(SHIFTED) == 0
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Your profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(menu).to_have_attribute("aria-expanded", "false")  # closed on the next page
    context.close()


def test_help_from_a_statements_step_is_in_the_top_bar_well_above_next(
    page: Page, base_url: str, data_dir: Path
) -> None:
    # A PA of this test's own, so the urgent statement heads no other test's queue.
    adviser = create_staff(data_dir, "riverford", "shell-pa", "Shona Bell", "personal_adviser")
    person = add_young_person(base_url, adviser, "Quinn")
    join(page, person.code, "quinn-shell")
    tab(page, "My views").click()
    page.get_by_role("link", name="Sort a problem").click()
    page.get_by_label("What's the problem?").fill("My bus pass ran out.")
    next_button = page.get_by_role("button", name="Next").bounding_box()
    help_button = page.get_by_role("banner").get_by_role("button", name=HELP)
    expect(page.get_by_role("main").get_by_role("button", name=HELP)).to_have_count(0)
    above = help_button.bounding_box()
    assert above is not None
    assert next_button is not None
    # Not where a thumb reaching for Next lands: a finger's width (48 px) apart at least.
    assert above["y"] + above["height"] + 48 <= next_button["y"]
    help_button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help now")
    expect(page.get_by_test_id("help-numbers")).to_contain_text("999")
    adviser_api = staff_client(base_url, adviser)
    for _ in range(50):  # the outbox sends it at once; the words for that are the help page's
        if statements := statements_for(adviser_api, person.id):
            break
        page.wait_for_timeout(200)
    [statement] = statements
    assert statement["urgent"] is True
    # What was being written stays a draft, to finish later.
    tab(page, "My views").click()
    expect(page.get_by_test_id("drafts")).to_contain_text("Sort a problem")
