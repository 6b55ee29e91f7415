"""My plan, My health passport and the calendar, on the young person's phone: ticking a task
off, adding a note and adding their own task with no signal; editing the passport offline
and choosing whether their PA may see it; a private calendar link made, replaced and
stopped. The PA's side is set up through the staff API."""

import re
import uuid
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import assert_fits_320, assert_no_axe_violations, follow, tab
from e2e.outbox_store import outbox_count, owned_by
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_my_views import join_with_code_ready_for_offline

PLAN = "/c/riverford/plan"
HEALTH = "/c/riverford/health"
CALENDAR = "/c/riverford/calendar"
NHS_NUMBER = "943 476 5919"  # the check digit is right


def young_person_path(person: str, rest: str = "") -> str:
    return f"/api/v1/young-people/{person}{rest}"


def add_pa_task(client: httpx.Client, person: str, title: str, domain: str, due: date) -> str:
    """A task the PA adds to the young person's plan; returns its id."""
    task_id = str(uuid.uuid4())
    body = {"id": task_id, "title": title, "domain": domain, "owner": "pa", "due_on": str(due)}
    response = client.post(young_person_path(person, "/plan/tasks"), json=body)
    assert response.status_code == 201, response.text
    return task_id


def plan_of(client: httpx.Client, person: str) -> dict[str, Any]:
    response = client.get(young_person_path(person, "/plan"))
    response.raise_for_status()
    plan: dict[str, Any] = response.json()
    return plan


def task_in(plan: dict[str, Any], title: str) -> dict[str, Any]:
    task: dict[str, Any] = next(one for one in plan["tasks"] if one["title"] == title)
    return task


def task_row(page: Page, title: str) -> Locator:
    return page.get_by_test_id("task").filter(has=page.get_by_role("link", name=title, exact=True))


def test_my_plan_offline_tick_off_note_and_own_task_reach_the_pa(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    pa_api = staff_client(base_url, pa)
    person = add_young_person(base_url, pa, "Tayo")
    today = date.today()
    bank = add_pa_task(pa_api, person.id, "Open a bank account", "money", today - timedelta(1))
    dentist = add_pa_task(
        pa_api, person.id, "Register with a dentist", "health", today + timedelta(10)
    )
    open_day = add_pa_task(
        pa_api, person.id, "Go to the college open day", "eet", today + timedelta(20)
    )
    join_with_code_ready_for_offline(page, person.code, "Tayo")

    tab(page, "My plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")
    expect(page.get_by_test_id("group-overdue")).to_contain_text("Open a bank account")
    coming_up = page.get_by_test_id("group-coming-up")
    expect(coming_up.get_by_test_id("task")).to_have_count(2)
    expect(coming_up.get_by_test_id("task").first).to_contain_text("Register with a dentist")
    expect(page.get_by_test_id("group-done")).to_contain_text("Nothing ticked off yet")
    assert_no_axe_violations(page)

    context.set_offline(True)
    # Tick one off on its page.
    follow(page, "Register with a dentist")
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_role("button", name="Done", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")
    # The buttons' colours fade for 0.15 s: axe looks once they have settled.
    expect(page.get_by_role("button", name="Done", exact=True)).to_have_css(
        "background-color", "rgb(11, 79, 92)"
    )
    expect(page.get_by_role("button", name="To do")).to_have_css(
        "background-color", "rgb(255, 255, 255)"
    )
    assert_no_axe_violations(page)
    # A note on another.
    page.get_by_role("link", name="Back to My plan").click()
    page.get_by_role("link", name="Go to the college open day").click()
    page.get_by_label("Add a note").fill("I've booked a place for Saturday.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("notes")).to_contain_text("I've booked a place for Saturday.")
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")
    # And one of their own, after a mistake.
    page.get_by_role("link", name="Back to My plan").click()
    follow(page, "Add something to my plan")
    page.get_by_role("button", name="Add to my plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Write what you want to do")
    expect(page.get_by_role("alert")).to_contain_text("Choose what it's about")
    assert_no_axe_violations(page)
    page.get_by_label("What do you want to do?").fill("Learn to cook three meals")
    page.get_by_label("What's it about?").select_option(label="Everyday skills")
    page.get_by_role("button", name="Add to my plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn to cook three meals")
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")

    # Meanwhile the PA, online, moves the open day.
    new_due = today + timedelta(27)
    version = task_in(plan_of(pa_api, person.id), "Go to the college open day")["version"]
    moved = pa_api.post(
        young_person_path(person.id, f"/plan/tasks/{open_day}/edits"),
        json={"op_id": str(uuid.uuid4()), "base_version": version, "set": {"due_on": str(new_due)}},
    )
    assert moved.status_code == 200, moved.text

    page.close()  # closed and opened again, still offline: everything is still there
    page = context.new_page()
    page.goto(PLAN)
    expect(page.get_by_test_id("task")).to_have_count(4)
    expect(page.get_by_test_id("group-done")).to_contain_text("Register with a dentist")
    expect(page.get_by_test_id("task-unsent")).to_have_count(3)
    assert outbox_count(page) == 3
    assert_no_axe_violations(page)

    context.set_offline(False)  # sent, then pulled back
    expect(page.get_by_test_id("task-unsent")).to_have_count(0)
    expect(task_row(page, "Go to the college open day")).to_contain_text(
        f"{new_due.day} {new_due:%B %Y}"
    )
    plan = plan_of(pa_api, person.id)
    assert task_in(plan, "Register with a dentist")["status"] == "done"
    open_day_task = task_in(plan, "Go to the college open day")
    assert open_day_task["due_on"] == str(new_due)
    assert [note["text"] for note in open_day_task["notes"]] == [
        "I've booked a place for Saturday."
    ]
    own = task_in(plan, "Learn to cook three meals")
    assert (own["created_by"], own["owner"], own["domain"]) == (
        "young_person",
        "young_person",
        "skills",
    )
    assert task_in(plan, "Open a bank account")["id"] == bank
    assert task_in(plan, "Register with a dentist")["id"] == dentist
    history = pa_api.get(young_person_path(person.id, f"/plan/tasks/{open_day}/history"))
    fields = [
        (entry["by"]["kind"], change["field"])
        for entry in history.json()["history"]
        for change in entry["changes"]
    ]
    assert ("staff", "due_on") in fields
    assert ("young_person", "note") in fields

    # The young person sees who changed what.
    page.get_by_role("link", name="Go to the college open day").click()
    expect(page.get_by_test_id("history")).to_contain_text("Priya changed when it's due")
    expect(page.get_by_test_id("history")).to_contain_text("You added a note.")
    assert_no_axe_violations(page)

    # A change the PA makes later is pointed out until the young person has looked at it.
    bank_version = task_in(plan_of(pa_api, person.id), "Open a bank account")["version"]
    pa_api.post(
        young_person_path(person.id, f"/plan/tasks/{bank}/edits"),
        json={
            "op_id": str(uuid.uuid4()),
            "base_version": bank_version,
            "set": {"status": "in_progress"},
        },
    ).raise_for_status()
    page.goto(PLAN)  # opening the app pulls
    expect(task_row(page, "Open a bank account").get_by_test_id("task-changed")).to_have_text(
        "Priya changed this"
    )
    task_row(page, "Open a bank account").get_by_role("link").click()
    expect(page.get_by_test_id("changed-by-staff")).to_contain_text("Priya changed this")
    expect(page.get_by_test_id("task-status")).to_have_text("Doing it")
    page.get_by_role("link", name="Back to My plan").click()
    expect(page.get_by_test_id("task")).to_have_count(4)
    expect(page.get_by_test_id("task-changed")).to_have_count(0)
    page.get_by_role("button", name="Mark as done “Open a bank account”").click()
    expect(page.get_by_test_id("plan-ticked")).to_be_focused()
    expect(page.get_by_test_id("plan-ticked")).to_contain_text(
        "“Open a bank account” is ticked off"
    )
    expect(page.get_by_test_id("group-done")).to_contain_text("Open a bank account")
    expect(page.get_by_test_id("group-overdue")).to_contain_text("Nothing is overdue")
    assert_no_axe_violations(page)

    # Printing leaves only the plan.
    page.goto(PLAN)
    expect(page.get_by_test_id("task")).to_have_count(4)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print my plan")).to_be_hidden()
    expect(page.get_by_role("link", name="Add something to my plan")).to_be_hidden()
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_test_id("group-done")).to_contain_text("Open a bank account")
    page.emulate_media(media="screen")

    assert_fits_320(page, [PLAN, f"{PLAN}/tasks/{open_day}", f"{PLAN}/new"])

    # Signing out forgets the plan (the server has it); the next sign-in pulls it back.
    page.goto("/c/riverford/sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(tab(page, "Sign in")).to_be_visible()
    assert owned_by(page, "tasks", person.id) == []
    assert owned_by(page, "history", person.id) == []


def test_passport_edited_offline_and_shared_only_when_the_young_person_chooses(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    pa_api = staff_client(base_url, pa)
    person = add_young_person(base_url, pa, "Jules")
    next_check = date.today() + timedelta(40)
    recorded = pa_api.post(
        young_person_path(person.id, "/passport/health-assessments"),
        json={"op_id": str(uuid.uuid4()), "next": str(next_check)},
    )
    assert recorded.status_code == 200, recorded.text
    join_with_code_ready_for_offline(page, person.code, "Jules")
    passport_api = young_person_path(person.id, "/passport")
    assert pa_api.get(passport_api + "/sharing").json() == {"exists": True, "shared": False}
    assert pa_api.get(passport_api).status_code == 404

    follow(page, "My health passport")
    expect(page.get_by_test_id("sharing-state")).to_contain_text("Not shared")
    expect(page.get_by_test_id("section-dates")).to_contain_text("Added by Priya")
    expect(page.get_by_test_id("history")).to_contain_text("Priya set Next health check to")
    assert_no_axe_violations(page)

    context.set_offline(True)
    follow(page, "Change Doctor, dentist and optician", "Doctor, dentist and optician")
    page.get_by_label("Doctor's surgery (GP)").fill("Riverside Surgery")
    page.get_by_label("GP phone number").fill("call me")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a phone number")
    assert_no_axe_violations(page)
    page.get_by_label("GP phone number").fill("01632 960 111")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My health passport")
    expect(page.get_by_test_id("section-contacts")).to_contain_text("Riverside Surgery")
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")

    page.get_by_role("link", name="Change NHS number").click()
    page.get_by_label("NHS number").fill("943 476 5910")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("isn't a real NHS number")
    assert_no_axe_violations(page)
    page.get_by_label("NHS number").fill(NHS_NUMBER)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("section-nhs")).to_contain_text(NHS_NUMBER)

    page.get_by_label("Share my health passport with my PA").check()
    expect(page.get_by_test_id("sharing-state")).to_contain_text("Shared with your PA")
    assert pa_api.get(passport_api).status_code == 404  # still only on the phone
    page.close()
    page = context.new_page()
    page.goto(HEALTH)
    expect(page.get_by_test_id("section-nhs")).to_contain_text(NHS_NUMBER)
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")
    assert_no_axe_violations(page)

    context.set_offline(False)
    expect(page.get_by_test_id("sync-state")).not_to_contain_text("Saved on this phone")
    shared = pa_api.get(passport_api)
    assert shared.status_code == 200, shared.text
    passport = shared.json()
    assert (passport["gp_name"], passport["gp_phone"]) == ("Riverside Surgery", "01632 960 111")
    assert passport["nhs_number"] == NHS_NUMBER.replace(" ", "")
    assert passport["health_assessment_next"] == str(next_check)

    page.get_by_label("Share my health passport with my PA").uncheck()
    expect(page.get_by_test_id("sharing-state")).to_contain_text("Not shared")
    expect(page.get_by_test_id("sync-state")).to_contain_text("Sent")
    assert pa_api.get(passport_api).status_code == 404
    expect(page.get_by_test_id("history")).to_contain_text(
        "You changed sharing with your PA from “yes” to “no”."
    )
    assert pa_api.get(passport_api + "/sharing").json() == {"exists": True, "shared": False}

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print my health passport")).to_be_hidden()
    expect(page.get_by_label("Share my health passport with my PA")).to_be_hidden()
    expect(page.get_by_test_id("section-nhs")).to_contain_text(NHS_NUMBER)
    page.emulate_media(media="screen")
    assert_fits_320(
        page, [HEALTH, *(f"{HEALTH}/edit/{s}" for s in ["contacts", "nhs", "notes", "dates"])]
    )
    for section in ["notes", "dates"]:
        page.goto(f"{HEALTH}/edit/{section}")
        assert_no_axe_violations(page)


def calendar_at(base_url: str, url: str) -> httpx.Response:
    """The feed at `url`, asked for without any session (a calendar app has none)."""
    return httpx.get(base_url + urlsplit(url).path)


def test_calendar_link_made_replaced_and_stopped_and_dates_added_one_by_one(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    pa_api = staff_client(base_url, pa)
    person = add_young_person(base_url, pa, "Dee")
    next_check = date.today() + timedelta(30)
    pa_api.post(
        young_person_path(person.id, "/passport/health-assessments"),
        json={"op_id": str(uuid.uuid4()), "next": str(next_check)},
    ).raise_for_status()
    join_with_code_ready_for_offline(page, person.code, "Dee")

    page.goto(HEALTH)
    add = page.get_by_role("link", name="Add to calendar Next health check")
    expect(add).to_be_visible()
    one = page.request.get(str(add.get_attribute("href")))
    assert one.status == 200
    assert one.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Harbour: appointment" in one.text()
    assert f"DTSTART;VALUE=DATE:{next_check:%Y%m%d}" in one.text()

    follow(page, "Put your dates in your phone's calendar", "Dates in your calendar")
    expect(page.get_by_test_id("calendar-private")).to_contain_text("Harbour: appointment")
    expect(page.get_by_test_id("feed-state")).to_contain_text("You don't have a calendar link yet")
    expect(page.get_by_test_id("calendar-events")).to_contain_text("Next health check")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_label("Your calendar link")
    expect(link).to_have_value(re.compile(r"/calendar/[^/]+\.ics$"))
    first = link.input_value()
    expect(page.get_by_test_id("feed-state")).to_contain_text("You have a calendar link")
    assert_no_axe_violations(page)
    feed = calendar_at(base_url, first)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Harbour: appointment" in feed.text
    assert person.preferred_name not in feed.text

    page.get_by_role("button", name="Make a new link").click()
    expect(link).not_to_have_value(first)
    second = link.input_value()
    assert calendar_at(base_url, first).status_code == 404
    assert calendar_at(base_url, second).status_code == 200

    page.get_by_role("button", name="Stop my calendar link").click()
    expect(page.get_by_test_id("calendar-done")).to_contain_text("stopped working")
    expect(page.get_by_test_id("feed-state")).to_contain_text("You don't have a calendar link yet")
    expect(page.get_by_test_id("feed-link")).to_have_count(0)
    assert calendar_at(base_url, second).status_code == 404
    page.reload()
    expect(page.get_by_test_id("feed-state")).to_contain_text("You don't have a calendar link yet")
    assert_no_axe_violations(page)
    assert_fits_320(page, [CALENDAR])
