"""Privacy at the point of use (issue 14): the young person's privacy page, from More and the
footer, signed out and in; and a line on who sees it and how long it is kept wherever they
give Harbour something (joining, signing in, a statement, a task note, the health passport,
reminders), each leading to that page."""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from e2e.conftest import assert_fits_320, assert_no_axe_violations, tab
from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_my_plan import add_pa_task
from e2e.test_young_person_sign_in import join

HOME = "/c/riverford"
PRIVACY = f"{HOME}/privacy"
HEADINGS = [
    "What Harbour keeps",
    "Who can see it",
    "What stays on this phone",
    "How long it's kept",
    "Your rights",
    "Who to ask",
]


def open_privacy_from_more(page: Page) -> None:
    page.get_by_role("main").get_by_role("link", name="Your privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your privacy")


def assert_note_leads_to_privacy(page: Page, says: str) -> None:
    """The page's privacy note says `says` and links to the privacy page."""
    note = page.get_by_test_id("privacy-note")
    expect(note).to_contain_text(says)
    expect(note.get_by_role("link", name="How Harbour uses your information")).to_have_attribute(
        "href", PRIVACY
    )


def test_the_privacy_page_from_more_and_the_footer(page: Page) -> None:
    page.goto(HOME)
    page.get_by_test_id("quick-exit-intro").get_by_role("button", name="Got it").click()
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Your privacy")).to_have_attribute("href", PRIVACY)
    page.goto(f"{HOME}/more")
    open_privacy_from_more(page)
    expect(page).to_have_title(re.compile(r"^Your privacy\b"))
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_text(HEADINGS)
    main = page.get_by_role("main")
    expect(main).to_contain_text("not your carers, not your family, not other young people")
    expect(main).to_contain_text("Your health passport stays private")
    for name, href in (
        ("Download my data", f"{HOME}/my-data"),
        ("Who has seen my information", f"{HOME}/seen"),
        ("Sort a problem", f"{HOME}/views/new/problem"),
        ("Delete everything on this phone", f"{HOME}/this-phone"),
        ("Call the ICO on 0303 123 1113", "tel:03031231113"),
        ("Complain to the ICO online (ico.org.uk)", "https://ico.org.uk/make-a-complaint/"),
    ):
        expect(main.get_by_role("link", name=name)).to_have_attribute("href", href)
    assert_no_axe_violations(page)

    # Signed out, joining and signing in say what is kept before anything is typed.
    page.goto(f"{HOME}/join")
    assert_note_leads_to_privacy(page, "scrambled so nobody can read it")
    assert_no_axe_violations(page)
    page.goto(f"{HOME}/sign-in")
    assert_note_leads_to_privacy(page, "up to 90 days")
    assert_fits_320(page, [PRIVACY, f"{HOME}/join", f"{HOME}/sign-in"])


def test_who_sees_it_where_a_young_person_gives_harbour_something(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Ashlyn")
    task = add_pa_task(
        staff_client(base_url, pa),
        person.id,
        "Book a dentist",
        "health",
        date.today() + timedelta(7),
    )
    join(page, person.code, "ash-privacy")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Ashlyn")
    tab(page, "More").click()
    open_privacy_from_more(page)
    expect(tab(page, "More")).to_have_attribute("aria-current", "page")

    tab(page, "My views").click()
    page.get_by_role("link", name="Sort a problem").click()
    who = page.get_by_test_id("who-sees")
    expect(who).to_contain_text("Who will see this: Priya, your personal adviser")
    expect(who).to_contain_text("Their manager and the Harbour admin at your council")
    assert_note_leads_to_privacy(page, "Your council keeps it with its records about you")
    assert_no_axe_violations(page)

    page.goto(f"{HOME}/plan/tasks/{task}")
    assert_note_leads_to_privacy(page, "Your PA gets your note straight away")
    assert_no_axe_violations(page)

    page.goto(f"{HOME}/health/edit/doctor")
    assert_note_leads_to_privacy(page, "unless you share it with your PA")

    page.goto(f"{HOME}/reminders")
    assert_note_leads_to_privacy(page, "forgets it when you sign out here")
    assert_no_axe_violations(page)

    page.get_by_test_id("privacy-note").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your privacy")
