"""Take the README's screenshots from a real server with the demo content.

Usage (from the repository root, after `make build`): .venv/bin/python -m e2e.screenshots
"""

import tempfile
from functools import partial
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, demo_staff
from e2e.demo_content import answer_check
from e2e.people import add_young_person
from e2e.server import ROOT, running_server
from e2e.test_young_person_sign_in import fill_join

OUT = ROOT / "docs" / "screenshots"


def fill_check(page: Page) -> None:
    answer_check(page, "17", "Relevant")
    page.get_by_role("heading", name="You can get these").scroll_into_view_if_needed()


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


SHOTS = {
    "offer-phone.png": ("/c/riverford/offer", None),
    "check-results-phone.png": ("/c/riverford/check", fill_check),
    "pledge-offline-phone.png": ("/c/riverford/pledge", answer_offline),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as data,
        running_server(Path(data)) as base_url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        passkey = partial(offer_passkey, base_url=base_url, data_dir=Path(data))
        for name, (path, action) in (SHOTS | {"passkey-offer-phone.png": ("/", passkey)}).items():
            context = browser.new_context(
                base_url=base_url, viewport=PHONE, device_scale_factor=2, is_mobile=True
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
