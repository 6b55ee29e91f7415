"""Take the README's screenshots from a real server with the demo content.

Usage (from the repository root, after `make build`): .venv/bin/python -m e2e.screenshots
(add file names, e.g. quick-exit-phone.png, to take only those).
"""

import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from pathlib import Path

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, demo_accounts, demo_staff, tab
from e2e.demo_content import answer_check, title
from e2e.people import add_young_person, sign_in_browser
from e2e.server import ROOT, StaffAccount, running_server
from e2e.test_help_now import LIVE
from e2e.test_my_views import HELP
from e2e.test_young_person_sign_in import fill_join, join

OUT = ROOT / "docs" / "screenshots"


def fill_check(page: Page) -> None:
    answer_check(page, "17", left_care_at="16")
    # the results at the top, down to how many things match (above the tab bar)
    page.get_by_role("heading", name="Your results").evaluate(
        "h2 => h2.scrollIntoView({block: 'start'})"
    )


def answer_offline(page: Page) -> None:
    page.context.set_offline(True)
    page.get_by_role("button", name="Partly").first.click()
    page.get_by_test_id("outbox-count").wait_for()
    page.evaluate("window.scrollTo(0, 0)")  # show the offline notice and the unsent count


def offer_passkey(page: Page, base_url: str, data_dir: Path) -> None:
    """Join with a demo PA's invite code, up to the offer of a passkey."""
    pa = demo_staff(data_dir, "riverford", "personal_adviser")
    fill_join(page, add_young_person(base_url, pa, "Jordan").code, "jordan-harbour")
    page.get_by_role("button", name="Add a passkey").wait_for()


def how_i_feel(page: Page, base_url: str, data_dir: Path) -> None:
    """A young person's "How I'm feeling", its first screen, with an answer chosen."""
    pa = demo_staff(data_dir, "riverford", "personal_adviser")
    join(page, add_young_person(base_url, pa, "Robin").code, "robin-harbour")
    tab(page, "My views").click()
    page.get_by_role("link", name="How I'm feeling").click()
    page.get_by_role("radio", name="Good", exact=True).check()
    page.get_by_role("heading", level=1).evaluate("h1 => h1.scrollIntoView({block: 'start'})")


def draft_in_editor(page: Page) -> None:
    """The content editor with an unpublished change and its preview beside the form."""
    page.get_by_role("link", name=title("starting-work-fund")).click()
    page.get_by_label("Amount in pounds").fill("175")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_test_id("offer-preview").wait_for()
    # the end of the form ("Draft saved") at the top, the preview below it
    page.get_by_label("Last checked").evaluate("field => field.scrollIntoView({block: 'start'})")


def fill_queue(page: Page, base_url: str, data_dir: Path) -> None:
    """The demo young people send statements from their phones; the PA's queue then shows
    them, urgent first, with the alert above."""
    today = datetime.now(UTC)
    sent: dict[str, list[tuple[str, bool, dict[str, object]]]] = {
        "jordan": [
            ("problem", False, {"text": "My bus pass ran out and I can't get to college."}),
            ("good_news", False, {"text": "I passed my driving theory test!"}),
        ],
        "mia": [
            (
                "meeting",
                False,
                {
                    "meeting_kind": "lac_review",
                    "meeting_date": (date.today() + timedelta(days=4)).isoformat(),
                    "going_well": "I like my new school.",
                },
            ),
            ("feeling", True, {"feeling": 1, "text": "I don't feel safe at home tonight."}),
        ],
    }
    for account in demo_accounts(data_dir):
        if account["council"] != "riverford" or account["role"] != "young_person":
            continue
        phone = httpx.Client(base_url=base_url)
        me = phone.post(
            "/api/v1/auth/young-person/sign-in",
            json={
                "council": "riverford",
                "username": account["sign_in"]["username"],
                "secret": account["sign_in"]["pin"],
            },
        )
        me.raise_for_status()
        phone.headers["X-CSRF-Token"] = me.json()["csrf_token"]
        items = [
            {
                "id": str(uuid.uuid4()),
                "kind": "statement",
                "created_at": today.isoformat(),
                "body": {"type": kind, "recipient": "pa", "urgent": urgent, "answers": answers},
            }
            for kind, urgent, answers in sent[account["sign_in"]["username"]]
        ]
        pushed = phone.post("/api/v1/sync/push", json={"items": items})
        pushed.raise_for_status()
        phone.close()
    page.set_viewport_size({"width": DESKTOP["width"], "height": 1100})  # the whole queue
    page.reload()
    page.get_by_test_id("queue").wait_for()
    page.get_by_test_id("urgent-alerts").get_by_role("link").wait_for()


def sign_in_jordan(page: Page, data_dir: Path) -> None:
    """Signs demo Jordan in on the phone."""
    account = next(
        one
        for one in demo_accounts(data_dir)
        if one["council"] == "riverford" and one["sign_in"]["username"] == "jordan"
    )
    signed_in = page.request.post(
        "/api/v1/auth/young-person/sign-in",
        data={"council": "riverford", "username": "jordan", "secret": account["sign_in"]["pin"]},
    )
    assert signed_in.ok, signed_in.text()


def demo_young_person(page: Page, data_dir: Path, path: str, ready: str, start: str) -> None:
    """Demo Jordan, signed in on the phone (their plan and passport come from the demo), the
    page scrolled to the heading `start`."""
    sign_in_jordan(page, data_dir)
    page.goto(path)
    page.get_by_text(ready).first.wait_for()  # pulled: the page shows the demo's plan or passport
    page.get_by_role("heading", name=start).evaluate("h => h.scrollIntoView({block: 'start'})")


def demo_plan_for_staff(page: Page) -> None:
    """The demo PA's view of Jordan's pathway plan (the page is signed in as the PA)."""
    people = page.request.get("/api/v1/young-people").json()["young_people"]
    jordan = next(person for person in people if person["preferred_name"] == "Jordan")
    page.set_viewport_size({"width": DESKTOP["width"], "height": 1100})
    page.goto(f"/staff/young-people/{jordan['id']}/plan")
    page.get_by_test_id("plan-task").first.wait_for()
    tasks = page.get_by_role("heading", name="Tasks")
    tasks.evaluate("h2 => h2.scrollIntoView({block: 'start'})")


def demo_record_for_staff(page: Page) -> None:
    """The demo PA correcting Jordan's record: name, birth, legal status and key dates."""
    people = page.request.get("/api/v1/young-people").json()["young_people"]
    jordan = next(person for person in people if person["preferred_name"] == "Jordan")
    page.set_viewport_size({"width": DESKTOP["width"], "height": 1300})
    page.goto(f"/staff/young-people/{jordan['id']}/edit")
    page.get_by_role("button", name="Save changes").wait_for()


def pa_desktop(page: Page, base_url: str, data_dir: Path) -> Page:
    """Demo PA Alex, signed in on a desktop beside the phone `page`."""
    browser = page.context.browser
    assert browser is not None
    return new_context(browser, base_url, data_dir, "personal_adviser", False).new_page()


def conversation(page: Page, base_url: str, data_dir: Path) -> None:
    """Jordan's bus pass problem (sent for the queue's screenshot) as a thread: Alex replies,
    Jordan reads it and writes back, Alex reads that, and both ticks say "Seen by Alex"."""
    sign_in_jordan(page, data_dir)
    page.goto("/c/riverford/views")
    page.get_by_test_id("statement").filter(has_text="Sort a problem").get_by_role("link").click()
    page.get_by_test_id("statement-words").get_by_text("bus pass").wait_for()
    statement = page.url.rsplit("/", 1)[1]
    alex = pa_desktop(page, base_url, data_dir)
    alex.goto(f"/staff/views/{statement}")
    alex.get_by_label("Your reply").fill("I've topped it up for this term. Shall we plan Friday?")
    alex.get_by_role("button", name="Send reply").click()
    alex.get_by_test_id("history-reply").wait_for()
    page.reload()
    mine = page.get_by_test_id("my-statement").get_by_test_id("tick")
    expect(mine).to_have_text("✓✓ Seen by Alex")
    page.get_by_label("Write back to Alex").fill("Yes, Friday's good. Thank you!")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_test_id("my-message").get_by_test_id("tick")).to_have_text("✓ Sent")
    alex.reload()  # Alex reads the answer: the read receipt
    alex.get_by_test_id("history").get_by_text("Jordan wrote back").wait_for()
    alex.context.close()
    page.reload()
    expect(page.get_by_test_id("my-message").get_by_test_id("tick")).to_have_text("✓✓ Seen by Alex")
    # the thread from its heading: the statement, Alex's reply and Jordan's answer
    page.get_by_role("heading", name="You and Alex").evaluate(
        "h2 => h2.scrollIntoView({block: 'start'})"
    )


def help_answered(page: Page, base_url: str, data_dir: Path) -> None:
    """Jordan taps "I need help now"; Alex acknowledges and replies from the urgent page, and
    the help screen shows it without a reload."""
    sign_in_jordan(page, data_dir)
    page.goto("/c/riverford")
    page.get_by_role("button", name=HELP).click()
    status = page.get_by_test_id("help-sent")
    expect(status).to_have_text("Sent to Alex. They'll see it first.")
    alex = pa_desktop(page, base_url, data_dir)
    people = alex.request.get("/api/v1/young-people").json()["young_people"]
    jordan = next(person for person in people if person["preferred_name"] == "Jordan")
    urgent = alex.request.get(
        "/api/v1/statements", params={"young_person_id": jordan["id"], "type": "help_now"}
    ).json()["items"]
    alex.goto(f"/staff/views/{urgent[0]['id']}")
    alex.get_by_role("textbox", name="Your reply to Jordan").fill(
        "I'm calling you now. Pick up if you can."
    )
    alex.get_by_role("button", name="Acknowledge and send reply").click()
    alex.get_by_test_id("acknowledged").wait_for()
    alex.context.close()
    expect(status).to_contain_text("Alex replied", timeout=LIVE)
    page.evaluate("window.scrollTo(0, 0)")


def urgent_statement(page: Page) -> None:
    """The PA's page for Mia's urgent statement (sent for the queue's screenshot): how to
    reach her (a phone number the PA first records), the council's steps and the one form to
    acknowledge and reply."""
    people = page.request.get("/api/v1/young-people").json()["young_people"]
    mia = next(person for person in people if person["preferred_name"] == "Mia")
    page.goto(f"/staff/young-people/{mia['id']}/edit")
    page.get_by_label("Contact phone (optional)").fill("07700 900123")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/staff/young-people/{mia['id']}")
    urgent = page.request.get(
        "/api/v1/statements", params={"young_person_id": mia["id"], "type": "feeling"}
    ).json()["items"]
    page.set_viewport_size({"width": DESKTOP["width"], "height": 1540})  # down to the last step
    page.goto(f"/staff/views/{urgent[0]['id']}")
    page.get_by_test_id("safeguarding-steps").wait_for()
    page.get_by_role("button", name="Acknowledge and send reply").wait_for()


def privacy_page(page: Page) -> None:
    """The privacy page, from its first section down."""
    page.get_by_role("heading", name="What Harbour keeps").evaluate(
        "h2 => h2.scrollIntoView({block: 'start'})"
    )


def locked(page: Page, data_dir: Path) -> None:
    """Demo Jordan turns on the lock, and Harbour opens again: the lock screen."""
    sign_in_jordan(page, data_dir)
    page.goto("/c/riverford/lock")
    page.get_by_label("Choose a lock code").fill("482913")
    page.get_by_label("Type the lock code again").fill("482913")
    page.get_by_role("button", name="Turn on the lock").click()
    page.get_by_test_id("lock-state").wait_for()
    page.goto("/c/riverford")
    page.get_by_test_id("lock-screen").wait_for()


def my_data(page: Page, data_dir: Path) -> None:
    """Demo Jordan's "Download my data", from the top, once it has come from the server."""
    sign_in_jordan(page, data_dir)
    page.goto("/c/riverford/my-data")
    page.get_by_test_id("md-statements").wait_for()


SHOTS = {
    "offer-phone.png": ("/c/riverford/offer", None),
    "quick-exit-phone.png": ("/c/riverford", None),
    "privacy-phone.png": ("/c/riverford/privacy", privacy_page),
    "check-results-phone.png": ("/c/riverford/check", fill_check),
    "pledge-offline-phone.png": ("/c/riverford/pledge", answer_offline),
    "content-editor-desktop.png": ("/staff/content", draft_in_editor),
}
# Young people's pages as on a phone that has seen quick exit's explanation, except here.
FIRST_VISIT = {"quick-exit-phone.png"}
STAFF_SHOTS = {  # name -> the demo role
    "content-editor-desktop.png": "content_editor",
    "triage-queue-desktop.png": "personal_adviser",
    "staff-plan-desktop.png": "personal_adviser",
    "record-edit-desktop.png": "personal_adviser",
    "urgent-statement-desktop.png": "personal_adviser",
}


@cache
def _demo_staff(data_dir: Path, role: str) -> StaffAccount:
    """One account object per role, so each sign-in uses another of its recovery codes."""
    return demo_staff(data_dir, "riverford", role)


def new_context(
    browser: Browser, base_url: str, data_dir: Path, staff_role: str | None, first_visit: bool
) -> BrowserContext:
    """A phone for young people's pages; a desktop, signed in, for a staff member's."""
    if staff_role is None:
        phone = browser.new_context(
            base_url=base_url, viewport=PHONE, device_scale_factor=2, is_mobile=True
        )
        if not first_visit:
            phone.add_init_script("localStorage.setItem('quick-exit.explained', '1')")
        return phone
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    sign_in_browser(context, base_url, _demo_staff(data_dir, staff_role))
    return context


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as data,
        running_server(Path(data)) as base_url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        passkey = partial(offer_passkey, base_url=base_url, data_dir=Path(data))
        queue = partial(fill_queue, base_url=base_url, data_dir=Path(data))
        feeling = partial(how_i_feel, base_url=base_url, data_dir=Path(data))
        talk = partial(conversation, base_url=base_url, data_dir=Path(data))
        answered = partial(help_answered, base_url=base_url, data_dir=Path(data))
        more = {
            "lock-screen-phone.png": ("/", partial(locked, data_dir=Path(data))),
            "my-data-phone.png": ("/", partial(my_data, data_dir=Path(data))),
            "passkey-offer-phone.png": ("/", passkey),
            "my-views-phone.png": ("/", feeling),
            "triage-queue-desktop.png": ("/staff/views", queue),
            "my-plan-phone.png": (
                "/",
                partial(
                    demo_young_person,
                    data_dir=Path(data),
                    path="/c/riverford/plan",
                    ready="Mark as done",
                    start="Overdue",
                ),
            ),
            "health-passport-phone.png": (
                "/",
                partial(
                    demo_young_person,
                    data_dir=Path(data),
                    path="/c/riverford/health",
                    ready="Shared with your PA. They can see",
                    start="Sharing with your PA",
                ),
            ),
            "staff-plan-desktop.png": ("/staff", demo_plan_for_staff),
            "record-edit-desktop.png": ("/staff", demo_record_for_staff),
            # These three follow the queue's: they use the statements sent for it.
            "conversation-phone.png": ("/", talk),
            "help-now-phone.png": ("/", answered),
            "urgent-statement-desktop.png": ("/staff", urgent_statement),
        }
        wanted = set(sys.argv[1:])
        for name, (path, action) in (SHOTS | more).items():
            if wanted and name not in wanted:
                continue
            context = new_context(
                browser, base_url, Path(data), STAFF_SHOTS.get(name), name in FIRST_VISIT
            )
            page = context.new_page()
            page.goto(path)
            page.get_by_role("heading", level=1).wait_for()
            if action:
                action(page)
            page.screenshot(path=OUT / name)
            context.close()
            print(f"wrote {OUT / name}")
        browser.close()


if __name__ == "__main__":
    main()
