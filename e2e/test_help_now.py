"""Issue 13's urgent path, with both sides in real Chromium: "I need help now" tapped with no
signal shows the numbers at once and says it is waiting to send to the PA by name; online it
is sent; the help screen follows it, without a reload, to "Seen by Fern" and to Fern's reply,
sent with her acknowledgement in one step from the urgent page (which shows how to reach the
young person and the council's safeguarding steps); "I'm OK now" then reaches Fern, on the
urgent page and in her queue, and closes nothing."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount, create_staff
from e2e.test_my_views import HELP, VIEWS, join_with_code_ready_for_offline, statements_for

PHONE = "07700 900456"
REPLY = "I'm calling you now. Pick up if you can."
# A pull runs every 10 seconds while the help screen is open and online.
LIVE = 25_000


@pytest.fixture(scope="module")
def fern(base_url: str, data_dir: Path) -> StaffAccount:
    """A PA of this test's own, so no other test's statements share her queue."""
    return create_staff(data_dir, "riverford", "fernokoye", "Fern Okoye", "personal_adviser")


def test_help_now_keeps_the_young_person_informed_and_im_ok_now_reaches_the_pa(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, fern: StaffAccount
) -> None:
    juno = add_young_person(base_url, fern, "Juno", contact_phone=PHONE)
    join_with_code_ready_for_offline(page, juno.code, "Juno")
    # Half-way through writing something else: it must stay a draft, apart from the call.
    page.goto(f"{VIEWS}/new/problem")
    page.get_by_label("What's the problem?").fill("My bike was stolen.")

    context.set_offline(True)
    page.get_by_role("button", name=HELP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help now")
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(page.get_by_role("link", name="Call Childline on 0800 1111")).to_be_visible()
    status = page.get_by_test_id("help-sent")
    expect(status).to_contain_text("Waiting to send to Fern")
    assert_no_axe_violations(page)

    context.set_offline(False)
    expect(status).to_have_text("Sent to Fern. They'll see it first.")
    assert_no_axe_violations(page)
    (sent,) = statements_for(staff_client(base_url, fern), juno.id)
    assert (sent["type"], sent["urgent"], sent["preview"]) == ("help_now", True, "")

    # Fern opens the urgent page: how to reach Juno, Riverford's steps, one form to answer.
    pa = desktop(fern).new_page()
    pa.goto(f"/staff/views/{sent['id']}")
    expect(pa.get_by_role("heading", level=1)).to_have_text("I need help now from Juno")
    expect(pa.get_by_test_id("answers")).to_contain_text("Juno tapped “I need help now” on")
    expect(pa.get_by_test_id("contact").get_by_role("link", name=PHONE)).to_have_attribute(
        "href", "tel:07700900456"
    )
    steps = pa.get_by_test_id("safeguarding-steps").locator("li")
    expect(steps.first).to_contain_text("call 999")
    expect(steps.filter(has_text="01632 960 999")).to_have_count(1)  # their out-of-hours team
    assert_no_axe_violations(pa)

    # Opening it is the read receipt: the help screen follows without a reload.
    expect(status).to_contain_text(re.compile(r"Seen by Fern at \d\d:\d\d"), timeout=LIVE)
    assert_no_axe_violations(page)

    pa.get_by_role("button", name="Acknowledge and send reply").click()  # no reply written yet
    expect(pa.locator(".error-summary")).to_contain_text(
        "Write your reply, or choose Acknowledge only"
    )
    expect(pa.get_by_test_id("acknowledged")).to_have_count(0)
    assert_no_axe_violations(pa)
    pa.get_by_role("textbox", name="Your reply to Juno").fill(REPLY)
    pa.get_by_role("button", name="Acknowledge and send reply").click()
    expect(pa.get_by_test_id("acknowledged")).to_contain_text("Acknowledged by Fern Okoye")
    expect(pa.get_by_test_id("history")).to_contain_text(REPLY)
    assert_no_axe_violations(pa)

    expect(status).to_contain_text("Fern replied", timeout=LIVE)
    expect(status).to_contain_text(REPLY)
    assert_no_axe_violations(page)

    page.get_by_role("button", name="I'm OK now").click()
    told = page.get_by_test_id("help-told")
    expect(told).to_contain_text("You told Fern: I'm OK now")
    expect(told).to_contain_text("Sent. They may still get in touch to check you're OK.")
    expect(page.get_by_role("button", name="I'm OK now")).to_have_count(0)
    assert_no_axe_violations(page)

    pa.reload()
    update = pa.get_by_test_id("young-person-update")
    expect(update).to_contain_text(re.compile(r"Juno says: I'm OK now \(\d\d:\d\d\)"))
    expect(update).to_contain_text("This does not close it.")
    expect(pa.get_by_test_id("status")).to_have_text("Seen")  # nothing closed it
    assert_no_axe_violations(pa)
    pa.goto("/staff/views")
    row = pa.get_by_test_id("queue").locator("tbody tr").filter(has_text="from Juno")
    expect(row).to_contain_text("Juno says: I'm OK now")

    # The half-written problem is still a draft on the phone, never sent.
    page.goto(VIEWS)
    expect(page.get_by_test_id("drafts")).to_contain_text("Sort a problem")
    assert len(statements_for(staff_client(base_url, fern), juno.id)) == 1
