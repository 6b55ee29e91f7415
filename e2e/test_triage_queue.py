"""The PA's and the manager's side of "My views": statements sent through the real push API
by signed-in young people reach the PA's queue in priority order; the PA opens one (the read
receipt), moves it on, replies (the young person's pull then has it), adds a note (never in
pull) and acknowledges an urgent one; the manager's team view shows an unassigned team
statement and an overdue one and reassigns; urgent alerts; keyboard shortcuts; axe."""

import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import DESKTOP, StaffDesktop, assert_no_axe_violations, follow
from e2e.people import add_young_person, sign_in_browser, staff_in_team
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import PIN

NARROW = {"width": 320, "height": 640}


@dataclass
class Team:
    pa: StaffAccount
    manager: StaffAccount
    cover_name: str  # a second PA in the team, for cover


@dataclass
class YoungPersonClient:
    id: str
    name: str
    client: httpx.Client

    def send(self, type: str, **body: Any) -> str:
        """Pushes one statement as the phone's outbox would; returns its id."""
        item_id = str(uuid.uuid4())
        item = {
            "id": item_id,
            "kind": "statement",
            "created_at": datetime.now(UTC).isoformat(),
            "body": {"type": type, "recipient": "pa", "urgent": False, "answers": {}} | body,
        }
        response = self.client.post("/api/v1/sync/push", json={"items": [item]})
        response.raise_for_status()
        assert response.json()["results"][0]["status"] == "accepted", response.text
        return item_id

    def pull(self) -> dict[str, Any]:
        response = self.client.get("/api/v1/sync/pull", params={"since": 0})
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture(scope="module")
def team(base_url: str, data_dir: Path, admin: StaffAccount) -> Team:
    """A PA, a second PA and their manager, all in Riverford's participation team, so the
    team's own statements and the PA's both reach the manager's team view."""
    people = {
        "tess": ("Tess Ward", "personal_adviser"),
        "theo": ("Theo Hart", "personal_adviser"),
        "mona": ("Mona Lind", "team_manager"),
    }
    accounts = staff_in_team(base_url, data_dir, admin, "Participation team", people)
    return Team(accounts["tess"], accounts["mona"], "Theo Hart")


def young_person(base_url: str, pa: StaffAccount, name: str) -> YoungPersonClient:
    """A young person on `pa`'s caseload, joined and signed in on their 'phone'."""
    person = add_young_person(base_url, pa, name)
    client = httpx.Client(base_url=base_url)
    me = client.post(
        "/api/v1/auth/join",
        json={
            "code": person.code,
            "username": f"{name.lower()}-{uuid.uuid4().hex[:6]}",
            "secret": {"kind": "pin", "pin": PIN},
        },
    )
    me.raise_for_status()
    client.headers["X-CSRF-Token"] = me.json()["csrf_token"]
    return YoungPersonClient(person.id, name, client)


def statement_links(page: Page) -> list[str]:
    return page.get_by_test_id("queue").locator("a[data-statement]").all_inner_texts()


def move_due(data_dir: Path, statement_id: str, due: Callable[[datetime], datetime]) -> None:
    """Changes a statement's due time (as stored) to `due(stored due time)`."""
    with sqlite3.connect(data_dir / "harbour.db") as db:
        (stored,) = db.execute(
            "SELECT due_at FROM statement WHERE id = ?", (uuid.UUID(statement_id).hex,)
        ).fetchone()
        db.execute(
            "UPDATE statement SET due_at = ? WHERE id = ?",
            (due(datetime.fromisoformat(stored)).isoformat(sep=" "), uuid.UUID(statement_id).hex),
        )


def due_ago(data_dir: Path, statement_id: str, ago: timedelta) -> None:
    """Makes a statement due `ago` before now (stored as the server stores times: UTC)."""
    now = datetime.now(UTC)
    move_due(data_dir, statement_id, lambda due: (now - ago).replace(tzinfo=due.tzinfo))


def test_the_pa_triages_their_queue(desktop: StaffDesktop, base_url: str, team: Team) -> None:
    jade = young_person(base_url, team.pa, "Jade")
    jade.send("feeling", answers={"feeling": 4, "topics": ["home"], "text": "Settling in ok."})
    meeting = jade.send(
        "meeting",
        answers={
            "meeting_kind": "lac_review",
            "meeting_date": (date.today() + timedelta(days=3)).isoformat(),
            "going_well": "College is going well.",
            "want_to_happen": "Visits with my brother every month.",
            "chair_or_speak": "speak",
        },
    )
    jade.send("problem", answers={"text": "My bus pass ran out."})
    jade.send("feeling", urgent=True, answers={"feeling": 1, "text": "Please call me."})

    page = desktop(team.pa).new_page()
    page.goto("/staff")
    follow(page, "My views: statements", "Statements for you")
    # Urgent first, then the meeting in 3 days, then the rest, oldest first.
    expect(page.get_by_test_id("queue").locator("a[data-statement]")).to_have_count(4)
    assert statement_links(page) == [
        "How I'm feeling from Jade",
        "Prepare for my meeting from Jade",
        "How I'm feeling from Jade",
        "Sort a problem from Jade",
    ]
    first_row = page.get_by_test_id("queue").locator("tbody tr").first
    expect(first_row).to_contain_text("URGENT")
    expect(first_row).to_contain_text(re.compile(r"(\d+ minutes?|1 hour) left to respond"))
    expect(first_row).to_contain_text("Tess Ward")
    alert = page.get_by_test_id("urgent-alerts").filter(
        has_text="Urgent: 1 statement needs acknowledging"
    )
    expect(alert).to_be_visible()
    expect(alert.get_by_role("link")).to_contain_text("Jade")
    assert_no_axe_violations(page)

    # Keyboard: j/k move between statements, Enter opens, ? shows the list.
    page.keyboard.press("?")
    expect(page.get_by_test_id("shortcut-list")).to_be_visible()
    expect(page.get_by_role("heading", name="Keyboard shortcuts")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator("a[data-statement]").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("How I'm feeling from Jade")
    expect(page.get_by_role("heading", level=1)).to_be_focused()  # loaded: shortcuts stay put
    expect(page.get_by_test_id("answers")).to_contain_text("Really bad")
    expect(page.get_by_test_id("status")).to_have_text("Seen")  # opening it is the read receipt
    assert_no_axe_violations(page)
    page.keyboard.press("a")
    expect(page.get_by_role("button", name="Acknowledge only")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("acknowledged")).to_contain_text("Acknowledged by Tess Ward on")
    expect(page.get_by_test_id("urgent-alerts")).to_be_empty()
    assert_no_axe_violations(page)

    page.keyboard.press("u")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Statements for you")
    expect(page.get_by_test_id("queue").locator("tbody tr").first).to_contain_text(
        "URGENT (acknowledged)"
    )
    # The loaded page puts focus on its heading; moving before that would be undone by it.
    expect(heading).to_be_focused()
    rows = page.locator("a[data-statement]")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prepare for my meeting from Jade")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    answers = page.get_by_test_id("answers")
    expect(answers).to_contain_text("Looked-after review")
    expect(answers).to_contain_text("Visits with my brother every month.")
    expect(answers).to_contain_text("They want to speak for themselves")

    page.keyboard.press("s")
    status = page.get_by_label("Move it on")
    expect(status).to_be_focused()
    status.select_option(label="In progress")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_test_id("status")).to_have_text("In progress")
    status.select_option(label="New")  # backwards: the server's refusal lands on the field
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#status-choice-error")).to_contain_text("cannot go back")
    assert_no_axe_violations(page)

    page.keyboard.press("r")
    reply = page.get_by_label("Your reply")
    expect(reply).to_be_focused()
    expect(page.get_by_text("Jade will see this reply in their Harbour app.")).to_be_visible()
    reply.fill("x" * 10_001)  # too long: the server's 422 lands on the reply
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#reply-text-error")).to_contain_text("10,000 characters or fewer")
    assert_no_axe_violations(page)
    reply.fill("")
    reply.press_sequentially("Thanks Jade, just keep going")  # j and k typed here move nothing
    expect(page.get_by_role("heading", level=1)).to_have_text("Prepare for my meeting from Jade")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_test_id("history")).to_contain_text("Thanks Jade, just keep going")

    expect(page.get_by_text("Only staff see notes. Jade never sees them.")).to_be_visible()
    page.get_by_label("Your note").fill("Call the school about the review.")
    page.get_by_role("button", name="Add note").click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Internal note (staff only)")
    expect(history).to_contain_text("Call the school about the review.")
    assert_no_axe_violations(page)

    pulled = jade.pull()
    assert [reply["text"] for reply in pulled["replies"]] == ["Thanks Jade, just keep going"]
    assert "Call the school" not in str(pulled)
    state = next(item for item in pulled["statements"] if item["id"] == meeting)
    assert (state["status"], state["read_by"]) == ("replied", "Tess")

    # Filters live in the address (ids and fixed words only) and survive a reload.
    page.goto("/staff/views")
    page.get_by_label("Type").select_option(label="Sort a problem")
    page.get_by_label("Young person").select_option(label="Jade")
    page.get_by_role("button", name="Show statements").click()
    expect(page).to_have_url(re.compile(rf"young_person_id={jade.id}&type=problem"))
    assert "Jade" not in page.url
    page.reload()
    expect(page.get_by_test_id("queue").locator("a[data-statement]")).to_have_count(1)
    expect(page.get_by_label("Type")).to_have_value("problem")
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page)


def test_the_manager_covers_the_team_and_both_get_the_alert(
    desktop: StaffDesktop, base_url: str, data_dir: Path, team: Team
) -> None:
    kai = young_person(base_url, team.pa, "Kai")
    late = kai.send("problem", answers={"text": "Nobody fixed the heating."})
    due_ago(data_dir, late, timedelta(days=2))  # whatever day of the week the test runs
    kai.send("good_news", recipient="participation", answers={"text": "I joined the council!"})
    kai.send("ask", urgent=True, answers={"question": "Can someone call me today?"})

    pa_page = desktop(team.pa).new_page()
    pa_page.goto("/staff")
    expect(pa_page.get_by_test_id("urgent-alerts").filter(has_text="Kai")).to_be_visible()

    page = desktop(team.manager).new_page()
    page.goto("/staff/views")
    alert = page.get_by_test_id("urgent-alerts").filter(has_text="Urgent:")
    expect(alert.get_by_role("link").filter(has_text="Kai")).to_be_visible()
    follow(page, "Team view")
    rows = page.get_by_test_id("queue").locator("tbody tr")
    expect(rows.first).to_contain_text("A question from Kai")
    expect(rows.first).to_contain_text("URGENT")
    expect(rows.filter(has_text="Good news from Kai")).to_contain_text("Nobody yet")
    overdue = rows.filter(has_text="Sort a problem from Kai")
    expect(overdue).to_contain_text(re.compile(r"Overdue by \d+ (hours|days?)"))
    assert_no_axe_violations(page)

    page.get_by_label("Response time").select_option(label="Overdue only")
    page.get_by_role("button", name="Show statements").click()
    expect(page).to_have_url(re.compile(r"/staff/views/team\?overdue=true"))
    expect(rows.filter(has_text="Sort a problem from Kai")).to_have_count(1)
    expect(rows.filter(has_text="Good news from Kai")).to_have_count(0)

    overdue.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sort a problem from Kai")
    expect(page.get_by_test_id("clock")).to_contain_text("Overdue by")
    expect(page.get_by_text("Tess Ward has it.")).to_be_visible()
    page.get_by_label("Assign it to").select_option(label=team.cover_name)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text(f"{team.cover_name} has it.")).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Back to statements").click()  # to the filtered team view
    expect(page).to_have_url(re.compile(r"/staff/views/team\?overdue=true$"))
    expect(page.get_by_label("Response time")).to_have_value("true")

    # The PA takes the team's unclaimed statement from their own queue, then gives it back.
    pa_page.goto("/staff/views")
    pa_page.get_by_role("link", name="Good news from Kai").click()
    expect(pa_page.get_by_text("Nobody has taken it yet.")).to_be_visible()
    pa_page.get_by_role("button", name="Take it").click()
    expect(pa_page.get_by_text("Tess Ward has it.")).to_be_visible()
    pa_page.get_by_role("button", name="Give it back to the team").click()
    expect(pa_page.get_by_text("Nobody has taken it yet.")).to_be_visible()
    assert_no_axe_violations(pa_page)


def test_the_queue_comes_in_pages_that_keep_their_filters(
    desktop: StaffDesktop, base_url: str, team: Team
) -> None:
    lee = young_person(base_url, team.pa, "Lee")
    for number in range(26):
        lee.send("good_news", answers={"text": f"Good thing number {number}."})

    page = desktop(team.pa).new_page()
    page.goto(f"/staff/views?young_person_id={lee.id}")
    rows = page.get_by_test_id("queue").locator("a[data-statement]")
    expect(rows).to_have_count(25)
    expect(page.get_by_text("26 statements (page 1 of 2)")).to_be_visible()
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(rf"young_person_id={lee.id}&page=2$"))
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id("queue")).to_contain_text("Good thing number 25.")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Previous page").click()
    expect(rows).to_have_count(25)


def council_times(zone: str, start: datetime, end: datetime) -> str:
    """A pattern for the HH:MM a clock in `zone` showed at some moment from `start` to `end`."""
    minutes = int((end - start).total_seconds() // 60) + 2
    shown = {
        (start + timedelta(minutes=n)).astimezone(ZoneInfo(zone)).strftime("%H:%M")
        for n in range(minutes)
    }
    return "(" + "|".join(sorted(shown)) + ")"


def test_the_queue_row_says_who_answered_and_when_and_the_clock_stops(
    browser: Browser, base_url: str, data_dir: Path, team: Team
) -> None:
    rae = young_person(base_url, team.pa, "Rae")
    in_time = rae.send("ask", answers={"question": "Can I get help with my CV?"})
    late = rae.send("problem", answers={"text": "My phone contract is wrong."})
    closed = rae.send("good_news", answers={"text": "I passed my theory test."})
    due_ago(data_dir, late, timedelta(hours=2, minutes=5))
    zone = httpx.get(f"{base_url}/api/v1/councils/riverford").json()["time_zone"]

    # The PA's computer is set to New York: the queue still shows the council's times.
    context = browser.new_context(
        base_url=base_url, viewport=DESKTOP, timezone_id="America/New_York"
    )
    sign_in_browser(context, base_url, team.pa)
    page = context.new_page()
    page.goto(f"/staff/views?young_person_id={rae.id}")
    rows = page.get_by_test_id("queue").locator("tbody tr")
    ask_row = rows.filter(has_text="A question from Rae")
    late_row = rows.filter(has_text="Sort a problem from Rae")
    expect(ask_row.get_by_test_id("clock")).to_contain_text("left to respond")
    expect(late_row.get_by_test_id("clock")).to_have_text("Overdue by 2 hours")

    start = datetime.now(UTC)
    for statement, text in (
        (in_time, "Yes, bring it on Thursday."),
        (late, "Sorry, I'll ring them."),
    ):
        page.goto(f"/staff/views/{statement}")
        page.get_by_label("Your reply").fill(text)
        page.get_by_role("button", name="Send reply").click()
        expect(page.get_by_test_id("history")).to_contain_text(text)
    page.goto(f"/staff/views/{closed}")
    page.get_by_label("Move it on").select_option(label="Done")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_test_id("status")).to_have_text("Done")
    expect(page.get_by_test_id("clock")).to_contain_text("Answered at")
    times = council_times(zone, start, datetime.now(UTC))

    page.goto(f"/staff/views?young_person_id={rae.id}")
    expect(ask_row.get_by_test_id("clock")).to_have_text(
        re.compile(rf"^Answered at {times} by Tess$")
    )
    expect(late_row.get_by_test_id("clock")).to_have_text("Overdue, answered 2 hours late")
    expect(rows.filter(has_text="Good news from Rae")).to_have_count(0)  # Done leaves the queue
    assert_no_axe_violations(page)

    page.goto(f"/staff/views?young_person_id={rae.id}&status=done")
    done_row = rows.filter(has_text="Good news from Rae")
    expect(done_row.get_by_test_id("clock")).to_have_text(
        re.compile(rf"^Answered at {times} by Tess$")
    )
    assert_no_axe_violations(page)
    context.close()
