"""Issue 4's "Done when", with both sides in real Chromium: a young person's phone and their
PA's (and the team manager's) browsers. Views written offline reach the PA's queue once, in
priority order, and come back read and answered; "I need help now" made offline shows what
to do at once and, once sent, heads the PA's and the manager's queues with an alert. A PA
hands a statement to a named teammate."""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations, follow, tab
from e2e.people import staff_in_team
from e2e.server import StaffAccount
from e2e.test_my_views import (
    HELP,
    expect_states,
    how_i_feel,
    join_ready_for_offline,
    prepare_for_meeting,
    reopened_offline,
    rows,
)
from e2e.test_triage_queue import young_person

TEAM = "East leaving care team"


@dataclass
class Team:
    pa: StaffAccount
    manager: StaffAccount
    teammate: str  # a second PA's display name


@pytest.fixture(scope="module")
def team(base_url: str, data_dir: Path, admin: StaffAccount) -> Team:
    """A team of its own, so no other test's statements share these queues."""
    accounts = staff_in_team(
        base_url,
        data_dir,
        admin,
        TEAM,
        {
            "nia": ("Nia Bell", "personal_adviser"),
            "omar": ("Omar Reid", "personal_adviser"),
            "rhea": ("Rhea Cole", "team_manager"),
        },
    )
    return Team(accounts["nia"], accounts["rhea"], "Omar Reid")


def queue_rows(page: Page, name: str) -> Locator:
    """The rows of the queue on screen for statements from the young person `name`."""
    return page.get_by_test_id("queue").locator("tbody tr").filter(has_text=f"from {name}")


def expect_urgent_first(page: Page, name: str) -> None:
    first = page.get_by_test_id("queue").locator("tbody tr").first
    expect(first).to_contain_text("URGENT")
    expect(first).to_contain_text(f"from {name}")


def open_queue(context: BrowserContext) -> Page:
    page = context.new_page()
    page.goto("/staff/views")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statements for you")
    return page


def test_views_written_offline_reach_the_pas_browser_once_and_come_back_read_and_answered(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, team: Team
) -> None:
    join_ready_for_offline(page, base_url, team.pa, "Rowan")
    tab(page, "My views").click()
    context.set_offline(True)
    how_i_feel(page)  # written first, so only its priority can put the meeting above it
    page.get_by_role("link", name="Back to My views").click()
    prepare_for_meeting(page, date.today() + timedelta(days=5))

    page = reopened_offline(context, page)

    context.set_offline(False)
    expect_states(page, "Received")

    pa = open_queue(desktop(team.pa))
    mine = queue_rows(pa, "Rowan")
    expect(mine).to_have_count(2)  # each exactly once
    # The meeting in 5 days comes above how they feel, though it was written second.
    expect(mine.locator("a[data-statement]")).to_have_text(
        ["Prepare for my meeting from Rowan", "How I'm feeling from Rowan"]
    )
    expect(mine.nth(0)).to_contain_text("Meeting on")
    assert_no_axe_violations(pa)

    mine.nth(1).get_by_role("link").click()  # the PA opens how they feel: the read receipt
    expect(pa.get_by_role("heading", level=1)).to_have_text("How I'm feeling from Rowan")
    expect(pa.get_by_test_id("status")).to_have_text("Seen")
    page.reload()  # opening the app pulls
    feeling = rows(page).filter(has_text="How I'm feeling")
    meeting = rows(page).filter(has_text="Prepare for my meeting")
    expect(feeling.get_by_test_id("statement-state")).to_have_text("Read by Nia")
    expect(meeting.get_by_test_id("statement-state")).to_have_text("Received")
    assert_no_axe_violations(page)

    reply = "Thanks Rowan. Let's sort the rent out together on Monday."
    pa.get_by_label("Your reply").fill(reply)
    pa.get_by_role("button", name="Send reply").click()
    expect(pa.get_by_test_id("history")).to_contain_text(reply)

    context.set_offline(True)
    context.set_offline(False)  # coming online pulls
    expect(feeling.get_by_test_id("statement-state")).to_have_text("Replied")
    feeling.get_by_role("link").click()
    expect(page.get_by_test_id("replies")).to_contain_text(reply)

    context.set_offline(True)  # the reply stays readable offline
    page.reload()
    expect(page.get_by_test_id("reply")).to_contain_text("Nia")
    expect(page.get_by_test_id("replies")).to_contain_text(reply)
    assert_no_axe_violations(page)

    pa.goto("/staff/views")  # still exactly once each, after all that syncing
    expect(queue_rows(pa, "Rowan")).to_have_count(2)


def test_help_now_made_offline_shows_what_to_do_then_heads_the_pas_and_managers_queues(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, team: Team
) -> None:
    join_ready_for_offline(page, base_url, team.pa, "Skye")
    context.set_offline(True)
    page.get_by_role("button", name=HELP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help now")
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()
    expect(page.get_by_role("link", name="Call Childline on 0800 1111")).to_be_visible()
    expect(page.get_by_test_id("help-sent")).to_contain_text("Waiting to send to")

    context.set_offline(False)
    expect(page.get_by_test_id("help-sent")).to_contain_text("Sent to")

    for account in (team.pa, team.manager):
        queue = open_queue(desktop(account))
        expect_urgent_first(queue, "Skye")
        alert = queue.get_by_test_id("urgent-alerts").filter(has_text="Urgent:")
        expect(alert.get_by_role("link").filter(has_text="Skye")).to_be_visible()
        assert_no_axe_violations(queue)

    manager = queue
    follow(manager, "Team view")  # the manager's whole team, too
    expect_urgent_first(manager, "Skye")


def test_a_pa_hands_a_statement_to_a_named_teammate(
    base_url: str, desktop: StaffDesktop, team: Team
) -> None:
    ivy = young_person(base_url, team.pa, "Ivy")
    ivy.send("problem", answers={"text": "My laptop charger broke."})

    pa = open_queue(desktop(team.pa))
    queue_rows(pa, "Ivy").get_by_role("link").click()
    expect(pa.get_by_text("Nia Bell has it.")).to_be_visible()
    hand_to = pa.get_by_label("Hand it to a teammate")
    # Their own team only, not themselves, nobody from another team or council.
    expect(hand_to.locator("option")).to_have_text(["Choose a teammate", "Omar Reid", "Rhea Cole"])
    assert_no_axe_violations(pa)
    hand_to.select_option(label=team.teammate)
    pa.get_by_role("button", name="Hand it on").click()
    expect(pa.get_by_text(f"{team.teammate} has it.")).to_be_visible()
    expect(pa.get_by_label("Hand it to a teammate")).to_have_count(0)  # no longer theirs
    assert_no_axe_violations(pa)
