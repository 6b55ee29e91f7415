"""Download my data, and who has seen my information, in real Chromium: the young person
reads everything Harbour keeps about them and saves it as a file with their own words in it;
their PA opens their statement in the staff screens, and the young person then sees that in
"Who has seen my information"; both pages need the internet and say so kindly offline; staff
download the same for a subject access request."""

import json
import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations, follow, tab
from e2e.people import staff_client
from e2e.server import StaffAccount
from e2e.test_my_views import expect_states, how_i_feel, join_ready_for_offline

WORDS = "Rent is hard this month."  # what how_i_feel writes
FILE_NAME = re.compile(r"^harbour-my-data-\d{4}-\d{2}-\d{2}\.json$")
SECTIONS = [
    "About you",
    "What you've told us",
    "Your pathway plan",
    "Your health passport",
    "Your inbox and reminders",
    "Where you're signed in, and your devices",
    "Who has seen your information",
    "What isn't here, and why",
]


def open_from_more(page: Page, link: str) -> None:
    tab(page, "More").click()
    follow(page, link)


def test_my_data_and_who_has_seen_it(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, pa: StaffAccount
) -> None:
    person = join_ready_for_offline(page, base_url, pa, "Marisol")
    tab(page, "My views").click()
    context.set_offline(True)  # written offline, as in the My views tests, then sent
    how_i_feel(page)
    context.set_offline(False)
    expect_states(page, "Received")

    open_from_more(page, "Who has seen my information")
    expect(page.get_by_test_id("seen-empty")).to_be_visible()
    assert_no_axe_violations(page)

    staff = desktop(pa).new_page()  # the PA opens the statement in the staff screens
    staff.goto("/staff/views")
    staff.get_by_role("link", name="How I'm feeling from Marisol").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("How I'm feeling from Marisol")

    page.reload()
    name = staff_client(base_url, pa).get("/api/v1/auth/me").json()["display_name"].split()[0]
    expect(page.get_by_test_id("seen")).to_contain_text(
        f"{name} (your personal adviser) opened your “How I'm feeling” on"
    )
    assert_no_axe_violations(page)

    open_from_more(page, "Download my data")
    for heading in SECTIONS:
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_test_id("md-statements")).to_contain_text(WORDS)
    expect(page.get_by_test_id("md-seen")).to_contain_text(f"{name} (your personal adviser)")
    assert_no_axe_violations(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as a file (JSON)").click()
    saved = download.value
    assert FILE_NAME.match(saved.suggested_filename), saved.suggested_filename
    document = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert document["profile"]["id"] == person
    assert [s["answers"]["text"] for s in document["statements"]] == [WORDS]
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        "Your file is saved in your downloads."
    )

    context.set_offline(True)  # online only, and kind about it
    page.reload()
    expect(page.get_by_test_id("online-only")).to_contain_text("needs the internet")
    assert_no_axe_violations(page)
    context.set_offline(False)  # back online, it asks again by itself
    expect(page.get_by_test_id("md-statements")).to_contain_text(WORDS)

    context.set_offline(True)
    open_from_more(page, "Who has seen my information")
    expect(page.get_by_test_id("online-only")).to_contain_text("needs the internet")
    assert_no_axe_violations(page)
    context.set_offline(False)


def test_staff_download_everything_for_a_subject_access_request(
    context: BrowserContext, page: Page, base_url: str, desktop: StaffDesktop, pa: StaffAccount
) -> None:
    person = join_ready_for_offline(page, base_url, pa, "Ravi")
    tab(page, "My views").click()
    context.set_offline(True)  # how_i_feel sees it saved on the phone first, then it goes
    how_i_feel(page)
    context.set_offline(False)
    expect_states(page, "Received")

    staff = desktop(pa).new_page()
    staff.goto(f"/staff/young-people/{person}")
    expect(staff.get_by_role("heading", level=2, name="Subject access request")).to_be_visible()
    assert_no_axe_violations(staff)
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Subject access request: download everything").click()
    saved = download.value
    assert re.match(r"^harbour-subject-access-\d{4}-\d{2}-\d{2}\.json$", saved.suggested_filename)
    document = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert document["made_for"] == "subject_access_request"
    assert [s["answers"]["text"] for s in document["statements"]] == [WORDS]

    open_from_more(page, "Who has seen my information")
    expect(page.get_by_test_id("seen")).to_contain_text(
        "opened a copy of everything Harbour keeps about you"
    )
