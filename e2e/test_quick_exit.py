"""Quick exit (issue 14): "Leave" and Shift pressed three times blank Harbour at once and
open a plain calculator in its place, online or offline; Back never shows Harbour again (a
fresh load or the back/forward cache); nothing is deleted and nobody is signed out; it is
explained once; and nothing focused is ever hidden under it or the tab bar (WCAG 2.4.11)."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NARROWEST,
    PHONE,
    StaffDesktop,
    assert_no_axe_violations,
    tab,
    wait_for_service_worker,
)
from e2e.outbox_store import READ_EVERYTHING
from e2e.server import StaffAccount
from e2e.test_app_lock import turn_lock_on, unlock
from e2e.test_my_views import VIEWS, join_ready_for_offline

HOME = "/c/riverford"
CALCULATOR = re.compile(r"/calculator\.html$")
DRAFT_WORDS = "Things at home are hard right now"
LEAVE = "Leave this page quickly"

# Kept by each page as it goes: whether it was already blank, and its title then.
AS_IT_WENT = """addEventListener('pagehide', () => {
  if (document.body) sessionStorage.setItem('as-it-went',
    JSON.stringify({ hidden: document.body.hidden, title: document.title }));
});"""


def explained(context: BrowserContext) -> None:
    """This phone has seen the first-use explanation already."""
    context.add_init_script("localStorage.setItem('quick-exit.explained', '1')")


# Whether a draft on the phone holds these words (IndexedDB read as outbox_store reads it).
DRAFT_HOLDS = (
    f"async (words) => JSON.stringify((await ({READ_EVERYTHING})()).drafts).includes(words)"
)


def write_a_draft(page: Page) -> str:
    """A signed-in young person starts "Sort a problem" and writes some words; the
    draft is saved on the phone as they type. Returns its address."""
    page.goto(f"{VIEWS}/new/problem")
    expect(page).to_have_url(re.compile(r"/views/draft/"))
    page.get_by_label("What's the problem?").fill(DRAFT_WORDS)
    # Saved as it was typed; a reload straight after would cancel the write still under way.
    page.wait_for_function(DRAFT_HOLDS, arg=DRAFT_WORDS)
    page.reload()
    expect(page.get_by_label("What's the problem?")).to_have_value(DRAFT_WORDS)
    return page.url


def assert_nothing_of_harbour(page: Page) -> None:
    """The neutral page, and nothing of Harbour: not its name, not the draft's words, no
    manifest or icon of Harbour's."""
    expect(page).to_have_url(CALCULATOR)
    expect(page).to_have_title("Calculator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calculator")
    text = page.locator("body").inner_text()
    assert "harbour" not in text.lower()
    assert DRAFT_WORDS not in text
    assert "harbour" not in page.content().lower()
    expect(page.locator("link[rel=manifest]")).to_have_count(0)


def assert_back_shows_no_harbour(page: Page, times: int) -> None:
    """Back, `times` times, over Harbour's earlier pages: each leaves again at once."""
    for _ in range(times):
        page.go_back(wait_until="commit")
        page.wait_for_load_state()
        assert_nothing_of_harbour(page)


def assert_blank_before_it_went(page: Page) -> None:
    """Harbour's page was blank, with a neutral title, before the calculator replaced it."""
    went = page.evaluate("JSON.parse(sessionStorage.getItem('as-it-went'))")
    assert went == {"hidden": True, "title": "Calculator"}


def test_leave_blanks_harbour_back_does_not_return_and_the_draft_is_kept(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    explained(context)
    context.add_init_script(AS_IT_WENT)
    join_ready_for_offline(page, base_url, pa, "Perrin")
    draft = write_a_draft(page)
    page.goto(HOME)
    tab(page, "My views").click()
    expect(page.get_by_test_id("drafts")).to_contain_text("Sort a problem")
    page.goto(draft)

    leave = page.get_by_role("button", name=LEAVE)
    expect(leave).to_have_text("Leave")  # the visible words are part of its name
    leave.click()
    assert_nothing_of_harbour(page)
    assert_blank_before_it_went(page)
    assert_no_axe_violations(page)
    assert page.evaluate("document.querySelectorAll('button').length") == 17  # it works:
    for key in ("7", "Times", "6", "Equals"):
        page.get_by_role("button", name=key, exact=True).click()
    expect(page.locator("output")).to_have_text("42")

    # Back goes over the draft, My views and home: none of them shows again.
    assert_back_shows_no_harbour(page, 3)

    # Opening Harbour on purpose: the same person, still signed in, and the draft is there.
    page.goto(HOME)
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Perrin")
    tab(page, "My views").click()
    expect(page.get_by_test_id("drafts")).to_contain_text("Sort a problem")
    page.goto(draft)
    expect(page.get_by_label("What's the problem?")).to_have_value(DRAFT_WORDS)


def test_shift_three_times_leaves_from_the_draft_offline(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    explained(context)
    join_ready_for_offline(page, base_url, pa, "Sasha")  # controlled: the precache is in
    draft = write_a_draft(page)
    context.set_offline(True)
    page.goto(draft)  # from the service worker
    field = page.get_by_label("What's the problem?")
    field.focus()
    field.press("End")
    page.keyboard.type(". and ")

    # A Shift used for a capital letter does not count, and the letter starts again.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+I")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.get_by_role("status").filter(has_text="Press Shift 1 more time")).to_be_attached()
    expect(page).to_have_url(re.compile(r"/views/draft/"))
    written = f"{DRAFT_WORDS}. and I"
    expect(field).to_have_value(written)

    page.keyboard.press("Shift")  # the third in a row, in the text field
    assert_nothing_of_harbour(page)
    assert_back_shows_no_harbour(page, 1)

    page.goto(draft)  # still offline: the app and the draft come from the phone
    expect(page.get_by_label("What's the problem?")).to_have_value(written)
    expect(page.get_by_test_id("offline-banner")).to_be_visible()


@pytest.fixture
def cached_browser(playwright: Playwright) -> Iterator[Browser]:
    """Chromium with its back/forward cache on, as on a phone (Playwright turns it off)."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield browser
    browser.close()


def left_from_a_cached_page(browser: Browser, base_url: str) -> bool:
    """Home, then the offer as a new page (home waits in the back/forward cache), Leave, then
    Back to home: nothing of Harbour shows. Whether home really came back from the cache
    (the browser may drop a page from it at any time, and then Back loads it afresh)."""
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    explained(context)
    context.add_init_script(
        "addEventListener('pageshow', (event) => { if (event.persisted) "
        "sessionStorage.setItem('restored', location.pathname); });"
    )
    page = context.new_page()
    page.goto(HOME)
    wait_for_service_worker(page)
    page.reload()  # a page the worker's first claim has not touched, so the cache may keep it
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{HOME}/offer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
    page.get_by_role("button", name=LEAVE).click()
    assert_nothing_of_harbour(page)

    page.go_back(wait_until="commit")
    page.wait_for_load_state()
    assert_nothing_of_harbour(page)
    restored = page.evaluate("sessionStorage.getItem('restored')") == HOME
    context.close()
    return restored


def test_back_to_a_page_in_the_back_forward_cache_leaves_again(
    cached_browser: Browser, base_url: str
) -> None:
    # Chromium sometimes drops a page from the cache (when it would need to wake it for an
    # event); Back then loads it afresh, which leaves again too. Three tries to see the cache.
    assert any(left_from_a_cached_page(cached_browser, base_url) for _ in range(3))


def test_explained_once_and_only_on_young_peoples_pages(
    page: Page, desktop: StaffDesktop, admin: StaffAccount
) -> None:
    page.goto(HOME)
    intro = page.get_by_test_id("quick-exit-intro")
    expect(intro).to_contain_text("tap Leave or press Shift 3 times")
    expect(intro).to_contain_text("Your drafts stay safe")
    assert_no_axe_violations(page)
    tab(page, "Offer").click()
    expect(intro).to_be_visible()  # until they close it
    intro.get_by_role("button", name="Got it").click()
    expect(intro).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
    expect(page.get_by_role("button", name=LEAVE)).to_be_visible()
    expect(intro).to_have_count(0)

    # Leave comes first after the skip link.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=LEAVE)).to_be_focused()

    staff = desktop(admin).new_page()
    staff.goto("/staff")
    expect(staff.get_by_role("heading", level=1)).to_be_visible()
    expect(staff.get_by_role("button", name=LEAVE)).to_have_count(0)
    expect(staff.get_by_test_id("quick-exit-intro")).to_have_count(0)


# Each focusable thing in turn, by Tab: its box must not overlap anything fixed on the screen
# (the floating Leave button, the tab bar) that it is not part of.
COVERED = """() => {
  const focused = document.activeElement;
  const box = focused.getBoundingClientRect();
  const fixed = [...document.querySelectorAll('.quick-exit__button, .tab-bar')]
    .filter((el) => getComputedStyle(el).position === 'fixed' && !el.contains(focused));
  return fixed.filter((el) => {
    const over = el.getBoundingClientRect();
    return box.bottom > over.top && box.top < over.bottom
      && box.right > over.left && box.left < over.right;
  }).map((el) => `${focused.outerHTML.slice(0, 80)} under ${el.className}`);
}"""


@pytest.mark.parametrize("text_size", ["100%", "200%"])
def test_nothing_focused_is_hidden_under_leave_or_the_tab_bar(
    browser: Browser, base_url: str, text_size: str
) -> None:
    context = browser.new_context(base_url=base_url, viewport=NARROWEST)
    explained(context)
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => "
        f"{{ document.documentElement.style.fontSize = '{text_size}'; }});"
    )
    page = context.new_page()
    page.goto(f"{HOME}/offer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
    floated = False
    for _ in range(45):
        page.keyboard.press("Tab")
        assert page.evaluate(COVERED) == []
        floated = floated or page.evaluate(
            "document.querySelector('.quick-exit--floating') !== null"
        )
    assert floated, "the page never scrolled far enough for Leave to float"
    assert page.evaluate("scrollY") > NARROWEST["height"]
    # Floating, it is still there to tap.
    page.get_by_role("button", name=LEAVE).click()
    expect(page).to_have_url(CALCULATOR)
    context.close()


def test_leave_is_on_the_lock_screen_too_and_harbour_stays_locked(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    """The lock screen is what someone walking in may see: it has Leave as well, and
    opening Harbour again after leaving asks for the lock code."""
    explained(context)
    join_ready_for_offline(page, base_url, pa, "Linnea")
    turn_lock_on(page)
    page.goto(HOME)  # opened afresh: locked
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    page.get_by_role("button", name=LEAVE).click()
    assert_nothing_of_harbour(page)
    assert_back_shows_no_harbour(page, 1)

    page.goto(HOME)
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(page.get_by_role("button", name=LEAVE)).to_be_visible()
    assert_no_axe_violations(page)
    unlock(page)
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Linnea")
