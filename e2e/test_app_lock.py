"""Issue 14's app lock and sealed local data, in real Chromium (decision 020): with the lock on,
the app opens on the lock screen with nothing personal in the page; IndexedDB read raw through
the DevTools protocol holds none of a draft's, a reply's, a task note's or a passport entry's
words; a statement written offline still reaches the PA exactly once while the phone stays
locked; wrong codes slow down; a forgotten lock signs out and leaves nothing personal."""

import json
import time
import uuid
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from e2e.conftest import assert_no_axe_violations, tab
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_my_views import VIEWS, how_i_feel, join_with_code_ready_for_offline, statements_for

LOCK = "/c/riverford/lock"
CODE = "482913"
DRAFT = "Zanzibar draft about my landlord"
REPLY = "Quetzal reply from your PA"
NOTE = "Marmalade note on my task"
ALLERGY = "Xylophone allergy to penicillin"
FEELING = "Rent is hard this month."
PERSONAL = [DRAFT, REPLY, NOTE, ALLERGY]

# Sends outbox items as the signed-in phone would (the session cookie and its CSRF token).
PUSH = """async (items) => {
  const csrf = document.cookie.match(/(?:^|; )(?:__Host-)?harbour_csrf=([^;]+)/)[1];
  const response = await fetch("/api/v1/sync/push", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf) },
    body: JSON.stringify({ items }),
  });
  return (await response.json()).results.map((result) => result.status);
}"""


def raw_indexeddb(context: BrowserContext, page: Page) -> str:
    """Every row of every store of the "harbour" database as stored, read through the DevTools
    protocol (what someone with the phone and a cable could read), as one text."""
    cdp = context.new_cdp_session(page)
    origin = page.evaluate("location.origin")
    where = {"securityOrigin": origin, "databaseName": "harbour"}
    cdp.send("IndexedDB.enable")
    cdp.send("Runtime.enable")
    stores = cdp.send("IndexedDB.requestDatabase", where)["databaseWithObjectStores"][
        "objectStores"
    ]
    texts: list[str] = []
    for store in stores:
        data = cdp.send(
            "IndexedDB.requestData",
            where | {"objectStoreName": store["name"], "skipCount": 0, "pageSize": 500},
        )
        for entry in data["objectStoreDataEntries"]:
            value = entry["value"]
            if "objectId" not in value:
                texts.append(json.dumps(value.get("value")))
                continue
            shown = cdp.send(
                "Runtime.callFunctionOn",
                {
                    "objectId": value["objectId"],
                    "functionDeclaration": "function () { return JSON.stringify(this); }",
                    "returnByValue": True,
                },
            )
            texts.append(f"{store['name']}: {shown['result']['value']}")
    cdp.detach()
    return "\n".join(texts)


def put_plan_and_passport(page: Page) -> None:
    """A task of their own with a note, and a passport entry, sent from this phone."""
    task = str(uuid.uuid4())
    now = page.evaluate("new Date().toISOString()")
    items: list[dict[str, Any]] = [
        {
            "id": task,
            "kind": "task_create",
            "created_at": now,
            "body": {"title": "Open a bank account", "domain": "money"},
        },
        {
            "id": str(uuid.uuid4()),
            "kind": "task_note",
            "created_at": now,
            "body": {"task_id": task, "text": NOTE},
        },
        {
            "id": str(uuid.uuid4()),
            "kind": "passport_edit",
            "created_at": now,
            "body": {"base_version": 0, "set": {"allergies": ALLERGY}},
        },
    ]
    assert page.evaluate(PUSH, items) == ["accepted"] * 3


def turn_lock_on(page: Page) -> None:
    page.goto(LOCK)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lock Harbour with a code")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Turn on the lock").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter 4 to 8 numbers")
    page.get_by_label("Choose a lock code").fill(CODE)
    page.get_by_label("Type the lock code again").fill("111111")
    page.get_by_role("button", name="Turn on the lock").click()
    expect(page.get_by_role("alert")).to_contain_text("The two codes are not the same")
    assert_no_axe_violations(page)
    page.get_by_label("Type the lock code again").fill(CODE)
    page.get_by_role("button", name="Turn on the lock").click()
    expect(page.get_by_test_id("lock-state")).to_contain_text("The lock is on")
    assert_no_axe_violations(page)


def lock_now(page: Page) -> None:
    """Locks from the Lock Harbour page, reached within the app (opening it afresh would
    already ask for the code)."""
    tab(page, "More").click()
    page.get_by_role("link", name="Lock Harbour with a code").click()
    page.get_by_role("button", name="Lock now").click()
    expect(page.get_by_test_id("lock-screen")).to_be_visible()


def unlock(page: Page) -> None:
    page.get_by_label("Lock code").fill(CODE)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_test_id("lock-screen")).to_be_hidden()


def expect_nothing_personal(page: Page, name: str) -> None:
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(page).to_have_title("Harbour")
    shown = page.content()
    for words in [*PERSONAL, FEELING, name, "My views", "My plan", "Inbox", "Signed in as"]:
        assert words not in shown, words


def test_locked_the_phone_shows_and_stores_nothing_personal_yet_sends_what_waits_once(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    pa_api = staff_client(base_url, pa)
    person = add_young_person(base_url, pa, "Marlowe")
    join_with_code_ready_for_offline(page, person.code, "Marlowe")
    put_plan_and_passport(page)
    asked = str(uuid.uuid4())
    statement = {
        "id": asked,
        "kind": "statement",
        "created_at": page.evaluate("new Date().toISOString()"),
        "body": {"type": "ask", "recipient": "pa", "urgent": False, "answers": {"question": "Hi"}},
    }
    assert page.evaluate(PUSH, [statement]) == ["accepted"]
    pa_api.post(f"/api/v1/statements/{asked}/replies", json={"text": REPLY}).raise_for_status()
    page.goto(f"{VIEWS}/new/ask")
    page.get_by_role("textbox").first.fill(DRAFT)
    page.goto("/c/riverford/plan")  # opening the app pulls the reply, the plan and passport
    deadline = time.monotonic() + 15
    while not all(words in raw_indexeddb(context, page) for words in PERSONAL):
        assert time.monotonic() < deadline, "the phone never kept the words to look for"
        page.wait_for_timeout(300)

    turn_lock_on(page)
    stored = raw_indexeddb(context, page)
    for words in [*PERSONAL, "Marlowe"]:
        assert words not in stored, words

    # Written with no signal, then the app locked and opened again offline.
    context.set_offline(True)
    page.goto(VIEWS)
    unlock(page)  # the app opened afresh: it asks first
    how_i_feel(page)
    lock_now(page)
    page.close()
    page = context.new_page()
    page.goto(VIEWS)
    expect_nothing_personal(page, "Marlowe")
    assert FEELING not in raw_indexeddb(context, page)
    assert_no_axe_violations(page)

    # Back online and still locked: the statement goes, once.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    deadline = time.monotonic() + 15
    while len(statements_for(pa_api, person.id)) < 2:
        assert time.monotonic() < deadline, "the statement written offline never arrived"
        time.sleep(0.3)
    expect_nothing_personal(page, "Marlowe")

    unlock(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("My views")
    page.reload()
    unlock(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("My views")
    assert len(statements_for(pa_api, person.id)) == 2  # exactly once
    assert any(
        s.get("answers", {}).get("text") == FEELING
        for s in (
            pa_api.get(f"/api/v1/statements/{row['id']}").json()
            for row in statements_for(pa_api, person.id)
        )
    )


def test_wrong_codes_slow_down_and_a_forgotten_lock_signs_out_and_leaves_nothing_personal(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Ottilie")
    join_with_code_ready_for_offline(page, person.code, "Ottilie")
    page.goto(f"{VIEWS}/new/ask")
    page.get_by_role("textbox").first.fill(DRAFT)
    turn_lock_on(page)
    page.clock.install()
    page.reload()  # opening the app asks for the code

    code = page.get_by_label("Lock code")
    unlock = page.get_by_role("button", name="Unlock")
    for wait in ["", "", "10 seconds", "30 seconds", "60 seconds"]:
        code.fill("000000")
        unlock.click()
        expect(code).to_have_value("")  # checked and refused: the box is emptied
        if wait:
            expect(page.get_by_test_id("lock-wait")).to_have_text(f"You can try again in {wait}.")
            expect(unlock).to_be_disabled()
            assert_no_axe_violations(page)
            page.clock.fast_forward(int(wait.split()[0]) * 1000 + 1000)
            expect(unlock).to_be_enabled()
        else:
            expect(page.get_by_role("alert")).to_contain_text("That lock code isn't right")
    # The wait is remembered: opening the app again does not start afresh.
    code.fill("000000")
    unlock.click()
    expect(page.get_by_test_id("lock-wait")).to_have_text("You can try again in 120 seconds.")
    page.reload()
    expect(page.get_by_test_id("lock-wait")).to_contain_text("You can try again in")
    # From five wrong codes left, the screen says what happens at ten.
    expect(page.get_by_test_id("lock-left")).to_contain_text(
        "4 more wrong codes and your lock code stops working"
    )

    page.get_by_role("button", name="Forgot your lock code?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your lock code?")
    expect(page.get_by_test_id("lock-loses")).to_have_text(
        "1 thing you started writing and haven't sent will be deleted for good."
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign in again").click()
    expect(page).to_have_url(f"{base_url}/c/riverford/sign-in")
    expect(page.get_by_label("Username")).to_be_visible()
    stored = raw_indexeddb(context, page)
    assert "Ottilie" not in stored
    assert DRAFT not in stored
    for line in stored.splitlines():
        assert not line.startswith(("drafts:", "statements:", "replies:", "tasks:", "passport:"))
    me = httpx.get(
        f"{base_url}/api/v1/auth/me",
        cookies={c["name"]: c["value"] for c in context.cookies()},
    )
    assert me.status_code == 401


def test_turning_the_lock_off_asks_for_the_code_and_signing_out_lets_the_lock_go(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Philippa")
    join_with_code_ready_for_offline(page, person.code, "Philippa")
    turn_lock_on(page)

    # Someone handed the unlocked phone cannot take the lock off without the code.
    turn_off = page.get_by_role("button", name="Turn off the lock")
    page.get_by_label("Your lock code").fill("000000")
    turn_off.click()
    expect(page.get_by_role("alert")).to_contain_text("That lock code isn't right")
    expect(page.get_by_test_id("lock-state")).to_contain_text("The lock is on")
    assert_no_axe_violations(page)
    page.get_by_label("Your lock code").fill(CODE)
    turn_off.click()
    expect(page.get_by_role("button", name="Turn on the lock")).to_be_visible()
    assert page.evaluate("localStorage.getItem('harbour.lock')") is None

    # On again, with a draft; signing out says the lock goes, and the draft with it.
    page.goto(f"{VIEWS}/new/ask")
    page.get_by_role("textbox").first.fill(DRAFT)
    turn_lock_on(page)
    page.goto("/c/riverford/sign-out")  # opened afresh: the lock asks first
    unlock(page)
    expect(page.get_by_test_id("sign-out-lock")).to_contain_text("Signing out turns it off")
    expect(page.get_by_test_id("sign-out-drafts")).to_contain_text("will be deleted for good")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign out anyway").click()
    expect(page).to_have_url(f"{base_url}/c/riverford")
    assert page.evaluate("localStorage.getItem('harbour.lock')") is None
    page.reload()  # the next person on this phone gets Harbour, not someone else's lock
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    stored = raw_indexeddb(context, page)
    assert DRAFT not in stored
    assert "Philippa" not in stored
