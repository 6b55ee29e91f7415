"""Issue 5's "Done when", with both people in real Chromium: the PA sets up a plan from three
of the council's suggested tasks in their browser; the young person, offline, ticks one done
and adds a note to another, while the PA, online, moves that second task's due date; once the
phone reconnects both changes are there for both people, and the task's history on each side
shows both."""

from datetime import timedelta

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
