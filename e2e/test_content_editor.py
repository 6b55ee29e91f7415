"""The demo content editor changes an offer item's amount and a pledge promise in the app:
drafts stay off young people's phones, previews show them as a young person will, a bad
field is named, and after publishing a phone run by the service worker shows the new words.

The items edited are ones no other end-to-end test reads, since the server is shared."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import (
    DESKTOP,
    assert_no_axe_violations,
    demo_staff,
    follow,
    wait_for_service_worker,
)
from e2e.demo_content import promise_text, title
from e2e.people import sign_in_browser, staff_client
from e2e.server import StaffAccount

ITEM = "starting-work-fund"
PROMISE = "no-chasing"
NEW_PROMISE = "You will never have to chase us for what you are owed."


@pytest.fixture(scope="module")
def content_editor(base_url: str, data_dir: Path) -> StaffAccount:
    """One account object for the module: each sign-in uses up one of its recovery codes."""
    return demo_staff(data_dir, "riverford", "content_editor")


def editor_page(browser: Browser, base_url: str, account: StaffAccount) -> Page:
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    sign_in_browser(context, base_url, account)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/staff")
    follow(page, "Offer and pledge")
    return page


def phone_shows(phone: Page, path: str, text: str) -> None:
    """What a young person sees after a reload (the service worker answers the page)."""
    phone.goto(path)
    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    expect(phone.get_by_text(text)).to_be_visible()


def test_an_editor_changes_an_amount_and_a_promise_and_phones_see_them_once_published(
    browser: Browser,
    base_url: str,
    content_editor: StaffAccount,
    context: BrowserContext,
    page: Page,
) -> None:
    phone = page
    item_path = f"/c/riverford/offer/{ITEM}"
    phone.goto(item_path)
    wait_for_service_worker(phone)
    phone_shows(phone, item_path, "£150 once")

    editor = editor_page(browser, base_url, content_editor)
    assert_no_axe_violations(editor)  # the list
    editor.get_by_role("link", name=title(ITEM)).click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(f"Edit: {title(ITEM)}")
    expect(editor.get_by_text("Live", exact=True).first).to_be_visible()
    assert_no_axe_violations(editor)  # the edit form

    editor.get_by_label("Title").fill("")  # a bad field: named, and nothing is saved
    editor.get_by_label("Amount in pounds").fill("175")
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(editor.locator("#item-title-error")).to_contain_text("Enter a title")
    assert_no_axe_violations(editor)

    editor.get_by_label("Title").fill(title(ITEM))
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.get_by_text("Draft saved.")).to_be_visible()
    preview = editor.get_by_test_id("offer-preview")
    expect(preview.get_by_text("£175 once").first).to_be_visible()
    expect(editor.get_by_text("Draft", exact=True).first).to_be_visible()
    assert_no_axe_violations(editor)  # the preview

    phone_shows(phone, item_path, "£150 once")  # the draft is not on the phone

    publish = editor.get_by_role("button", name="Publish", exact=True)
    publish.focus()
    editor.keyboard.press("Enter")  # the editor works from the keyboard
    expect(editor.get_by_test_id("editor-notice")).to_contain_text("Published.")
    expect(preview).to_be_hidden()

    phone_shows(phone, item_path, "£175 once")

    editor.get_by_role("link", name="Back to the offer and pledge").click()
    editor.get_by_role("link", name=promise_text(PROMISE)).click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Edit a promise")
    editor.get_by_label("Promise").fill(NEW_PROMISE)
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.get_by_test_id("pledge-preview").get_by_text(NEW_PROMISE)).to_be_visible()
    assert_no_axe_violations(editor)  # the pledge preview

    phone_shows(phone, "/c/riverford/pledge", promise_text(PROMISE))
    expect(phone.get_by_text(NEW_PROMISE)).to_have_count(0)

    editor.get_by_role("button", name="Publish", exact=True).click()
    expect(editor.get_by_test_id("editor-notice")).to_contain_text("Published.")

    phone_shows(phone, "/c/riverford/pledge", NEW_PROMISE)
    assert phone.evaluate("Boolean(navigator.serviceWorker.controller)")

    editor.get_by_label("Promise").fill("A change of mind.")  # discarding asks first
    editor.get_by_role("button", name="Save draft").click()
    editor.get_by_role("button", name="Discard the draft").click()
    expect(editor.get_by_text("Throw away your draft?")).to_be_focused()
    assert_no_axe_violations(editor)  # the confirmation
    editor.get_by_role("button", name="Yes, discard the draft").click()
    expect(editor.get_by_test_id("editor-notice")).to_contain_text("Draft discarded.")
    expect(editor.get_by_label("Promise")).to_have_value(NEW_PROMISE)
    editor.context.close()


def test_an_editor_adds_an_item_that_stays_off_phones_until_published(
    browser: Browser, base_url: str, content_editor: StaffAccount, page: Page
) -> None:
    editor = editor_page(browser, base_url, content_editor)
    follow(editor, "Add an offer item")
    editor.get_by_label("Id").fill("Bus Pass")  # not an id: named on the field
    for label, text in (
        ("Title", "Free bus pass"),
        ("Summary", "Free travel on Riverford buses."),
        ("Details", "Show your card on any Riverford bus."),
        ("How to get it", "Ask your PA."),
        ("Who to contact", "Your PA"),
        ("Who gives it", "Riverford Council"),
    ):
        editor.get_by_label(label, exact=True).fill(text)
    editor.get_by_role("button", name="Save as a draft").click()
    expect(editor.get_by_label("Id")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(editor)

    editor.get_by_label("Id").fill("bus-pass")
    editor.get_by_role("button", name="Save as a draft").click()

    expect(editor.get_by_role("heading", level=1)).to_have_text("Edit: Free bus pass")
    expect(editor.get_by_text("Not live", exact=True).first).to_be_visible()
    expect(editor.get_by_test_id("offer-preview")).to_contain_text(
        "Free travel on Riverford buses."
    )
    page.goto("/c/riverford/offer")
    # The offer's search reads every item, not only the areas drawn so far.
    page.get_by_role("searchbox", name="Search").fill("free bus pass")
    expect(page.get_by_role("status").filter(has_text="“free bus pass”")).to_be_visible()
    expect(page.get_by_text("Free bus pass", exact=True)).to_have_count(0)

    # A second editor saves first: this editor is told, and their change is not stored.
    other = staff_client(base_url, content_editor)
    item_id = editor.url.rsplit("/", 1)[1]
    seen = other.get(f"/api/v1/editor/offer/{item_id}").json()
    other.put(
        f"/api/v1/editor/offer/{item_id}/draft",
        json={"revision": seen["revision"], "draft": seen["draft"] | {"title": "Bus pass"}},
    ).raise_for_status()
    editor.get_by_label("Title").fill("Free bus travel")
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.get_by_role("alert").first).to_contain_text("Someone else changed this")
    assert other.get(f"/api/v1/editor/offer/{item_id}").json()["draft"]["title"] == "Bus pass"
    editor.context.close()


def test_an_address_with_an_unknown_id_says_not_found(
    browser: Browser, base_url: str, content_editor: StaffAccount
) -> None:
    editor = editor_page(browser, base_url, content_editor)
    made_up = "00000000-0000-4000-8000-000000000000"
    for path in (
        f"/staff/content/offer/{made_up}",
        "/staff/content/offer/not-an-id",
        f"/staff/content/themes/{made_up}",
        f"/staff/content/promises/{made_up}",
    ):
        editor.goto(path)
        expect(editor.get_by_role("heading", level=1)).to_have_text("We can't find that page")
        expect(editor.get_by_text("Something went wrong")).to_have_count(0)
    assert_no_axe_violations(editor)
    follow(editor, "Go to the start", "Staff home")
    editor.context.close()
