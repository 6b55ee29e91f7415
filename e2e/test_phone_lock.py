"""The app lock's second way in, the phone's own screen lock (decision 020), in real Chromium
with its virtual authenticator standing in for the phone's fingerprint reader (its PRF
extension gives the secret the data key is wrapped under): turned on beside the lock code, it
unlocks the sealed data; refused, it counts no wrong code and the code still works; turned off,
its button goes. A phone with no PRF keeps nothing."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, expect

from e2e.conftest import assert_no_axe_violations, tab, watched_phone
from e2e.people import add_young_person
from e2e.server import StaffAccount
from e2e.test_app_lock import (
    expect_nothing_personal,
    lock_now,
    raw_indexeddb,
    turn_lock_on,
    unlock,
)
from e2e.test_my_views import VIEWS
from e2e.test_passkeys import FINGERPRINT_READER, on_localhost
from e2e.test_young_person_sign_in import join

DRAFT = "Pomegranate draft about my college"
PHONE_BUTTON = "Use my phone's screen lock"
DIDNT_UNLOCK = "Your phone didn't unlock Harbour. You can use your lock code."

# The lock record's salt, and the PRF output for it and its credential, asked of the
# authenticator as the app asks it (the test's own read: the app keeps no output).
SALT_AND_PRF_OUTPUT = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("harbour");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const record = await new Promise((resolve) => {
    const read = db.transaction("meta").objectStore("meta").get("lock");
    read.onsuccess = () => resolve(read.result);
  });
  db.close();
  const credential = await navigator.credentials.get({ publicKey: {
    challenge: crypto.getRandomValues(new Uint8Array(32)),
    allowCredentials: [{ type: "public-key", id: record.phone.credentialId }],
    userVerification: "required",
    extensions: { prf: { eval: { first: record.phone.salt } } },
  } });
  const output = credential.getClientExtensionResults().prf.results.first;
  return [Array.from(record.phone.salt), Array.from(new Uint8Array(output))];
}"""


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """Harbour as http://localhost: a WebAuthn credential needs a host name, not an IP."""
    with watched_phone(browser, on_localhost(base_url)) as context:
        yield context


def screen_lock(page: Page, **options: Any) -> tuple[CDPSession, str]:
    """The phone's screen lock: a fingerprint reader whose PRF extension (CTAP 2.1
    hmac-secret) works, unless `options` say otherwise. The session and the authenticator's
    id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    prf = {"ctap2Version": "ctap2_1", "hasPrf": True}
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator", {"options": FINGERPRINT_READER | prf | options}
    )
    return cdp, added["authenticatorId"]


def joined_with_a_draft(page: Page, base_url: str, pa: StaffAccount, name: str) -> str:
    """The young person joins and starts writing; the draft's address."""
    person = add_young_person(base_url, pa, name)
    join(page, person.code, f"{name.lower()}-phone-lock")
    expect(page.get_by_test_id("signed-in-as")).to_have_text(f"Signed in as {name}")
    page.goto(f"{VIEWS}/new/ask")
    page.get_by_role("textbox").first.fill(DRAFT)
    expect(page).to_have_url(re.compile(r"/views/draft/"))
    return page.url


def lock_page(page: Page) -> None:
    """Lock Harbour, reached within the app (opening it afresh would ask for the code)."""
    tab(page, "More").click()
    page.get_by_role("link", name="Lock Harbour with a code").click()
    expect(page.get_by_test_id("lock-state")).to_contain_text("The lock is on")


def stored_as_json(secret: list[int]) -> str:
    """How raw_indexeddb shows a byte array (a Uint8Array as JSON)."""
    return json.dumps({str(i): byte for i, byte in enumerate(secret)}, separators=(",", ":"))


def test_the_phones_screen_lock_unlocks_and_a_refusal_is_no_wrong_code(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    cdp, authenticator = screen_lock(page)
    draft = joined_with_a_draft(page, base_url, pa, "Perpetua")
    turn_lock_on(page)

    section = page.get_by_test_id("phone-lock")
    expect(section.get_by_role("heading", level=2)).to_have_text("Use your phone's screen lock")
    page.get_by_role("button", name="Use my screen lock for Harbour").click()
    expect(section.get_by_role("status")).to_have_text(
        "Done. Next time, you can open Harbour with your phone's screen lock."
    )
    expect(section.get_by_role("heading", level=2)).to_be_focused()
    expect(page.get_by_test_id("phone-lock-state")).to_be_visible()
    assert_no_axe_violations(page)
    stored = raw_indexeddb(context, page, cdp)
    assert "credentialId" in stored
    salt, output = page.evaluate(SALT_AND_PRF_OUTPUT)
    assert stored_as_json(salt) in stored  # bytes kept would show so
    assert stored_as_json(output) not in stored

    # Locked, then opened with the phone's screen lock: the draft is there to read.
    lock_now(page)
    expect_nothing_personal(page, "Perpetua")
    expect(page.get_by_role("button", name=PHONE_BUTTON)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=PHONE_BUTTON).click()
    expect(page.get_by_test_id("lock-screen")).to_be_hidden()
    page.goto(draft)  # opening the app afresh asks again
    page.get_by_role("button", name=PHONE_BUTTON).click()
    expect(page.get_by_role("textbox").first).to_have_value(DRAFT)

    # The phone cannot check the person: a plain message, no wrong code, and the code works.
    page.reload()
    cdp.send(
        "WebAuthn.setUserVerified",
        {"authenticatorId": authenticator, "isUserVerified": False},
    )
    page.get_by_role("button", name=PHONE_BUTTON).click()
    expect(page.get_by_role("alert")).to_have_text(DIDNT_UNLOCK)
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(page.get_by_test_id("lock-wait")).to_have_text("")
    assert '"failures"' not in raw_indexeddb(context, page, cdp)
    assert_no_axe_violations(page)
    unlock(page)
    expect(page.get_by_role("textbox").first).to_have_value(DRAFT)

    # Turned off: the lock screen asks for the code only.
    lock_page(page)
    page.get_by_role("button", name="Stop using my screen lock").click()
    expect(page.get_by_test_id("phone-lock").get_by_role("status")).to_have_text(
        "Done. Harbour will only ask for your lock code."
    )
    assert "credentialId" not in raw_indexeddb(context, page, cdp)
    page.get_by_role("button", name="Lock now").click()
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(page.get_by_role("button", name=PHONE_BUTTON)).to_have_count(0)
    unlock(page)
    expect(page.get_by_test_id("lock-state")).to_contain_text("The lock is on")


def test_a_phone_without_a_screen_lock_or_prf_keeps_to_the_lock_code(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    cdp = context.new_cdp_session(page)
    joined_with_a_draft(page, base_url, pa, "Sorcha")
    turn_lock_on(page)
    cannot = "This phone can't open Harbour with its screen lock, so you'll use your lock code."
    expect(page.get_by_test_id("phone-lock")).to_contain_text(cannot)
    expect(page.get_by_role("button", name="Use my screen lock for Harbour")).to_have_count(0)
    assert_no_axe_violations(page)

    # A screen lock whose authenticator has no PRF: nothing can be wrapped, so nothing is kept.
    screen_lock(page, hasPrf=False)
    tab(page, "Home").click()
    lock_page(page)
    page.get_by_role("button", name="Use my screen lock for Harbour").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Your phone couldn't set this up, so nothing was changed."
    )
    expect(page.get_by_test_id("phone-lock")).to_contain_text(cannot)
    assert_no_axe_violations(page)
    assert "credentialId" not in raw_indexeddb(context, page, cdp)
    page.get_by_role("button", name="Lock now").click()
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(page.get_by_role("button", name=PHONE_BUTTON)).to_have_count(0)
    unlock(page)
