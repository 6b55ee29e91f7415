"""A young person joins with their PA's invite code, signs in, sees their devices and signs
out everywhere; wrong PINs get a kind answer, then slow down, then lock."""

import re
import time

from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import follow, new_phone, tab
from e2e.people import add_young_person
from e2e.server import LOCKOUT_BASE_DELAY_SECONDS, StaffAccount

PIN = "135790"


def fill_join(page: Page, code: str, username: str, pin: str = PIN) -> None:
    """Join with a code, up to the offer of a passkey that follows."""
    page.goto("/c/riverford/join")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your invite code")
    page.get_by_label("Invite code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a username")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.get_by_label("Username").fill(username)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("With a PIN").check()
    page.get_by_label("Your PIN", exact=True).fill(pin)
    page.get_by_label("Type your PIN again").fill(pin)
    page.get_by_role("button", name="Join Harbour").click()


def join(page: Page, code: str, username: str, pin: str = PIN) -> None:
    """Join with a code, and turn down the passkey (Chromium can make one)."""
    fill_join(page, code, username, pin)
    page.get_by_role("link", name="Not now").click()


def wait_out(doublings: int) -> None:
    """Wait until the server's current slow-down (base delay x `doublings`) has passed."""
    time.sleep(LOCKOUT_BASE_DELAY_SECONDS * doublings + 0.2)


def sign_in(page: Page, username: str, secret: str) -> None:
    page.goto("/c/riverford/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("PIN or passphrase").fill(secret)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_join_with_a_code_then_sign_out_everywhere(
    page: Page, browser: Browser, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Jordan")
    join(page, person.code, "jordan-e2e")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Jordan")
    expect(page).to_have_url(f"{base_url}/c/riverford")
    assert person.code not in page.url
    assert PIN not in page.url

    other: BrowserContext = new_phone(browser, base_url)
    second = other.new_page()
    sign_in(second, "jordan-e2e", PIN)
    expect(second.get_by_test_id("signed-in-as")).to_have_text("Signed in as Jordan")

    tab(page, "More").click()  # the account's pages are under More
    follow(page, "Your devices")
    expect(page.get_by_test_id("devices").get_by_role("listitem")).to_have_count(2)
    expect(page.get_by_text("This device", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(tab(page, "Sign in")).to_be_visible()
    expect(page.get_by_test_id("signed-in-as")).to_be_hidden()

    # The other phone's session has ended too: on its next visit it is signed out.
    second.goto("/c/riverford/devices")
    expect(second.get_by_text("You're not signed in.")).to_be_visible()
    expect(tab(second, "Sign in")).to_be_visible()
    other.close()


def test_a_joiner_is_told_what_is_wrong(page: Page, base_url: str, pa: StaffAccount) -> None:
    person = add_young_person(base_url, pa)
    page.goto("/c/riverford/join")
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter your invite code")
    page.get_by_label("Invite code").fill(person.code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Username").fill("sam-weak-pin")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("With a PIN").check()
    page.get_by_label("Your PIN", exact=True).fill("123456")
    page.get_by_label("Type your PIN again").fill("123456")
    page.get_by_role("button", name="Join Harbour").click()
    expect(summary).to_contain_text("not in order like 123456")
    expect(page).to_have_title(re.compile(r"^Error: Choose a PIN or passphrase"))
    page.get_by_label("Your PIN", exact=True).fill("246810")
    page.get_by_label("Type your PIN again").fill("246811")
    page.get_by_role("button", name="Join Harbour").click()
    expect(summary).to_contain_text("The two don't match")


def test_wrong_pins_are_answered_kindly_then_slowed_then_locked(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa)
    join(page, person.code, "lock-e2e")
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    page.goto("/c/riverford/sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(tab(page, "Sign in")).to_be_visible()

    summary = page.get_by_role("alert")
    sign_in(page, "lock-e2e", "999111")
    expect(summary).to_contain_text("doesn't match. Check them and try again")
    expect(page.get_by_label("PIN or passphrase")).to_have_attribute("aria-invalid", "true")
    sign_in(page, "lock-e2e", "999112")  # the second wrong try starts the waiting
    expect(summary).to_contain_text("doesn't match")
    sign_in(page, "lock-e2e", PIN)  # too soon, even with the right PIN
    expect(summary).to_contain_text("we've slowed things down to keep your account safe")
    wait_out(1)
    sign_in(page, "lock-e2e", "999113")
    expect(summary).to_contain_text("doesn't match")
    wait_out(2)
    sign_in(page, "lock-e2e", "999114")  # the fourth wrong try locks the account
    expect(summary).to_contain_text("doesn't match")
    wait_out(4)
    sign_in(page, "lock-e2e", PIN)
    expect(summary).to_contain_text("Your account is locked to keep it safe. Ask your PA")
    expect(tab(page, "Sign in")).to_be_visible()
