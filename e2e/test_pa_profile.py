"""Issue 13's PA profile, both sides in real Chromium: Alex adds a work phone (a number that is
not a UK one is named) and a photo on "Your profile"; their young person sees the photo and a
"Call Alex" tel: link on home, in a thread and on the help screen, the photo offline too; after
signing out nothing of the photo is left in Cache Storage."""

import io
import os
import re
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations, tab, wait_for_cached
from e2e.people import staff_in_team
from e2e.server import StaffAccount
from e2e.test_my_views import how_i_feel, join_ready_for_offline

TEAM = "Quayside profile team"
PHONE = "07700 900123"
TEL = "tel:07700900123"

# Every Cache Storage entry's cache and address.
CACHED_URLS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) found.push(name + " " + request.url);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def alex(base_url: str, data_dir: Path, admin: StaffAccount) -> StaffAccount:
    """A PA of a team of their own."""
    accounts = staff_in_team(
        base_url, data_dir, admin, TEAM, {"alexrowe": ("Alex Rowe", "personal_adviser")}
    )
    return accounts["alexrowe"]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A photo as a phone takes it: over the server's 2 MB (the page draws it smaller first),
    with where it was taken in its EXIF."""
    exif = Image.Exif()
    place = exif.get_ifd(ExifTags.IFD.GPSInfo)
    place[ExifTags.GPS.GPSLatitudeRef] = "N"
    place[ExifTags.GPS.GPSLatitude] = (53.0, 28.0, 12.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (3000, 2000), os.urandom(3000 * 2000 * 3)).save(
        out, "JPEG", quality=95, exif=exif
    )
    assert len(out.getvalue()) > 2 * 1024 * 1024
    path = tmp_path / "alex.jpg"
    path.write_bytes(out.getvalue())
    return path


def expect_photo(photo: Locator, size: str) -> None:
    """The photo has loaded, in a box whose size was set before it came (no layout shift)."""
    expect(photo).to_have_attribute("width", size)
    expect(photo).to_have_attribute("height", size)
    expect(photo).to_have_attribute("alt", "")  # their name is beside it
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("(img) => img.naturalWidth") == 192


def add_phone_and_photo(staff: Page, photo: Path) -> None:
    staff.goto("/staff")
    staff.get_by_role("link", name="Your profile").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(staff.get_by_text("The young people you're PA for see this")).to_be_visible()
    assert_no_axe_violations(staff)

    staff.get_by_label("Work phone number").fill("12345")
    staff.get_by_role("button", name="Save phone number").click()
    expect(staff.get_by_role("alert")).to_contain_text("Enter a UK phone number")
    expect(staff).to_have_title(re.compile(r"^Error: Your profile"))
    assert_no_axe_violations(staff)

    staff.get_by_label("Work phone number").fill(PHONE)
    staff.get_by_role("button", name="Save phone number").click()
    expect(staff.get_by_test_id("profile-notice")).to_have_text("Your work phone is saved.")

    staff.get_by_label("Upload a photo").set_input_files(photo)
    staff.get_by_role("button", name="Save photo").click()
    expect(staff.get_by_test_id("profile-notice")).to_have_text("Your photo is saved.")
    now = staff.get_by_test_id("profile-photo-now")
    expect(now).to_have_js_property("complete", True)
    assert now.evaluate("(img) => img.naturalWidth") == 192
    assert_no_axe_violations(staff)


def test_a_pas_phone_and_photo_reach_their_young_person_and_go_at_sign_out(
    page: Page, base_url: str, desktop: StaffDesktop, alex: StaffAccount, photo: Path
) -> None:
    add_phone_and_photo(desktop(alex).new_page(), photo)
    join_ready_for_offline(page, base_url, alex, "Wrenna")

    # Home: a small "Your PA" card.
    tab(page, "Home").click()
    card = page.get_by_test_id("pa-card")
    expect(card).to_contain_text("Alex is your personal adviser.")
    expect(card.get_by_role("link", name="Call Alex")).to_have_attribute("href", TEL)
    expect_photo(card.locator("img"), "96")
    address = str(card.locator("img").get_attribute("src"))
    assert address.startswith("/api/v1/my-pa/photo?v=")
    wait_for_cached(page, address)
    assert_no_axe_violations(page)

    # The thread with Alex: their photo by the heading, and the call.
    tab(page, "My views").click()
    page.context.set_offline(True)  # how_i_feel sees it saved on the phone first
    how_i_feel(page)
    page.context.set_offline(False)
    expect(page.get_by_role("heading", name="You and Alex")).to_be_visible()
    expect_photo(page.locator(".pa-line img"), "48")
    expect(page.get_by_role("link", name="Call Alex")).to_have_attribute("href", TEL)
    assert_no_axe_violations(page)

    # Help: by the emergency numbers, and clearly not one of them.
    page.goto("/c/riverford/views/help")
    number = page.get_by_test_id("help-pa-phone")
    expect(number).to_contain_text("Alex's work phone (office hours). Not for emergencies.")
    expect(number.get_by_role("link", name="Call Alex")).to_have_attribute("href", TEL)
    expect_photo(number.locator("img"), "48")
    assert_no_axe_violations(page)

    # Offline, the photo comes from the service worker's cache.
    page.context.set_offline(True)
    tab(page, "Home").click()
    expect_photo(page.get_by_test_id("pa-card").locator("img"), "96")
    page.context.set_offline(False)

    page.goto("/c/riverford/sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(tab(page, "Sign in")).to_be_visible()
    cached: list[str] = page.evaluate(CACHED_URLS)
    assert [entry for entry in cached if "my-pa" in entry or "harbour-pa-photo" in entry] == []
    assert "harbour-pa-photo" not in page.evaluate("caches.keys()")
    expect(page.get_by_test_id("pa-card")).to_have_count(0)
