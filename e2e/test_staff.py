"""Staff: setting up a local account (TOTP key and recovery codes, saved first), signing in,
the PA's caseload, adding a young person (the server's refusals against the right field),
giving an invite code, "Sign out everywhere (lost phone)" and "Reset access"."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyotp
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.conftest import (
    DESKTOP,
    StaffDesktop,
    assert_no_axe_violations,
    demo_accounts,
    demo_staff,
    follow,
    new_phone,
    tab,
)
from e2e.people import add_local_staff, add_young_person, sign_in_browser
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import PIN, join

CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
JSQR = Path(__file__).parents[1] / "node_modules" / "jsqr" / "dist" / "jsQR.js"


def staff_sign_in(page: Page, username: str, passphrase: str, code: str) -> None:
    page.goto("/staff/sign-in")
    fill_staff_sign_in(page, username, passphrase, code)


def fill_staff_sign_in(page: Page, username: str, passphrase: str, code: str) -> None:
    """Signs in on the staff sign-in form the page shows, as a Riverford member of staff."""
    page.get_by_label("Kingsmead").or_(page.get_by_label("Riverford")).first.wait_for()
    page.get_by_label(re.compile("Riverford")).check()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_new_pa_saves_their_codes_then_signs_in(
    browser: Browser, base_url: str, admin: StaffAccount
) -> None:
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = context.new_page()
    code = add_local_staff(base_url, admin, "noor", "personal_adviser")
    passphrase = "four quiet harbour lights"

    page.goto("/staff/join")
    page.get_by_label("Invite code").fill(code)
    page.get_by_label("Choose a passphrase").fill(passphrase)
    page.get_by_label("Type your passphrase again").fill(passphrase)
    page.get_by_role("button", name="Set up my account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save these now")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    link = page.get_by_role("link", name=re.compile("authenticator app"))
    expect(link).to_have_attribute("href", re.compile(r"^otpauth://totp/"))
    expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)
    assert_no_axe_violations(page)
    assert code not in page.url

    page.get_by_role("button", name="Continue to sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick to say you've saved them")
    page.get_by_label(re.compile("I've added Harbour")).check()
    page.get_by_role("button", name="Continue to sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")

    staff_sign_in(page, "noor", passphrase, "000000")
    expect(page.get_by_role("alert")).to_contain_text(
        "That username, passphrase or code is not right"
    )
    staff_sign_in(page, "noor", passphrase, pyotp.TOTP(secret).now())
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Noor")
    expect(page.get_by_text("Nobody yet.")).to_be_visible()
    context.close()


def test_a_pa_adds_a_young_person_and_gives_them_a_code(
    browser: Browser, desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    page = desktop(pa).new_page()
    page.goto("/staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    follow(page, "Add a young person")

    page.get_by_role("button", name="Add and get an invite code").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_count(3)

    page.get_by_label("Preferred name").fill("Riley")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1980")  # too old: the server says so, against the date
    page.get_by_label("Former relevant").check()
    page.get_by_role("button", name="Add and get an invite code").click()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter a real date of birth that makes them 8 to 30 years old."]
    )
    expect(page.get_by_label("Year")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Day")).to_be_focused()

    page.get_by_label("Year").fill("2007")
    page.get_by_role("button", name="Add and get an invite code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riley")
    code = page.get_by_test_id("invite-code").inner_text()
    assert CODE.match(code)
    assert code not in page.url
    assert "Riley" not in page.url
    expect(page.get_by_text("Not yet joined")).to_be_visible()

    expect(page.get_by_role("heading", name="Their PA")).to_be_hidden()  # PAs cannot move people
    page.get_by_role("link", name="Back to the list").click()
    row = page.get_by_test_id("caseload").get_by_role("row").filter(has_text="Riley")
    expect(row).to_contain_text("Former relevant")
    expect(row).to_contain_text("Not yet")
    expect(row.get_by_role("cell").first).to_have_text(str(age_today(date(2007, 5, 14))))
    row.get_by_role("link", name="Riley").click()

    # Riley joins on their phone, then loses it: their PA signs them out everywhere.
    phone_context = new_phone(browser, base_url)
    phone = phone_context.new_page()
    join(phone, code, "riley-e2e")
    expect(phone.get_by_test_id("signed-in-as")).to_have_text("Signed in as Riley")
    page.reload()
    page.get_by_role("button", name="Sign out everywhere (lost phone)").click()
    expect(page.get_by_role("status").first).to_have_text("Signed out on 1 device.")
    phone.goto("/c/riverford/devices")
    expect(phone.get_by_text("You're not signed in.")).to_be_visible()

    # They forgot their PIN: "Reset access" gives a new code; the old PIN stops working.
    page.get_by_role("button", name="Reset access").click()
    expect(page.get_by_text("Reset Riley's access?")).to_be_focused()
    page.get_by_role("button", name="Yes, reset access").click()
    new_code = page.get_by_test_id("invite-code")
    expect(new_code).to_have_text(CODE)
    assert new_code.inner_text() != code
    expect(page.get_by_role("heading", name="Their invite code")).to_be_focused()
    phone.goto("/c/riverford/sign-in")
    phone.get_by_label("Username").fill("riley-e2e")
    phone.get_by_label("PIN or passphrase").fill(PIN)
    phone.get_by_role("button", name="Sign in", exact=True).click()
    expect(phone.get_by_role("alert")).to_contain_text("doesn't match")

    # The new code is for a new PIN only: their username stays, and they are not asked again.
    phone.goto("/c/riverford/join")
    phone.get_by_label("Invite code").fill(new_code.inner_text())
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Choose a PIN or passphrase")
    expect(phone.get_by_text("Your username stays the same: riley-e2e")).to_be_visible()
    assert_no_axe_violations(phone)
    phone.get_by_label("With a PIN").check()
    phone.get_by_label("Your PIN", exact=True).fill("864209")
    phone.get_by_label("Type your PIN again").fill("864209")
    phone.get_by_role("button", name="Join Harbour").click()
    tab(phone, "More").click()
    expect(phone.get_by_test_id("signed-in-as")).to_have_text("Signed in as Riley")
    page.reload()
    expect(page.get_by_text("riley-e2e")).to_be_visible()
    phone_context.close()


def age_today(born: date) -> int:
    today = datetime.now(ZoneInfo("Europe/London")).date()  # Riverford's time zone
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_the_caseload_shows_age_and_next_key_date(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    soon = date.today() + timedelta(days=30)
    add_young_person(
        base_url,
        pa,
        "Noor",
        date_of_birth="2008-01-02",
        key_dates=[
            {"kind": "left_care", "date": "2025-01-02"},
            {"kind": "pathway_plan_review", "date": soon.isoformat()},
        ],
    )
    page = desktop(pa).new_page()
    page.goto("/staff")

    row = page.get_by_test_id("caseload").get_by_role("row").filter(has_text="Noor")
    expect(row.get_by_role("cell").first).to_have_text(str(age_today(date(2008, 1, 2))))
    expect(row).to_contain_text(f"Pathway plan review: {soon.day} {soon:%B %Y}")
    expect(row).not_to_contain_text("Left care")  # in the past
    assert_no_axe_violations(page)
    row.get_by_role("link", name="Noor").click()
    expect(page.get_by_text("2 January 2008")).to_be_visible()
    expect(page.get_by_text("Left care: 2 January 2025")).to_be_visible()


def test_a_new_code_for_someone_who_has_not_joined_stops_the_old_one(
    browser: Browser, desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Ola")
    page = desktop(pa).new_page()
    page.goto(f"/staff/young-people/{person.id}")
    expect(page.get_by_text("An invite code is waiting for them")).to_be_visible()
    page.get_by_role("button", name="Give them a new invite code").click()
    expect(page.get_by_text("Give Ola a new code?")).to_be_focused()  # theirs still works
    page.get_by_role("button", name="Yes, give a new code").click()
    expect(page.get_by_role("heading", name="Their invite code")).to_be_focused()
    new_code = page.get_by_test_id("invite-code").inner_text()
    assert CODE.match(new_code)
    assert new_code != person.code
    expect(page.get_by_role("button", name="Reset access")).to_be_hidden()  # not joined yet

    phone_context = new_phone(browser, base_url)
    phone = phone_context.new_page()
    phone.goto("/c/riverford/join")
    phone.get_by_label("Invite code").fill(person.code)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("alert")).to_contain_text("That code didn't work")  # before a PIN
    expect(phone.get_by_role("heading", level=1)).to_have_text("Enter your invite code")
    assert_no_axe_violations(phone)
    join(phone, new_code, "ola-e2e")
    expect(phone.get_by_test_id("signed-in-as")).to_have_text("Signed in as Ola")
    phone_context.close()


def top(element: Locator) -> float:
    box = element.bounding_box()
    assert box is not None, element
    return box["y"]


def read_qr_code(page: Page, image: Locator) -> str | None:
    """What a camera reads from the QR image: the SVG drawn on a canvas, decoded by jsQR (a
    test-only package, run in the page for the test; the app never loads it)."""
    page.evaluate(f"() => {{ {JSQR.read_text()} }}")
    return image.evaluate(
        """async (svg) => {
            const size = 400;
            const copy = svg.cloneNode(true);
            copy.setAttribute('width', size);
            copy.setAttribute('height', size);
            const picture = new Image();
            picture.src = 'data:image/svg+xml,' +
                encodeURIComponent(new XMLSerializer().serializeToString(copy));
            await picture.decode();
            const canvas = document.createElement('canvas');
            canvas.width = canvas.height = size;
            const context = canvas.getContext('2d');
            context.drawImage(picture, 0, 0, size, size);
            const pixels = context.getImageData(0, 0, size, size).data;
            return window.jsQR(pixels, size, size)?.data ?? null;
        }"""
    )


def test_a_live_code_is_replaced_only_after_asking_and_can_be_copied_or_scanned(
    browser: Browser, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Tia")
    context = browser.new_context(
        base_url=base_url, viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"]
    )
    sign_in_browser(context, base_url, pa)
    page = context.new_page()
    page.goto(f"/staff/young-people/{person.id}")
    new_code = page.get_by_role("button", name="Give them a new invite code")
    new_code.click()
    page.get_by_role("button", name="Yes, give a new code").click()
    shown = page.get_by_test_id("invite-code")
    expect(shown).to_have_text(CODE)
    code = shown.inner_text()
    assert_no_axe_violations(page)

    # The button for another code is at the foot of the page, not under the code.
    plan = page.get_by_role("heading", name="Pathway plan and health")
    assert top(shown) < top(plan) < top(new_code)

    # Pressing it by mistake asks first; "No" keeps the code they have been given.
    new_code.click()
    expect(page.get_by_text("Give Tia a new code? The code they have now")).to_be_focused()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="No, keep this code").click()
    expect(shown).to_have_text(code)
    expect(page.get_by_role("button", name="Yes, give a new code")).to_be_hidden()

    page.get_by_role("button", name="Copy code").click()
    expect(page.get_by_test_id("copy-result")).to_have_text("Code copied.")
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert_no_axe_violations(page)
    page.evaluate("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page.get_by_role("button", name="Copy code").click()
    expect(page.get_by_test_id("copy-result")).to_contain_text("Select the code and copy it")

    qr = page.get_by_role("img", name="QR code of their invite code")
    expect(qr).to_be_visible()
    assert read_qr_code(page, qr) == code
    context.close()


def test_staff_pages_lead_home_to_staff_home_without_the_young_persons_999_line(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount
) -> None:
    page = desktop(pa).new_page()
    page.goto("/staff/views")
    footer = page.get_by_role("contentinfo")
    expect(footer).to_be_visible()
    expect(footer).not_to_contain_text("999")
    page.get_by_role("link", name="Harbour", exact=True).click()
    expect(page).to_have_url(f"{base_url}/staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(footer).not_to_contain_text("999")
    assert_no_axe_violations(page)

    page.goto("/staff/no-such-page")  # not found: the way back is staff home too
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(page.get_by_role("link", name="Go to the start")).to_have_attribute("href", "/staff")

    # The young person's pages keep theirs.
    page.goto("/c/riverford/offer")
    expect(footer).to_contain_text("If you are in danger now, call 999.")
    expect(page.get_by_role("link", name="Harbour", exact=True)).to_have_attribute(
        "href", "/c/riverford"
    )


def test_a_young_person_cannot_open_staff_pages(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa)
    join(page, person.code, f"nosy-{person.preferred_name.lower()}")
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    page.goto("/staff")
    expect(page.get_by_text("These pages are for council staff.")).to_be_visible()


def test_a_manager_sees_their_teams_young_people(desktop: StaffDesktop, data_dir: Path) -> None:
    manager = demo_staff(data_dir, "riverford", "team_manager")
    page = desktop(manager).new_page()
    page.goto("/staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team's young people")
    names = page.get_by_test_id("caseload").locator("tbody th")
    expect(names.filter(has_text="Jordan")).to_have_count(1)  # on their team's PA's caseload
    expect(names.filter(has_text="Mia")).to_have_count(1)
    expect(page.get_by_role("link", name="Audit trail")).to_be_hidden()  # admins only

    # They move Mia from Alex's caseload to their own.
    names.get_by_role("link", name="Mia").click()
    expect(page.get_by_text("Alex Morgan is their PA.")).to_be_visible()
    page.get_by_role("button", name="Move them").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a different PA")
    expect(page.get_by_label("Move them to")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    page.get_by_label("Move them to").select_option(label="Sam Okafor (0 young people)")
    page.get_by_role("button", name="Move them").click()
    expect(page.get_by_role("status").first).to_have_text("Moved to Sam Okafor.")
    expect(page.get_by_text("Sam Okafor is their PA.")).to_be_visible()
    expect(page.get_by_label("Move them to")).to_contain_text("Alex Morgan (1 young person)")

    # Adding someone, a manager chooses among their team's PAs; themselves to begin with.
    page.goto("/staff/young-people/new")
    chooser = page.get_by_label("Personal Adviser")
    expect(chooser.locator("option:checked")).to_have_text("Sam Okafor")
    expect(chooser.locator("option")).to_have_text(["Choose a PA", "Alex Morgan", "Sam Okafor"])


def test_a_demo_young_person_signs_in_with_their_pin(page: Page, data_dir: Path) -> None:
    jordan = next(
        account
        for account in demo_accounts(data_dir)
        if account["council"] == "riverford" and account["sign_in"].get("username") == "jordan"
    )
    page.goto("/c/riverford/sign-in")
    page.get_by_label("Username").fill("jordan")
    page.get_by_label("PIN or passphrase").fill(jordan["sign_in"]["pin"])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Jordan")


def test_an_admin_adds_a_staff_member_who_sets_up_their_account(
    browser: Browser, desktop: StaffDesktop, base_url: str, admin: StaffAccount
) -> None:
    page = desktop(admin).new_page()
    page.goto("/staff")
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    expect(page.get_by_test_id("staff-table")).to_contain_text("Ada Okafor")

    page.get_by_label("Full name").fill("Kim Ray")
    page.get_by_label("Personal Adviser").check()
    page.get_by_label("Username", exact=True).fill("kim.e2e")
    page.get_by_role("button", name="Add and get an invite code").click()
    expect(page.get_by_role("heading", name="Invite code for Kim Ray")).to_be_focused()
    code = page.get_by_test_id("invite-code").inner_text()
    assert CODE.match(code)
    expect(page.get_by_test_id("staff-table")).to_contain_text("Kim Ray")

    page.get_by_label("Full name").fill("Kim Other")
    page.get_by_label("Team manager").check()
    page.get_by_label("Username", exact=True).fill("kim.e2e")
    page.get_by_role("button", name="Add and get an invite code").click()
    expect(page.get_by_role("alert")).to_contain_text("Someone already has this username.")
    expect(page.get_by_label("Username", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    other = browser.new_context(base_url=base_url, viewport=DESKTOP)
    kim = other.new_page()
    kim.goto("/staff/join")
    kim.get_by_label("Invite code").fill(code)
    kim.get_by_label("Choose a passphrase").fill("kim rows the harbour boat")
    kim.get_by_label("Type your passphrase again").fill("kim rows the harbour boat")
    kim.get_by_role("button", name="Set up my account").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Save these now")
    other.close()
