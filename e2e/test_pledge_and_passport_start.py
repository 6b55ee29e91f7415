"""The pledge with progress, one sign-in prompt and an offer of help after "No" to a safety
promise; the empty health passport as a short guided start with the number keypad for phone
numbers; and a statement waiting to send saying so. On a phone, offline where the flow works
offline, with axe on every new state."""

import re

from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import assert_no_axe_violations, wait_for_service_worker
from e2e.demo_content import promise_text, riverford
from e2e.server import StaffAccount
from e2e.test_my_views import how_i_feel, join_ready_for_offline

PLEDGE = "/c/riverford/pledge"
HEALTH = "/c/riverford/health"
SAFETY = "safe-everywhere"  # `safety: true` in the pack
NOT_SAFETY = "involve-you-in-decisions"
TOTAL = sum(len(theme["promises"]) for theme in riverford()["pledge"]["themes"])


def answer(page: Page, promise_id: str, choice: str) -> None:
    """Taps an answer; without motion, so axe sees the chosen button's final colours."""
    page.emulate_media(reduced_motion="reduce")
    promise(page, promise_id).get_by_role("button", name=choice).click()


def promise(page: Page, promise_id: str) -> Locator:
    return page.get_by_role("group").filter(has=page.get_by_text(promise_text(promise_id)))


def test_pledge_offline_shows_progress_one_sign_in_prompt_and_help_after_a_safety_no(
    context: BrowserContext, page: Page
) -> None:
    page.goto(PLEDGE)
    wait_for_service_worker(page)
    page.reload()  # the pledge is now in the service worker's cache
    progress = page.get_by_test_id("pledge-progress")
    expect(progress).to_have_text(f"0 of {TOTAL} answered")
    # One prompt to sign in, not one under every promise.
    expect(page.get_by_test_id("pledge-sign-in").get_by_role("link")).to_have_attribute(
        "href", "/c/riverford/sign-in"
    )
    expect(page.get_by_role("link", name="Sign in to ask your PA about this")).to_have_count(0)
    assert_no_axe_violations(page)

    context.set_offline(True)
    answer(page, NOT_SAFETY, "No")
    expect(progress).to_have_text(f"1 of {TOTAL} answered")
    expect(page.get_by_test_id(f"safety-offer-{NOT_SAFETY}")).to_have_count(0)

    answer(page, SAFETY, "No")
    expect(progress).to_have_text(f"2 of {TOTAL} answered")
    offer = page.get_by_test_id(f"safety-offer-{SAFETY}")
    expect(offer).to_contain_text("Your answer stays anonymous")
    expect(offer.get_by_role("link", name="Sign in to tell your PA")).to_have_attribute(
        "href", "/c/riverford/sign-in"
    )
    expect(offer.get_by_role("link", name="Get help now")).to_have_attribute(
        "href", "/c/riverford/views/help"
    )
    assert_no_axe_violations(page)

    page.reload()  # still offline: the answers, the count and the offer are on the phone
    expect(progress).to_have_text(f"2 of {TOTAL} answered")
    expect(offer).to_be_visible()
    offer.get_by_role("link", name="Get help now").click()
    expect(page.get_by_test_id("help-numbers")).to_contain_text("999")

    page.go_back()
    answer(page, SAFETY, "Yes")
    expect(offer).to_have_count(0)
    context.set_offline(False)


def test_signed_in_each_promise_can_be_asked_about_and_a_safety_no_can_tell_the_pa(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    join_ready_for_offline(page, base_url, pa, "Ari")
    page.goto(PLEDGE)
    expect(page.get_by_test_id("pledge-sign-in")).to_have_count(0)
    expect(page.get_by_role("link", name="Ask my PA about this")).to_have_count(TOTAL)
    answer(page, SAFETY, "No")
    offer = page.get_by_test_id(f"safety-offer-{SAFETY}")
    assert_no_axe_violations(page)
    tell = offer.get_by_role("link", name="Tell your PA")
    # The pledge answer is anonymous: the No never goes in an address (a server's log).
    expect(tell).not_to_have_attribute("href", re.compile("answer"))
    tell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask about something")
    assert "answer" not in page.url
    expect(page.get_by_label("What do you want to ask?")).to_have_value(
        f"I answered No to “{promise_text(SAFETY)}”. "
    )


def test_empty_passport_starts_with_the_doctor_offline_and_phone_fields_bring_the_keypad(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    # A name no other test on the shared server uses (test_staff adds a Noor).
    join_ready_for_offline(page, base_url, pa, "Wren")
    page.goto(HEALTH)
    start = page.get_by_test_id("passport-start")
    expect(start).to_contain_text("Start your health passport")
    expect(page.get_by_text("Not added yet")).to_have_count(0)
    assert_no_axe_violations(page)

    context.set_offline(True)
    start.get_by_role("link", name="Add your doctor").click()
    # The first step asks only for the doctor, not the whole contacts form.
    expect(page.get_by_role("heading", level=1)).to_have_text("Add your doctor")
    expect(page.get_by_label("Dentist")).to_have_count(0)
    expect(page.get_by_label("GP phone number")).to_have_attribute("type", "tel")
    expect(page.get_by_label("GP phone number")).to_have_attribute("inputmode", "tel")
    assert_no_axe_violations(page)
    page.get_by_label("Doctor's surgery (GP)").fill("Riverside Surgery")
    page.get_by_label("GP phone number").fill("01632 960 111")
    page.get_by_role("button", name="Save").click()
    # Saved (on the phone, through the outbox): the next steps, or the whole passport.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your doctor is saved")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.get_by_test_id("passport-next").get_by_role("link")).to_have_count(3)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="See my health passport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My health passport")
    expect(page.get_by_test_id("passport-start")).to_have_count(0)
    expect(page.get_by_test_id("section-contacts")).to_contain_text("Riverside Surgery")
    assert_no_axe_violations(page)

    # The whole contacts form, from the full passport: every phone number brings the keypad.
    page.get_by_role("link", name="Change Doctor, dentist and optician").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Doctor, dentist and optician")
    for label in ["GP phone number", "Dentist phone number", "Optician phone number"]:
        expect(page.get_by_label(label)).to_have_attribute("type", "tel")
        expect(page.get_by_label(label)).to_have_attribute("inputmode", "tel")
    expect(page.get_by_label("GP phone number")).to_have_value("01632 960 111")
    page.go_back()
    context.set_offline(False)
    expect(page.get_by_test_id("sync-state")).not_to_contain_text("Saved on this phone")


def test_a_statement_waiting_to_send_says_so_and_then_who_it_was_sent_to(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    join_ready_for_offline(page, base_url, pa, "Sol")
    page.goto("/c/riverford/views")
    context.set_offline(True)
    how_i_feel(page)
    # The phone learnt the PA's first name when the young person joined.
    expect(page.get_by_test_id("statement-to")).to_have_text("Waiting to send to Priya")
    assert_no_axe_violations(page)
    context.set_offline(False)
    expect(page.get_by_test_id("statement-to")).to_have_text("Sent to Priya")
