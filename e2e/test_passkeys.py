"""Passkeys on a phone, with Chromium's virtual authenticator standing in for the phone's
fingerprint reader: add one after joining, sign in with it, remove it, and the errors when
the phone cannot check the person or has no passkey for Harbour."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, expect

from e2e.conftest import assert_no_axe_violations, tab, watched_phone
from e2e.people import add_young_person
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import fill_join

SIGNED_IN_AS = "signed-in-as"


def on_localhost(base_url: str) -> str:
    """Harbour as http://localhost: a passkey belongs to a host name (its relying party id),
    and an IP address such as 127.0.0.1 cannot be one."""
    return base_url.replace("://127.0.0.1:", "://localhost:")


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    with watched_phone(browser, on_localhost(base_url)) as context:
        yield context


# A platform authenticator that checks the person (user verification) and answers at once, as
# a phone's fingerprint reader would.
FINGERPRINT_READER = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def fingerprint_reader(page: Page, **options: Any) -> CDPSession:
    """A FINGERPRINT_READER on this tab; `options` change it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": FINGERPRINT_READER | options})
    return cdp


def join_and_sign_out(page: Page, base_url: str, pa: StaffAccount, username: str) -> None:
    person = add_young_person(base_url, pa, "Jordan")
    fill_join(page, person.code, username)
    page.get_by_role("link", name="Not now").click()
    sign_out(page)


def sign_out(page: Page) -> None:
    page.goto("/c/riverford/sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(tab(page, "Sign in")).to_be_visible()


def passkey_sign_in(page: Page) -> None:
    page.goto("/c/riverford/sign-in")
    page.get_by_role("button", name="Sign in with a passkey").click()


def test_join_add_a_passkey_then_sign_in_with_it(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    fingerprint_reader(page)
    person = add_young_person(base_url, pa, "Jordan")
    fill_join(page, person.code, "jordan-passkey")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in faster next time?")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(tab(page, "More")).to_be_visible()  # signed in already
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passkey added")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(f"{on_localhost(base_url)}/c/riverford")
    expect(page.get_by_test_id(SIGNED_IN_AS)).to_have_text("Signed in as Jordan")

    sign_out(page)
    passkey_sign_in(page)
    expect(page.get_by_test_id(SIGNED_IN_AS)).to_have_text("Signed in as Jordan")
    expect(page).to_have_url(f"{on_localhost(base_url)}/c/riverford")

    page.goto("/c/riverford/devices")
    passkeys = page.get_by_test_id("passkeys").get_by_role("listitem")
    expect(passkeys).to_have_count(1)
    expect(passkeys.first).to_contain_text("Last used to sign in")
    assert_no_axe_violations(page)


def test_a_removed_passkey_no_longer_signs_in(page: Page, base_url: str, pa: StaffAccount) -> None:
    fingerprint_reader(page)
    person = add_young_person(base_url, pa, "Jordan")
    fill_join(page, person.code, "jordan-removes")
    page.get_by_role("link", name="Not now").click()
    expect(page.get_by_test_id(SIGNED_IN_AS)).to_be_visible()

    page.goto("/c/riverford/devices")
    expect(page.get_by_text("You haven't added a passkey yet.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add a passkey on this device").click()
    expect(page.get_by_role("status").filter(has_text="Passkey added.")).to_be_visible()
    passkeys = page.get_by_test_id("passkeys").get_by_role("listitem")
    expect(passkeys).to_have_count(1)
    expect(passkeys.first).to_contain_text("Not used to sign in yet")

    # Removing asks first; "Keep it" puts the focus back where it was, by keyboard alone.
    page.get_by_role("button", name="Remove Phone or computer").focus()
    page.keyboard.press("Enter")
    expect(page.locator("p", has_text="Remove this passkey?")).to_be_focused()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Keep it").click()
    expect(page.get_by_role("button", name="Remove Phone or computer")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_role("status").filter(has_text="Passkey removed.")).to_be_visible()
    expect(page.get_by_text("You haven't added a passkey yet.")).to_be_visible()

    # The phone still holds the passkey, but Harbour no longer knows it.
    sign_out(page)
    passkey_sign_in(page)
    expect(page.get_by_role("alert")).to_contain_text("That passkey didn't work.")
    expect(tab(page, "Sign in")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_phone_that_cannot_check_the_person_adds_no_passkey(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    fingerprint_reader(page, isUserVerified=False)
    person = add_young_person(base_url, pa, "Jordan")
    fill_join(page, person.code, "jordan-unverified")

    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("alert")).to_contain_text("The passkey wasn't added.")
    expect(page).to_have_title(re.compile(r"^Error: Sign in faster next time\?"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Not now").click()
    page.goto("/c/riverford/devices")
    expect(page.get_by_text("You haven't added a passkey yet.")).to_be_visible()


def test_a_phone_with_no_passkey_for_harbour_is_told_so(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    fingerprint_reader(page)
    join_and_sign_out(page, base_url, pa, "jordan-nopasskey")

    passkey_sign_in(page)
    expect(page.get_by_role("alert")).to_contain_text("You weren't signed in.")
    button = page.get_by_role("button", name="Sign in with a passkey")
    expect(button).to_have_accessible_description(re.compile(r"^Error: You weren't signed in\."))
    expect(tab(page, "Sign in")).to_be_visible()
    assert_no_axe_violations(page)
