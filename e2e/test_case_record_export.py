"""Export to the case record (issue 16, item 6), end to end in Chromium: a PA exports a
statement (the print-ready page, print emulation, and the JSON download), marks it copied to
the case record (which the statement's page then says), exports the pathway plan and a range
of statements (a reversed range refused against the right field), and the council admin's
audit trail names who exported whose record. axe at 1280 px and 390 px on every new page."""

import json
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.conftest import StaffDesktop, assert_no_axe_violations, follow
from e2e.people import staff_client
from e2e.server import StaffAccount
from e2e.test_triage_queue import young_person

CASE_REFERENCE = "LCS-770142/W"
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}


def axe_at_both_widths(page: Page) -> None:
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


def downloaded_json(page: Page, tmp_path: Path) -> dict[str, object]:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    download = info.value
    assert download.suggested_filename.startswith("harbour-case-record-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    document: dict[str, object] = json.loads(target.read_text())
    return document


def assert_prints_cleanly(page: Page, content: str) -> None:
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.get_by_role("button", name="Download JSON")).to_be_hidden()
    expect(page.locator(".back-link")).to_be_hidden()
    expect(page.get_by_test_id("case-reference")).to_have_text(CASE_REFERENCE)
    expect(page.get_by_test_id(content).first).to_be_visible()
    page.emulate_media(media="screen")


def test_a_pa_exports_a_statement_and_a_plan_and_the_audit_trail_names_them(
    desktop: StaffDesktop, base_url: str, pa: StaffAccount, admin: StaffAccount, tmp_path: Path
) -> None:
    wren = young_person(base_url, pa, "Wren")
    pa_api = staff_client(base_url, pa)
    pa_api.patch(
        f"/api/v1/young-people/{wren.id}", json={"case_reference": CASE_REFERENCE}
    ).raise_for_status()
    said = wren.send("feeling", answers={"feeling": 2, "text": "Nobody told me I was moving."})

    # The statement's page says it is not copied yet, and leads to its export.
    page = desktop(pa).new_page()
    page.goto(f"/staff/views/{said}")
    expect(page.get_by_test_id("copied-mark")).to_have_text(
        "Not marked as copied to the case record yet."
    )
    follow(page, "Export for the case record", "Case record export: How I'm feeling from Wren")
    expect(page.get_by_test_id("case-reference")).to_have_text(CASE_REFERENCE)
    statement = page.get_by_test_id("exported-statement")
    expect(statement).to_contain_text("Nobody told me I was moving.")
    axe_at_both_widths(page)

    document = downloaded_json(page, tmp_path)
    assert (document["schema"], document["version"]) == ("harbour.case-record.statement", 1)
    assert document["young_person"]["case_reference"] == CASE_REFERENCE  # type: ignore[index]
    assert document["statement"]["id"] == said  # type: ignore[index]
    expect(page.get_by_text("JSON file saved.")).to_be_visible()
    assert_prints_cleanly(page, "exported-statement")

    # Copied into the case system: the mark says who and when, here and on the statement.
    page.get_by_role("button", name="Mark as copied to case record").click()
    expect(page.get_by_test_id("copied-mark")).to_contain_text(
        "Copied to case record by Priya Shah on"
    )
    page.get_by_role("link", name="Back to the statement").click()
    expect(page.get_by_test_id("copied-mark")).to_contain_text(
        "Copied to case record by Priya Shah on"
    )
    expect(page.get_by_role("button", name="Mark as copied to case record")).to_have_count(0)
    assert_no_axe_violations(page)

    # The plan, with a task and its history.
    task = {"id": str(uuid.uuid4()), "title": "Book a dentist", "domain": "health", "owner": "pa"}
    pa_api.post(f"/api/v1/young-people/{wren.id}/plan/tasks", json=task).raise_for_status()
    page.goto(f"/staff/young-people/{wren.id}/plan")
    follow(page, "Export for the case record", "Case record export: Wren's pathway plan")
    expect(page.get_by_test_id("exported-task")).to_contain_text("Book a dentist")
    axe_at_both_widths(page)
    plan = downloaded_json(page, tmp_path)
    assert (plan["schema"], plan["young_person"]["case_reference"]) == (  # type: ignore[index]
        "harbour.case-record.plan",
        CASE_REFERENCE,
    )
    assert_prints_cleanly(page, "exported-task")

    # Their statements over a range of days: a reversed range is refused against "To".
    page.goto(f"/staff/young-people/{wren.id}")
    follow(page, "Export statements for the case record", "Case record export: Wren's statements")
    expect(page.get_by_test_id("exported-statement")).to_have_count(1)
    expect(page.get_by_test_id("range")).to_contain_text("1 statement received from")
    axe_at_both_widths(page)
    page.get_by_label("From").fill("2026-11-30")
    page.get_by_label("To").fill("2026-11-01")
    page.get_by_role("button", name="Show statements").click()
    expect(page.locator(".error-summary").get_by_role("link")).to_have_text(
        ["Enter an end date that is the same as the start date or after it"]
    )
    expect(page.get_by_label("To")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    # The same refused by the server, from an address typed in.
    page.goto(f"/staff/young-people/{wren.id}/statements/export?from=2026-11-30&to=2026-11-01")
    expect(page.locator(".error-summary").get_by_role("link")).to_have_text(
        ["Enter an end date that is the same as the start date or after it"]
    )

    # The admin's audit trail: who exported whose record, by name.
    trail = desktop(admin).new_page()
    trail.goto("/staff/audit")
    rows = trail.get_by_role("table", name="Audit events, newest first").locator("tbody tr")
    for what in (
        "Exported a statement for the case record",
        "Exported the pathway plan for the case record",
        "Exported statements for the case record",
    ):
        trail.get_by_label("What").select_option(label=what)
        trail.get_by_role("button", name="Show", exact=True).click()
        expect(rows.first.locator("td").nth(2)).to_have_text(what)
        expect(rows.first.locator("td").nth(1)).to_have_text("Priya Shah")
        expect(rows.first.locator("td").nth(3)).to_have_text("Wren")
    trail.get_by_label("What").select_option(label="Marked a statement copied to the case record")
    trail.get_by_role("button", name="Show", exact=True).click()
    expect(rows.first.locator("td").nth(1)).to_have_text("Priya Shah")
    assert_no_axe_violations(trail)
