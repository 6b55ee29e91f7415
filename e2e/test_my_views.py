"""My views: statements written offline reach the PA once, come back read and answered, and
"I need help now" shows what to do at once, even offline."""

import json
import re
from datetime import date, timedelta

import httpx
from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import (
    assert_fits_320,
    assert_no_axe_violations,
    follow,
    tab,
    wait_for_cached,
    wait_for_service_worker,
)
from e2e.outbox_store import owned_by, put_statements, stored
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import PIN, join, sign_in

VIEWS = "/c/riverford/views"
COUNCIL_API = "/api/v1/councils/riverford"
HELP = "I don't feel safe / I need help now"


def join_with_code_ready_for_offline(page: Page, code: str, name: str) -> None:
    """The young person with this invite code joins; the app and the council's settings are
    kept for offline use."""
    join(page, code, f"{name.lower()}-views")
    expect(page.get_by_test_id("signed-in-as")).to_have_text(f"Signed in as {name}")
    wait_for_service_worker(page)
    page.reload()  # controlled now: the council's settings go through the service worker
    wait_for_cached(page, COUNCIL_API)


def join_ready_for_offline(page: Page, base_url: str, pa: StaffAccount, name: str) -> str:
    """A new young person joins, ready for offline use. Returns their id."""
    person = add_young_person(base_url, pa, name)
    join_with_code_ready_for_offline(page, person.code, name)
    return person.id


def statements_for(client: httpx.Client, person: str) -> list[dict[str, object]]:
    page = client.get("/api/v1/statements", params={"young_person_id": person}).json()
    items: list[dict[str, object]] = page["items"]
    return items


def rows(page: Page) -> Locator:
    return page.get_by_test_id("statement")


def expect_states(page: Page, state: str) -> None:
    """Every view on the My views list says `state`."""
    for row in rows(page).all():
        expect(row.get_by_test_id("statement-state")).to_have_text(state)


def reopened_offline(context: BrowserContext, page: Page) -> Page:
    """The app closed and opened again with no signal, after two views were written: both
    wait on the phone. The new page."""
    page.close()
    page = context.new_page()
    page.goto(VIEWS)
    expect(rows(page)).to_have_count(2)
    expect_states(page, "Saved on this phone")
    return page


def prepare_for_meeting(page: Page, when: date) -> None:
    follow(page, "Prepare for my meeting")
    expect(page.get_by_test_id("who-sees")).to_contain_text("your personal adviser")
    page.get_by_label("My pathway plan review").check()
    page.get_by_label("When is it?").fill(when.isoformat())
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("What's going well?").fill("College is going well.")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()  # skipped
    page.get_by_label("I want to speak for myself").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Your personal adviser")).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("statement-state")).to_have_text("Saved on this phone")


def how_i_feel(page: Page) -> None:
    page.get_by_role("link", name="How I'm feeling").click()
    page.get_by_role("radio", name="Good", exact=True).check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Money").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Anything else you want to say?").fill("Rent is hard this month.")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("statement-state")).to_have_text("Saved on this phone")
    assert_no_axe_violations(page)


def test_views_written_offline_reach_the_pa_once_and_come_back_read_and_answered(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = join_ready_for_offline(page, base_url, pa, "Robin")
    tab(page, "My views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My views")
    assert_no_axe_violations(page)

    context.set_offline(True)
    prepare_for_meeting(page, date.today() + timedelta(days=3))
    page.get_by_role("link", name="Back to My views").click()
    how_i_feel(page)

    page = reopened_offline(context, page)
    assert_no_axe_violations(page)

    context.set_offline(False)  # sent, then pulled back as received
    expect_states(page, "Received")
    pa_api = staff_client(base_url, pa)
    queue = statements_for(pa_api, person)
    assert [item["type"] for item in queue] == ["meeting", "feeling"]  # the meeting is soon
    feeling = str(queue[1]["id"])

    pa_api.get(f"/api/v1/statements/{feeling}").raise_for_status()  # the PA opens it
    page.reload()  # opening the app pulls
    feeling_row = rows(page).filter(has_text="How I'm feeling")
    expect(feeling_row.get_by_test_id("statement-state")).to_have_text("Read by Priya")

    reply = "Thanks Robin. Let's look at your rent on Monday."
    pa_api.post(f"/api/v1/statements/{feeling}/replies", json={"text": reply}).raise_for_status()
    context.set_offline(True)
    context.set_offline(False)  # coming online pulls
    expect(feeling_row.get_by_test_id("statement-state")).to_have_text("Replied")
    feeling_row.get_by_role("link").click()
    expect(page.get_by_test_id("replies")).to_contain_text(reply)
    # Opened online, the words come back from the server (kept while signed in; decision 006).
    expect(page.get_by_test_id("statement-words")).to_contain_text("Rent is hard this month.")
    assert_no_axe_violations(page)
    # Received, so the statement's copy has no words; the meeting, never opened, is nowhere.
    assert all(row["body"] is None for row in owned_by(page, "statements", person))
    assert "College is going well." not in json.dumps(stored(page))
    assert {row["type"] for row in owned_by(page, "statements", person)} == {"meeting", "feeling"}

    context.set_offline(True)  # replies stay readable offline
    page.reload()
    expect(page.get_by_test_id("reply")).to_contain_text("Priya")
    expect(page.get_by_test_id("replies")).to_contain_text(reply)
    assert len(statements_for(pa_api, person)) == 2  # still exactly once each


def test_help_now_shows_what_to_do_at_once_offline_then_goes_first_in_the_queue(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = join_ready_for_offline(page, base_url, pa, "Ash")
    council = httpx.get(base_url + COUNCIL_API).json()
    out_of_hours = council["views"]["out_of_hours"]

    context.set_offline(True)
    page.get_by_role("button", name=HELP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help now")
    expect(page.get_by_test_id("help-sent")).to_contain_text("Waiting to send to")
    for name, href in [
        ("Call 999", "tel:999"),
        ("Call Childline on 0800 1111", "tel:08001111"),
        ("Call Samaritans on 116 123", "tel:116123"),
        ("Text SHOUT to 85258", "sms:85258?body=SHOUT"),
    ]:
        expect(page.get_by_role("link", name=name)).to_have_attribute("href", href)
    phone = out_of_hours["phone"]
    expect(page.get_by_role("link", name=f"Call {phone}")).to_have_attribute(
        "href", "tel:" + re.sub(r"[^0-9+]", "", phone)
    )
    assert_no_axe_violations(page)

    context.set_offline(False)
    expect(page.get_by_test_id("help-sent")).to_contain_text("Sent to")
    assert_no_axe_violations(page)
    queue = statements_for(staff_client(base_url, pa), person)
    assert len(queue) == 1
    assert queue[0]["urgent"] is True
    assert queue[0]["urgent_reason"] == "asked_for_help"
    mine = staff_client(base_url, pa).get("/api/v1/statements").json()["items"]
    assert mine[0]["urgent"] is True
    assert mine[0]["acknowledged"] is False


def test_drafts_survive_a_reload_and_a_refused_statement_does_not_block_others(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    offer = httpx.get(f"{base_url}{COUNCIL_API}/offer").json()["items"][0]
    page.goto(f"/c/riverford/offer/{offer['id']}")  # signed out: asking leads to signing in
    expect(page.get_by_role("link", name="Sign in to ask your PA about this")).to_have_attribute(
        "href", "/c/riverford/sign-in"
    )
    person = join_ready_for_offline(page, base_url, pa, "Kit")
    page.goto(f"/c/riverford/offer/{offer['id']}")
    follow(page, "Ask my PA about this", "Ask about something")
    expect(page.get_by_text(f"About: {offer['title']}")).to_be_visible()
    question = page.get_by_label("What do you want to ask?")
    expect(question).to_have_value(f"Can you tell me more about “{offer['title']}”? ")
    question.fill("x" * 10_001)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert")).to_contain_text("This is too long")
    expect(page).to_have_title(re.compile(r"^Error: Ask about something"))
    assert_no_axe_violations(page)
    question.fill("Can I get this while I'm at college?")
    page.reload()  # the draft was saved as it was typed
    expect(page.get_by_label("What do you want to ask?")).to_have_value(
        "Can I get this while I'm at college?"
    )

    # A statement the server refuses (a meeting date that can't be right), among good ones.
    context.set_offline(True)
    bad, *good = put_statements(
        page, person, [{"text": "x" * 10_001}, {"text": "first"}, {"text": "second"}]
    )
    page.goto(VIEWS)
    expect(page.get_by_test_id("drafts")).to_contain_text("Ask about something")
    context.set_offline(False)
    refused = page.locator(f"a[href$='{bad}']").locator("xpath=..")
    expect(refused.get_by_test_id("statement-state")).to_contain_text("Not sent:")
    for ok in good:
        row = page.locator(f"a[href$='{ok}']").locator("xpath=..")
        expect(row.get_by_test_id("statement-state")).to_have_text("Received")
    assert_no_axe_violations(page)
    assert len(statements_for(staff_client(base_url, pa), person)) == 2

    assert_fits_320(page, [VIEWS, f"{VIEWS}/sent/{bad}", f"{VIEWS}/new/meeting", f"{VIEWS}/help"])


def test_on_a_shared_phone_one_person_never_sees_or_sends_anothers_views(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    first = join_ready_for_offline(page, base_url, pa, "Lee")
    context.set_offline(True)
    page.goto(VIEWS)
    page.get_by_role("link", name="Share good news").click()
    page.get_by_label("What's your good news?").fill("I got the job!")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("statement-state")).to_have_text("Saved on this phone")
    context.set_offline(False)
    expect(page.get_by_test_id("statement-state")).to_have_text("Received")
    pa_api = staff_client(base_url, pa)
    sent = str(statements_for(pa_api, first)[0]["id"])
    reply = "Brilliant news, Lee!"
    pa_api.post(f"/api/v1/statements/{sent}/replies", json={"text": reply}).raise_for_status()
    page.reload()
    expect(page.get_by_test_id("replies")).to_contain_text(reply)
    expect(page.get_by_test_id("statement-words")).to_contain_text("I got the job!")

    # Something left unfinished: signing out warns, and keeps it locked to Lee.
    page.goto(f"{VIEWS}/new/problem")
    page.get_by_label("What's the problem?").fill("My bike was stolen")
    page.goto(VIEWS)
    expect(page.get_by_test_id("drafts")).to_contain_text("Sort a problem")
    page.goto("/c/riverford/sign-out")
    expect(page.get_by_test_id("sign-out-drafts")).to_have_text(
        "1 thing you started writing isn't finished. It stays on this phone, and only you"
        " can open it when you sign in again."
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign out anyway").click()
    expect(tab(page, "Sign in")).to_be_visible()
    # What the server keeps anyway is gone from the phone; the draft stays.
    assert owned_by(page, "statements", first) == []
    assert owned_by(page, "replies", first) == []
    assert owned_by(page, "threads", first) == []
    assert "I got the job!" not in json.dumps(stored(page))
    assert first not in stored(page)["meta"].get("pullCursors", {})
    assert len(owned_by(page, "drafts", first)) == 1

    page.goto(VIEWS)  # signed out: asked to sign in, nothing shown
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to see your views")
    assert_no_axe_violations(page)
    second = join_ready_for_offline(page, base_url, pa, "Mo")
    page.goto(VIEWS)
    expect(page.get_by_text("Nothing yet.")).to_be_visible()
    expect(rows(page)).to_have_count(0)
    expect(page.get_by_test_id("drafts")).to_have_count(0)
    assert reply not in json.dumps(stored(page))
    assert statements_for(staff_client(base_url, pa), second) == []
    assert len(statements_for(staff_client(base_url, pa), first)) == 1

    # Lee signs in again on the same phone: the state and the reply come back from the server.
    page.goto("/c/riverford/sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(tab(page, "Sign in")).to_be_visible()
    sign_in(page, "lee-views", PIN)
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Lee")
    page.goto(VIEWS)
    expect(rows(page)).to_have_count(1)
    expect(rows(page).get_by_test_id("statement-state")).to_have_text("Replied")
    expect(page.get_by_test_id("drafts")).to_contain_text("Sort a problem")
    rows(page).get_by_role("link").click()
    expect(page.get_by_test_id("replies")).to_contain_text(reply)
    expect(page.get_by_test_id("statement-words")).to_contain_text("I got the job!")
    assert_no_axe_violations(page)


def test_delete_everything_on_this_phone_says_what_is_lost_then_empties_it(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = join_ready_for_offline(page, base_url, pa, "Sky")
    refused = put_statements(page, person, [{"text": "x" * 10_001}])  # stays unsent
    page.goto(f"{VIEWS}/new/good_news")
    page.get_by_label("What's your good news?").fill("A surprise for Sam")
    page.goto(VIEWS)
    expect(page.get_by_test_id("drafts")).to_contain_text("Share good news")
    refused_row = page.locator(f"a[href$='{refused[0]}']").locator("xpath=..")
    expect(refused_row).to_contain_text("Not sent:")

    page.goto("/c/riverford/devices")
    follow(page, "Delete everything Harbour keeps on this phone", "Delete everything on this phone")
    loses = page.get_by_test_id("phone-loses")
    expect(loses).to_contain_text("1 unfinished thing someone was writing on this phone")
    expect(loses).to_contain_text("1 thing saved on this phone but not sent yet will be lost")
    assert_no_axe_violations(page)
    follow(page, "Keep everything", "Your devices")  # changing one's mind keeps it all
    assert len(owned_by(page, "drafts", person)) == 1

    # A cache that is not public content (none exists today; a later one must go too).
    page.evaluate("caches.open('harbour-personal').then((c) => c.put('/me', new Response('Sky')))")
    page.get_by_role("link", name="Delete everything Harbour keeps on this phone").click()
    page.get_by_role("button", name="Delete everything").click()
    expect(page).to_have_url(f"{base_url}/c/riverford")
    expect(tab(page, "Sign in")).to_be_visible()
    everything = stored(page)
    assert everything.pop("meta") == {"council": "riverford"}  # the home page just shown
    stores = ["answers", "drafts", "outbox", "replies", "statements"]
    stores += ["tasks", "plans", "passport", "history", "messages", "threads"]
    assert everything == {name: [] for name in stores}
    caches = page.evaluate("caches.keys()")
    assert "harbour-content" in caches
    assert all(name.startswith("workbox-precache") or name == "harbour-content" for name in caches)
