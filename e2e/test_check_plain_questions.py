""" "What can I get?" asks plain questions and works out the legal status from them, on the
phone; a signed-in young person starts from what their PA recorded."""

from datetime import date
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, Request, expect

from e2e.conftest import assert_no_axe_violations, wait_for_service_worker
from e2e.demo_content import answer_after_age, answer_check, riverford, title
from e2e.people import add_young_person
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import join

CHECK = "/c/riverford/check"
UNIVERSITY = "Yes, at university"


def can_get_count(status: str, age: int) -> int:
    """How many of the demo council's items someone with this status and age (and nothing
    ticked) gets, counted from its pack."""

    def gets(rules: dict[str, Any] | None) -> bool:
        rules = rules or {}
        return (
            (not rules.get("statuses") or status in rules["statuses"])
            and age >= (rules.get("min_age") or 0)
            and age <= (rules.get("max_age") or 99)
            and not rules.get("conditions")
        )

    return sum(gets(item.get("eligibility")) for item in riverford()["offer"])


def can_get(page: Page) -> Locator:
    return page.get_by_role("region", name="Your results").get_by_role("list").first


def test_a_17_year_old_in_care_gets_what_an_eligible_young_person_gets(page: Page) -> None:
    sent: list[Request] = []
    page.goto(CHECK)
    page.on("request", lambda request: request.method != "GET" and sent.append(request))
    answer_check(page, "17")

    expect(page.get_by_test_id("status-term")).to_contain_text("the word for you is “Eligible”")
    count = can_get_count("eligible", 17)
    expect(page.get_by_test_id("can-get-count")).to_have_text(f"{count} things match your answers.")
    expect(can_get(page).get_by_role("link", name=title("personal-adviser"))).to_be_visible()
    expect(can_get(page).get_by_role("link", name=title("staying-put"))).to_be_visible()
    assert_no_axe_violations(page)
    assert sent == []  # the answers never leave the phone


def test_a_20_year_old_at_university_sees_education_items_and_not_what_they_aged_out_of(
    page: Page,
) -> None:
    page.goto(CHECK)
    answer_check(page, "20", left_care_at="17", study=UNIVERSITY)

    expect(page.get_by_test_id("status-term")).to_contain_text("“Former relevant”")
    for item in ("he-bursary", "laptop", "pep-after-16"):
        expect(can_get(page).get_by_role("link", name=title(item))).to_be_visible()
    no_longer = page.get_by_test_id("no-longer")
    expect(page.get_by_role("heading", name="No longer for you")).to_be_visible()
    expect(no_longer.get_by_role("link", name=title("independent-visitor"))).to_be_visible()
    assert_no_axe_violations(page)


def test_answers_that_cannot_all_be_true_are_explained(page: Page) -> None:
    page.goto(CHECK)
    answer_check(page, "12", left_care_at="16")

    message = "You can't have been in care after turning 14 if you're not 14 yet"
    expect(page.get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_role("heading", name="Your results")).to_have_count(0)
    assert_no_axe_violations(page)


def test_a_signed_in_young_person_starts_from_their_record(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    born = date(date.today().year - 17, 1, 1)  # 17 all year
    person = add_young_person(
        base_url, pa, "Bryn", date_of_birth=born.isoformat(), legal_status="eligible"
    )
    join(page, person.code, "bryn-check")
    page.goto(CHECK)

    record = page.get_by_test_id("pa-record")
    expect(page.get_by_role("group", name="Is this still right?")).to_be_visible()
    expect(record).to_contain_text("Eligible")
    expect(page.get_by_label("Are you in care now?")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_label("Yes, that's right").check()
    answer_after_age(page, None, "No")
    expect(page.get_by_test_id("status-term")).to_contain_text("Your PA has written down")
    count = can_get_count("eligible", 17)
    expect(page.get_by_test_id("can-get-count")).to_have_text(f"{count} things match your answers.")

    page.get_by_role("button", name="Change my answers").click()
    page.get_by_label("No, something has changed").check()
    expect(page.get_by_role("group", name="Are you in care now?")).to_be_visible()


def test_offline_a_signed_in_young_person_is_asked_the_plain_questions(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    """Their record is not kept on the phone, so with no signal the page asks instead."""
    person = add_young_person(base_url, pa, "Cass", date_of_birth="2009-01-01")
    join(page, person.code, "cass-check")
    page.goto(CHECK)
    expect(page.get_by_role("group", name="Is this still right?")).to_be_visible()
    wait_for_service_worker(page)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("group", name="Are you in care now?")).to_be_visible()
    expect(page.get_by_role("group", name="Is this still right?")).to_have_count(0)
    assert_no_axe_violations(page)
    context.set_offline(False)
