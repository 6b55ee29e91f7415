"""The PA's side of pathway plans and the health passport: setting up a plan from the
council's suggested tasks (two clicks each), the review date, changing a task (every change
in its history, including one that replaced a value its sender had not seen), a note, the
server's refusal on the right field, the printed plan, the caseload at a glance with its
"needs attention" filter; the passport panel says "not shared" until the young person shares
it, and a PA can record a health assessment either way. axe on every new page."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations, follow
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_triage_queue import young_person

COUNCIL_ZONE = ZoneInfo("Europe/London")  # Riverford's time zone (content/riverford.yaml)


def council_today() -> date:
    return datetime.now(COUNCIL_ZONE).date()


def in_words(day: date) -> str:
    """A date as the app writes it: "5 December 2026"."""
    return f"{day.day} {day:%B %Y}"


def pick_templates(client: httpx.Client, count: int) -> list[dict[str, Any]]:
    """`count` of the council's suggested tasks from different domains, dated ones first."""
    response = client.get("/api/v1/task-templates")
    response.raise_for_status()
    templates = sorted(response.json()["templates"], key=lambda item: item["due_in_days"] is None)
    titles = [item["title"] for item in templates]
    chosen: dict[str, dict[str, Any]] = {}
    for template in templates:
        if titles.count(template["title"]) == 1:  # the test clicks it by its title
            chosen.setdefault(template["domain"], template)
    assert len(chosen) >= count, "the content pack needs templates in more domains"
    return list(chosen.values())[:count]


def plan_task(client: httpx.Client, person_id: str, title: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/young-people/{person_id}/plan")
    response.raise_for_status()
    task: dict[str, Any] = next(item for item in response.json()["tasks"] if item["title"] == title)
    return task


def edit_task(
    client: httpx.Client, person_id: str, task_id: str, base_version: int, **values: Any
) -> None:
    response = client.post(
        f"/api/v1/young-people/{person_id}/plan/tasks/{task_id}/edits",
        json={"op_id": str(uuid.uuid4()), "base_version": base_version, "set": values},
    )
    response.raise_for_status()


def test_a_pa_sets_up_a_plan_from_templates_and_changes_it(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    client = staff_client(base_url, pa)
    tamsin = add_young_person(base_url, pa, "Tamsin")
    odette = add_young_person(base_url, pa, "Odette")  # no plan: never "needs attention"
    templates = pick_templates(client, 3)
    today = council_today()

    page = desktop(pa).new_page()
    page.goto(f"/staff/young-people/{tamsin.id}")
    follow(page, "Pathway plan", "Tamsin's pathway plan")
    expect(page.get_by_text("No tasks yet.")).to_be_visible()
    assert_no_axe_violations(page)

    # The review date: ten days ago, so the plan is overdue for review.
    review = today - timedelta(days=10)
    page.get_by_label("Date of the next review").fill(review.isoformat())
    page.get_by_role("button", name="Save review date").click()
    expect(page.get_by_text("Review date saved.")).to_be_visible()
    expect(page.get_by_test_id("review-due")).to_contain_text(f"Next review: {in_words(review)}")
    expect(page.get_by_test_id("review-due")).to_contain_text("Overdue")

    # Three tasks from the council's suggestions: one click to pick, one to add.
    follow(page, "Add a task", "Add a task to Tamsin's plan")
    assert_no_axe_violations(page)
    for number, template in enumerate(templates):
        page.get_by_role("button", name=template["title"], exact=True).click()
        expect(page.get_by_role("heading", name="Check the task")).to_be_focused()
        expect(page.get_by_label("Task", exact=True)).to_have_value(template["title"])
        due = template["due_in_days"]
        due_on = (today + timedelta(days=due)).isoformat() if due is not None else ""
        expect(page.get_by_label("Due date (optional)")).to_have_value(due_on)
        if number == 0:
            assert_no_axe_violations(page)
        page.get_by_role("button", name="Add task", exact=True).click()
        expect(page.get_by_text(f"Added “{template['title']}” to the plan.")).to_be_visible()
    expect(page.get_by_text("(already in the plan)")).to_have_count(3)

    # Too long a title: the server refuses it, against the title.
    page.get_by_role("button", name="Start a blank task").click()
    page.get_by_label("Task", exact=True).fill("x" * 121)
    page.get_by_label("Area of the plan").select_option(label="Money")
    page.get_by_role("button", name="Add task", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the task, in 120 characters or fewer."]
    )
    expect(page.get_by_label("Task", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Choose a different task").click()

    page.get_by_role("link", name="Back to the plan").click()
    expect(page.get_by_test_id("plan-task")).to_have_count(3)
    for template in templates:
        expect(page.get_by_role("link", name=template["title"], exact=True)).to_be_visible()

    # Change the first task: a due date next week, and "in progress".
    first = templates[0]
    created = plan_task(client, tamsin.id, first["title"])
    page.get_by_role("link", name=first["title"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first["title"])
    assert_no_axe_violations(page)
    next_week = today + timedelta(days=7)
    page.get_by_label("Due date (optional)").fill(next_week.isoformat())
    page.get_by_label("Status", exact=True).select_option(label="In progress")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    history = page.get_by_test_id("history")
    before = f"from {in_words(date.fromisoformat(created['due_on']))} " if created["due_on"] else ""
    verb = "changed" if before else "set"
    expect(history).to_contain_text(
        f"Priya (Personal Adviser) {verb} the due date {before}to {in_words(next_week)}."
    )
    expect(history).to_contain_text(
        "Priya (Personal Adviser) changed the status from To do to In progress."
    )

    page.get_by_label("Add a note").fill("Bring your passport and a letter from us.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("notes")).to_contain_text(
        "Bring your passport and a letter from us."
    )
    expect(history).to_contain_text("Priya (Personal Adviser) added a note.")

    # A change sent from an older copy of the task (as from a phone that was offline): it
    # wins, and the history keeps the value it replaced.
    two_days_ago = today - timedelta(days=2)
    edit_task(client, tamsin.id, created["id"], created["version"], due_on=two_days_ago.isoformat())
    page.reload()
    expect(page.get_by_test_id("history")).to_contain_text(
        f"changed the due date to {in_words(two_days_ago)}, "
        f"and replaced {in_words(next_week)} that they had not seen."
    )
    expect(page.get_by_test_id("task-summary")).to_contain_text("Overdue")

    # The second task is done: the caseload counts it as done lately.
    second = plan_task(client, tamsin.id, templates[1]["title"])
    edit_task(client, tamsin.id, second["id"], second["version"], status="done")

    # The printed plan: the plan itself, without the page's controls.
    page.get_by_role("link", name="Back to the plan").click()
    expect(page.get_by_test_id("plan-task")).to_have_count(3)
    expect(page.get_by_test_id("plan-task").filter(has_text=first["title"])).to_contain_text(
        "Overdue"
    )
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Add a task")).to_be_hidden()
    expect(page.get_by_role("button", name="Save review date")).to_be_hidden()
    expect(page.get_by_role("button", name="Print", exact=True)).to_be_hidden()
    expect(page.get_by_test_id("plan-task").first).to_be_visible()
    expect(page.get_by_test_id("review-due")).to_be_visible()
    page.emulate_media(media="screen")

    # Caseload at a glance, and only those who need attention.
    page.goto("/staff")
    rows = page.get_by_test_id("caseload").get_by_role("row")
    row = rows.filter(has_text="Tamsin")
    expect(row.get_by_test_id("plan-review")).to_contain_text(in_words(review))
    expect(row.get_by_test_id("plan-review")).to_contain_text("Overdue")
    expect(row.get_by_test_id("overdue-tasks")).to_have_text("1")
    expect(row.get_by_test_id("done-recently")).to_have_text("1")
    expect(rows.filter(has_text=odette.preferred_name)).to_have_count(1)
    assert_no_axe_violations(page)
    page.get_by_label("Only show young people who need attention").check()
    expect(rows.filter(has_text="Tamsin")).to_have_count(1)
    expect(rows.filter(has_text=odette.preferred_name)).to_have_count(0)
    expect(page.get_by_test_id("caseload").locator("caption")).to_contain_text("need")


def push_passport(phone: httpx.Client, **values: Any) -> None:
    """Changes the passport as the phone's outbox would, based on the version it pulled."""
    pulled = phone.get("/api/v1/sync/pull", params={"since": 0})
    pulled.raise_for_status()
    passport = pulled.json().get("passport")
    item = {
        "id": str(uuid.uuid4()),
        "kind": "passport_edit",
        "created_at": datetime.now(UTC).isoformat(),
        "body": {"base_version": passport["version"] if passport else 0, "set": values},
    }
    response = phone.post("/api/v1/sync/push", json={"items": [item]})
    response.raise_for_status()
    assert response.json()["results"][0]["status"] == "accepted", response.text


def test_the_passport_panel_shows_only_what_is_shared(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    ifeoma = young_person(base_url, pa, "Ifeoma")
    client = staff_client(base_url, pa)
    page = desktop(pa).new_page()
    page.goto(f"/staff/young-people/{ifeoma.id}")
    follow(page, "Health passport", "Ifeoma's health passport")
    expect(page.get_by_test_id("passport-not-shared")).to_have_text(
        "Not shared. Ifeoma hasn't started a health passport."
    )
    assert_no_axe_violations(page)

    # The PA records a health assessment without consent: it gives them nothing back.
    page.get_by_role("button", name="Record the dates").click()
    expect(page.locator(".error-summary").get_by_role("link")).to_have_text(
        ["Enter the date of the last or the next health assessment."]
    )
    last = council_today() - timedelta(days=30)
    following = last + timedelta(days=365)
    page.get_by_label("Date of the last health assessment").fill(last.isoformat())
    page.get_by_label("Date of the next health assessment").fill(following.isoformat())
    page.get_by_role("button", name="Record the dates").click()
    expect(page.get_by_text("Health assessment dates recorded.")).to_be_visible()
    expect(page.get_by_test_id("passport-not-shared")).to_have_text(
        "Not shared. Ifeoma has a health passport but has not chosen to share it with you."
    )
    assert client.get(f"/api/v1/young-people/{ifeoma.id}/passport").status_code == 404
    assert client.get(f"/api/v1/young-people/{ifeoma.id}/passport/history").status_code == 404

    # Ifeoma fills in their GP and shares the passport: the PA sees it, read-only, with history.
    push_passport(ifeoma.client, gp_name="Riverside Surgery", allergies="Peanuts")
    push_passport(ifeoma.client, shared_with_pa=True)
    page.reload()
    expect(page.get_by_test_id("passport-not-shared")).to_have_count(0)
    expect(page.get_by_text("Riverside Surgery").first).to_be_visible()
    dates = page.get_by_test_id("passport-dates")
    expect(dates).to_contain_text(in_words(following))
    expect(dates).to_contain_text("recorded by Priya (Personal Adviser)")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Ifeoma set the GP to “Riverside Surgery”.")
    expect(history).to_contain_text(
        f"Priya (Personal Adviser) set the next health assessment to {in_words(following)}."
    )
    assert_no_axe_violations(page)

    # Ifeoma stops sharing: the panel says so again.
    push_passport(ifeoma.client, shared_with_pa=False)
    page.reload()
    expect(page.get_by_test_id("passport-not-shared")).to_contain_text("Not shared.")
    expect(page.get_by_text("Riverside Surgery")).to_have_count(0)
