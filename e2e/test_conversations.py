"""Issue 13's conversations, both sides in real Chromium: a statement written offline is a
thread the young person rereads (their words fetched from the server), their PA (Alex) replies,
the young person sees it by name and opens it (Alex then sees "Seen at"), writes back offline,
and Alex sees the answer in the thread, in order. Ticks never say "Seen" before someone opened
it. After signing out nothing of the thread is left on the phone: not in IndexedDB, not in
Cache Storage."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations, tab
from e2e.outbox_store import stored
from e2e.people import staff_in_team
from e2e.server import StaffAccount
from e2e.test_my_views import how_i_feel, join_ready_for_offline, rows
from e2e.test_young_person_sign_in import PIN, sign_in

TEAM = "Quayside conversations team"
STATEMENT_WORDS = "Rent is hard this month."
REPLY = "Shall we sit down on Monday and look at your rent together?"
ANSWER = "Monday works for me. Thank you!"

# Every Cache Storage entry, with what it holds, as someone with devtools would see it.
READ_CACHES = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({ name, url: request.url, text: response ? await response.text() : "" });
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def alex(base_url: str, data_dir: Path, admin: StaffAccount) -> StaffAccount:
    """A PA of a team of their own, so no other test's statements share this queue."""
    accounts = staff_in_team(
        base_url, data_dir, admin, TEAM, {"alexquill": ("Alex Quill", "personal_adviser")}
    )
    return accounts["alexquill"]


def tick(bubble: Locator) -> Locator:
    return bubble.get_by_test_id("tick")


def open_statement_as_staff(context: BrowserContext, name: str) -> Page:
    page = context.new_page()
    page.goto("/staff/views")
    row = page.get_by_test_id("queue").locator("tbody tr").filter(has_text=f"from {name}")
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"How I'm feeling from {name}")
    return page


def test_a_statement_becomes_a_conversation_and_leaves_nothing_behind_at_sign_out(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, alex: StaffAccount
) -> None:
    person = join_ready_for_offline(page, base_url, alex, "Indigo")
    tab(page, "My views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My views")

    # Written with no signal: it waits, and says for whom.
    context.set_offline(True)
    how_i_feel(page)
    mine = page.get_by_test_id("my-statement")
    expect(mine).to_contain_text(STATEMENT_WORDS)
    expect(tick(mine)).to_have_text("Waiting to send to Alex")
    assert_no_axe_violations(page)

    context.set_offline(False)
    expect(page.get_by_test_id("statement-state")).to_have_text("Received")
    expect(tick(mine)).to_have_text("✓ Sent")  # not "Seen": nobody has opened it
    expect(page.get_by_test_id("statement-words")).to_contain_text(STATEMENT_WORDS)

    # Later: the words are no longer kept in the statement's copy, and come back from the
    # server when they reread it.
    page.goto("/c/riverford/views")
    rows(page).filter(has_text="How I'm feeling").get_by_role("link").click()
    expect(page.get_by_test_id("statement-words")).to_contain_text(STATEMENT_WORDS)
    expect(page.get_by_test_id("statement-to")).to_have_text("Sent to Alex")
    expect(page.get_by_role("heading", name="You and Alex")).to_be_visible()
    expect(tick(mine)).to_have_text("✓ Sent")
    assert all(row["body"] is None for row in stored(page)["statements"])

    # Alex opens it (the read receipt) and replies; the reply is "Sent", not seen yet.
    staff = desktop(alex)
    alex_page = open_statement_as_staff(staff, "Indigo")
    alex_page.get_by_label("Your reply").fill(REPLY)
    alex_page.get_by_role("button", name="Send reply").click()
    reply_entry = alex_page.get_by_test_id("history-reply")
    expect(reply_entry).to_contain_text(REPLY)
    expect(reply_entry.get_by_test_id("reply-seen")).to_have_text("Sent, not seen by Indigo yet")
    assert_no_axe_violations(alex_page)

    # The inbox says which statement the reply is about, and opens the thread.
    page.goto("/c/riverford/inbox")
    item = page.get_by_test_id("inbox-item").filter(has_text="Alex replied to")
    expect(item).to_contain_text(re.compile(r"Alex replied to “How I'm feeling” from \d+ \w+"))
    assert_no_axe_violations(page)
    item.get_by_role("link").click()

    # Opening the thread shows the reply by name, and tells the server it was seen.
    reply = page.get_by_test_id("reply")
    expect(reply).to_contain_text("Alex")
    expect(reply).to_contain_text(REPLY)
    expect(tick(mine)).to_have_text("✓✓ Seen by Alex")
    assert_no_axe_violations(page)
    alex_page.reload()
    expect(alex_page.get_by_test_id("reply-seen")).to_have_text(re.compile(r"^Seen at \d\d:\d\d$"))

    # They answer with no signal: it waits in the outbox, then goes exactly once.
    context.set_offline(True)
    page.get_by_label("Write back to Alex").fill(ANSWER)
    page.get_by_role("button", name="Send", exact=True).click()
    answer = page.get_by_test_id("my-message")
    expect(answer).to_contain_text(ANSWER)
    expect(tick(answer)).to_have_text("Waiting to send to Alex")
    assert_no_axe_violations(page)
    context.set_offline(False)
    expect(tick(answer)).to_have_text("✓ Sent")

    # Alex's queue flags the new message; the thread shows it after the reply, by name.
    alex_page.goto("/staff/views")
    row = alex_page.get_by_test_id("queue").locator("tbody tr").filter(has_text="from Indigo")
    expect(row.get_by_test_id("new-message")).to_have_text("New message from Indigo")
    assert_no_axe_violations(alex_page)
    row.get_by_role("link").first.click()
    history = alex_page.get_by_test_id("history").locator("li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text(REPLY)
    expect(history.nth(1)).to_contain_text("Indigo wrote back")
    expect(history.nth(1)).to_contain_text(ANSWER)
    expect(alex_page.get_by_test_id("answers")).to_contain_text(STATEMENT_WORDS)
    assert_no_axe_violations(alex_page)

    # Alex has read the answer: the young person's tick says so, by name.
    page.reload()
    expect(tick(page.get_by_test_id("my-message"))).to_have_text("✓✓ Seen by Alex")
    entries = page.get_by_test_id("replies").locator(":scope > li")
    expect(entries).to_have_count(3)
    expect(entries.nth(0)).to_contain_text(STATEMENT_WORDS)
    expect(entries.nth(1)).to_contain_text(REPLY)
    expect(entries.nth(2)).to_contain_text(ANSWER)
    everything = json.dumps(stored(page))
    assert STATEMENT_WORDS in everything  # kept while signed in
    assert ANSWER in everything

    page.goto("/c/riverford/sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(tab(page, "Sign in")).to_be_visible()

    assert_nothing_of_the_thread_left(page, person)

    # Signed in again, offline: the conversation reads from the pull (states, the reply, the
    # answer), and the words they first sent say where they are.
    sign_in(page, "indigo-views", PIN)
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Indigo")
    page.goto("/c/riverford/views")
    thread_link = rows(page).filter(has_text="How I'm feeling").get_by_role("link")
    expect(thread_link).to_have_count(1)
    context.set_offline(True)
    thread_link.click()
    expect(page.get_by_test_id("reply")).to_contain_text(REPLY)
    expect(page.get_by_test_id("my-message")).to_contain_text(ANSWER)
    expect(page.get_by_test_id("words-kept-safe")).to_have_text(
        "Your words are kept safe with Alex's team, not on this phone."
        " They'll show here when you're online."
    )
    assert_no_axe_violations(page)


def assert_nothing_of_the_thread_left(page: Page, person: str) -> None:
    everything = stored(page)
    words = json.dumps(everything)
    for said in (STATEMENT_WORDS, REPLY, ANSWER):
        assert said not in words, said
    for store in ("statements", "replies", "messages", "threads"):
        assert [row for row in everything[store] if row.get("owner") == person] == [], store
    cached: list[dict[str, Any]] = page.evaluate(READ_CACHES)
    for entry in cached:
        assert "/api/v1/my-views" not in entry["url"], entry["url"]
        assert "/api/v1/sync" not in entry["url"], entry["url"]
        for said in (STATEMENT_WORDS, REPLY, ANSWER):
            assert said not in entry["text"], (entry["name"], entry["url"])


def test_a_thread_with_a_team_names_the_team_only_where_its_label_reads_right(
    context: BrowserContext, page: Page, base_url: str, alex: StaffAccount
) -> None:
    """A team's label starts with a capital ("Your independent reviewing officer (IRO)"), so
    its thread says "Messages with: Your independent ..." and "Write a message", never "You and
    Your ...". (The IRO team: the triage queue tests count the participation team's queue.)"""
    join_ready_for_offline(page, base_url, alex, "Soraya")
    tab(page, "My views").click()
    context.set_offline(True)
    page.get_by_role("link", name="Share good news").click()
    page.get_by_label("What's your good news?").fill("I got the job at the bakery!")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Your independent reviewing officer (IRO)").check()
    page.get_by_role("button", name="Send").click()

    expect(
        page.get_by_role("heading", name="Messages with: Your independent reviewing officer (IRO)")
    ).to_be_visible()
    expect(tick(page.get_by_test_id("my-statement"))).to_have_text("Waiting to send")
    page.get_by_label("Write a message").fill("I start on Monday.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_have_text(
        "Saved. It goes as soon as you have internet."
    )
    assert_no_axe_violations(page)
    context.set_offline(False)
    expect(tick(page.get_by_test_id("my-statement"))).to_have_text("✓ Sent")
