"""Issue 5's "Done when", with both people in real Chromium: the PA sets up a plan from three
of the council's suggested tasks in their browser; the young person, offline, ticks one done
and adds a note to another, while the PA, online, moves that second task's due date; once the
phone reconnects both changes are there for both people, and the task's history on each side
shows both. A tick made offline keeps the phone's time, and the PA's history names who did
what."""

import re
from datetime import datetime, timedelta

from playwright.sync_api import BrowserContext, Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_my_plan import PLAN, task_row
from e2e.test_my_views import join_with_code_ready_for_offline
from e2e.test_staff_plan import council_today, in_words, pick_templates


def pa_adds_from_templates(page: Page, titles: list[str]) -> None:
    page.get_by_role("link", name="Add a task").click()
    for title in titles:
        page.get_by_role("button", name=title, exact=True).click()
        page.get_by_role("button", name="Add task", exact=True).click()
        expect(page.get_by_text(f"Added “{title}” to the plan.")).to_be_visible()
    page.get_by_role("link", name="Back to the plan").click()
    expect(page.get_by_test_id("plan-task")).to_have_count(len(titles))


def test_offline_tick_and_note_and_the_pas_online_due_date_all_survive_for_both(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Marley")
    first, second, third = (
        template["title"] for template in pick_templates(staff_client(base_url, pa), 3)
    )

    pa_page = desktop(pa).new_page()
    pa_page.goto(f"/staff/young-people/{person.id}")
    pa_page.get_by_role("link", name="Pathway plan").click()
    pa_adds_from_templates(pa_page, [first, second, third])

    join_with_code_ready_for_offline(page, person.code, "Marley")
    page.goto(PLAN)
    expect(page.get_by_test_id("task")).to_have_count(3)

    context.set_offline(True)
    page.get_by_role("link", name=first, exact=True).click()
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")
    page.get_by_role("link", name="Back to My plan").click()
    page.get_by_role("link", name=second, exact=True).click()
    note = "My carer says she can take me on Tuesday."
    page.get_by_label("Add a note").fill(note)
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("notes")).to_contain_text(note)
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")

    # Meanwhile, in the PA's browser: the second task's due date moves.
    moved_to = council_today() + timedelta(days=45)
    pa_page.get_by_role("link", name=second, exact=True).click()
    pa_page.get_by_label("Due date (optional)").fill(moved_to.isoformat())
    pa_page.get_by_role("button", name="Save changes").click()
    expect(pa_page.get_by_text("Changes saved.")).to_be_visible()

    context.set_offline(False)  # the phone sends, then pulls
    page.goto(PLAN)
    expect(page.get_by_test_id("task-unsent")).to_have_count(0)
    expect(page.get_by_test_id("group-done")).to_contain_text(first)
    expect(task_row(page, second)).to_contain_text(in_words(moved_to))
    page.get_by_role("link", name=second, exact=True).click()
    expect(page.get_by_test_id("notes")).to_contain_text(note)
    phone_history = page.get_by_test_id("history")
    expect(phone_history).to_contain_text("Priya changed when it's due")
    expect(phone_history).to_contain_text("You added a note.")
    assert_no_axe_violations(page)

    # The PA's browser, after a reload: the note, the date, and both in the history.
    pa_page.reload()
    expect(pa_page.get_by_test_id("notes")).to_contain_text(note)
    expect(pa_page.get_by_test_id("task-summary")).to_contain_text(in_words(moved_to))
    pa_history = pa_page.get_by_test_id("history")
    expect(pa_history).to_contain_text("Marley added a note.")
    expect(pa_history).to_contain_text(f"to {in_words(moved_to)}.")
    assert_no_axe_violations(pa_page)
    pa_page.get_by_role("link", name="Back to the plan").click()
    done = pa_page.get_by_test_id("plan-task").filter(has_text=first)
    expect(done).to_contain_text("Done")


def shown_times(start: datetime, end: datetime) -> str:
    """A pattern for the H:MM this machine's clock (the browsers' zone) showed between
    `start` and `end`."""
    minutes = int((end - start).total_seconds() // 60) + 2
    return "|".join(
        sorted({(start + timedelta(minutes=n)).strftime("%-H:%M") for n in range(minutes)})
    )


def test_a_tick_made_offline_keeps_the_phones_time_and_the_pa_sees_names(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Ezra")
    (title,) = (template["title"] for template in pick_templates(staff_client(base_url, pa), 1))
    pa_page = desktop(pa).new_page()
    pa_page.goto(f"/staff/young-people/{person.id}")
    pa_page.get_by_role("link", name="Pathway plan").click()
    pa_adds_from_templates(pa_page, [title])

    # The phone ticks it while offline; it reaches Harbour 40 minutes later (its clock is
    # set back, as if it had waited that long for a signal).
    # Joining happens on the phone's true clock; the plan page then loads with it set back.
    behind = timedelta(minutes=40)
    join_with_code_ready_for_offline(page, person.code, "Ezra")
    page.clock.install(time=datetime.now() - behind)
    page.goto(PLAN)
    context.set_offline(True)
    ticked_from = datetime.now() - behind
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_test_id("sync-state")).to_contain_text("Saved on this phone")
    ticked = shown_times(ticked_from, datetime.now() - behind)
    context.set_offline(False)
    page.goto(PLAN)
    expect(page.get_by_test_id("task-unsent")).to_have_count(0)
    arrived = shown_times(ticked_from + behind, datetime.now())

    pa_page.get_by_role("link", name=title, exact=True).click()
    expect(pa_page.get_by_test_id("task-summary")).to_contain_text("Priya (Personal Adviser)")
    entry = pa_page.get_by_test_id("history").locator("li").last
    expect(entry).to_contain_text("Ezra changed the status from To do to Done.")
    expect(entry).to_contain_text(re.compile(rf"at ({ticked}) \(arrived .* at ({arrived})\)"))
    assert_no_axe_violations(pa_page)

    page.get_by_role("link", name=title, exact=True).click()  # the phone says it was sent later
    expect(page.get_by_test_id("history")).to_contain_text(re.compile(rf"at ({ticked}) \(sent "))
    expect(page.get_by_test_id("history")).to_contain_text("You changed")
    assert_no_axe_violations(page)
