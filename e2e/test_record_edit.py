"""Correcting a young person's record: their PA changes the date of birth, sees the caseload
prompt to check the legal status of someone who is now 18, changes the status (with the day
it changed) and adds the pathway plan review date; the caseload shows the new age, status and
next key date. The edit page, with and without errors, passes axe at 1280 px and 390 px."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.conftest import DESKTOP, assert_no_axe_violations, follow
from e2e.people import add_young_person, sign_in_browser
from e2e.server import StaffAccount

PHONE_390 = {"width": 390, "height": 844}


def riverford_today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()  # Riverford's time zone


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def caseload_row(page: Page, name: str) -> Locator:
    page.goto("/staff")
    return page.get_by_test_id("caseload").get_by_role("row").filter(has_text=name)


def test_a_pa_corrects_birth_status_and_a_key_date_and_the_caseload_follows(
    browser: Browser, base_url: str, pa: StaffAccount
) -> None:
    today = riverford_today()
    born = today.replace(year=today.year - 18) - timedelta(days=10)
    changed_on = today - timedelta(days=3)
    review = today + timedelta(days=20)
    add_young_person(
        base_url, pa, "Tomasz", date_of_birth="2010-01-02", legal_status="looked_after"
    )
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    sign_in_browser(context, base_url, pa)
    page = context.new_page()

    row = caseload_row(page, "Tomasz")
    expect(row.get_by_role("cell").first).to_have_text(str(age_on(date(2010, 1, 2), today)))
    row.get_by_role("link", name="Tomasz").click()
    follow(page, "Change their details", "Change Tomasz's details")
    page.get_by_label("Date of birth").fill(born.isoformat())
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tomasz")
    expect(page.get_by_test_id("record")).to_contain_text(long_date(born))

    row = caseload_row(page, "Tomasz")
    expect(row.get_by_role("cell").first).to_have_text("18")
    prompt = row.get_by_role("link", name="Turned 18: check their legal status")
    expect(prompt).to_be_visible()
    assert_no_axe_violations(page)
    prompt.click()

    expect(page.get_by_text("They turned 18 on")).to_be_visible()
    page.get_by_label("Former relevant").check()
    page.get_by_label("Date their legal status changed").fill(changed_on.isoformat())
    page.get_by_role("button", name="Add a key date").click()
    page.get_by_label("Key date 1: what it is").select_option(label="Pathway plan review")
    page.get_by_label("Key date 1: date").fill(review.isoformat())
    page.get_by_role("button", name="Save changes").click()

    record = page.get_by_test_id("record")
    expect(record).to_contain_text(f"Former relevant since {long_date(changed_on)}")
    expect(record).to_contain_text("Looked after (date not known)")
    expect(record).to_contain_text(f"Pathway plan review: {long_date(review)}")
    row = caseload_row(page, "Tomasz")
    expect(row.get_by_role("cell").nth(1)).to_have_text("Former relevant")
    expect(row).to_contain_text(f"Pathway plan review: {long_date(review)}")
    expect(row.get_by_role("link", name="Turned 18: check their legal status")).to_have_count(0)
    expect(row.get_by_test_id("plan-review")).to_have_text(long_date(review))  # the plan's own
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["1280px", "390px"])
def test_the_edit_page_and_its_errors_are_accessible(
    browser: Browser, base_url: str, pa: StaffAccount, viewport: dict[str, int]
) -> None:
    person = add_young_person(base_url, pa, f"Axe{viewport['width']}")
    context = browser.new_context(base_url=base_url, viewport=viewport)
    sign_in_browser(context, base_url, pa)
    page = context.new_page()

    page.goto(f"/staff/young-people/{person.id}/edit")
    expect(page.get_by_label("Contact phone (optional)")).to_have_attribute("inputmode", "tel")
    assert_no_axe_violations(page)

    page.get_by_label("Contact phone (optional)").fill("call me")
    page.get_by_label("Case reference (optional)").fill("LCS-1")
    page.get_by_role("button", name="Save changes").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a phone number like 07700 900123")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Contact phone (optional)")).to_be_focused()
    assert_no_axe_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"

    page.goto(f"/staff/young-people/{person.id}")  # nothing was half-saved
    expect(page.get_by_test_id("record")).to_contain_text("Case reference")
    expect(page.get_by_test_id("record")).not_to_contain_text("LCS-1")
    context.close()
