"""A council admin reads the audit trail: a real table, filtered by who, what and dates,
all from the keyboard."""

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, expect

from e2e.conftest import DESKTOP, assert_no_axe_violations, follow
from e2e.people import add_young_person
from e2e.server import StaffAccount
from e2e.test_staff import staff_sign_in


def test_an_admin_filters_the_audit_trail_by_who_what_and_when(
    browser: Browser, base_url: str, admin: StaffAccount, pa: StaffAccount
) -> None:
    added = add_young_person(base_url, pa, "Audit")  # something for Priya to have done
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = context.new_page()
    staff_sign_in(page, admin.username, admin.passphrase, admin.recovery_codes.pop())
    expect(page.get_by_role("heading", level=1)).to_have_text("Everyone in your council")
    follow(page, "Audit trail")

    table = page.get_by_role("table", name="Audit events, newest first")
    expect(table.get_by_role("columnheader")).to_have_text(["When", "Who", "What", "Record"])
    expect(table.get_by_role("row").nth(1)).to_be_visible()

    # From the keyboard: choose "what", then Enter in a date field sends the form.
    page.get_by_label("What").focus()
    page.get_by_label("What").select_option(label="Added a young person")
    page.keyboard.press("Tab")
    expect(page.get_by_label("From")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Audit events, newest first")).to_be_focused()
    rows = table.locator("tbody tr")
    expect(rows.first).to_contain_text("Added a young person")
    for what in rows.locator("td:nth-child(3)").all_inner_texts():
        assert what == "Added a young person"
    expect(rows.first.locator("td").nth(1)).to_have_text("Priya Shah")
    # The record is named, not "Young person 1a2b3c4d"; its id is there on hover.
    record = rows.first.locator("td").nth(3)
    expect(record).to_have_text("Audit")
    expect(record.get_by_title(f"Id: {added.id}")).to_have_text("Audit")
    assert_no_axe_violations(page)

    page.get_by_label("What").select_option(label="Anything")
    page.get_by_label("Who").select_option(label="Priya Shah")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_test_id("audit-count")).to_have_text(re.compile(r"^Showing \d+ events?\.$"))
    # The table is redrawn when the answer comes: wait until it holds only Priya's events.
    expect(rows.locator("td:nth-child(2)").filter(has_not_text="Priya Shah")).to_have_count(0)
    expect(rows.first).to_be_visible()

    tomorrow = date.today() + timedelta(days=1)
    page.get_by_label("From").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_test_id("audit-count")).to_have_text("Nothing matches.")

    page.get_by_label("To").fill(date.today().isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("The “to” date must be on or after")
    context.close()
