"""The offer page on a phone: search finds things by their words, synonyms and near misses,
offline too; links jump to each area; "What's new" lists what was published since the last
visit until it is hidden."""

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.conftest import assert_no_axe_violations, demo_staff
from e2e.demo_content import title
from e2e.people import staff_client
from e2e.test_offline_offer import visit_once_online

# Waits until the offer page has stored the offer it showed, in IndexedDB "harbour" (meta).
OFFER_SEEN = """async (council) => {
  for (let tries = 0; tries < 100; tries += 1) {
    const db = await new Promise((done) => {
      const request = indexedDB.open("harbour");
      request.onsuccess = () => done(request.result);
    });
    const seen = await new Promise((done) => {
      const request = db.transaction("meta").objectStore("meta").get("offerSeen");
      request.onsuccess = () => done(request.result);
    });
    db.close();
    if (seen && seen[council]) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the ${council} offer was never stored as seen`);
}"""


def search(page: Page, words: str) -> None:
    page.get_by_label("Search").fill(words)


def count(page: Page) -> Locator:
    """What the search says it found."""
    return page.locator(".search__count")


def results(page: Page) -> Locator:
    return page.get_by_role("region", name="Results").get_by_role("listitem")


def test_search_finds_things_offline_by_word_synonym_and_near_miss(
    context: BrowserContext, page: Page
) -> None:
    visit_once_online(page)
    context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()

    search(page, "rent")  # any form of the word, never inside "parent" or "current"
    best = results(page).first
    expect(best).to_contain_text(title("deposit-guarantee"))
    expect(best.locator("mark", has_text="renting")).to_be_visible()
    expect(best.locator("mark", has_text="deposit").first).to_be_visible()  # a synonym
    expect(page.get_by_role("heading", name="Somewhere to live", exact=True)).to_be_hidden()
    assert_no_axe_violations(page)

    search(page, "phone")  # the council's synonyms: phone is also mobile, SIM and data
    expect(results(page).first).to_contain_text(title("stay-connected"))
    expect(count(page)).to_contain_text("“phone”")

    search(page, "deposit")
    expect(results(page).first).to_contain_text(title("deposit-guarantee"))

    search(page, "rnet")  # a slip of the thumb
    expect(count(page)).to_have_text("Nothing matches “rnet”. Try a different word.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="rent", exact=True).click()
    expect(page.get_by_label("Search")).to_have_value("rent")
    expect(page.get_by_label("Search")).to_be_focused()
    expect(results(page).first).to_contain_text(title("deposit-guarantee"))

    results(page).first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("deposit-guarantee"))


def test_links_jump_to_each_area(page: Page) -> None:
    page.goto("/c/riverford/offer")
    jump = page.get_by_role("navigation", name="Jump to")
    expect(jump.get_by_role("link")).to_have_count(6)

    jump.get_by_role("link", name="Work").click()

    expect(page).to_have_url(re.compile(r"/c/riverford/offer#area-employment$"))
    expect(page.get_by_role("heading", name="Work", exact=True)).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")


def publish_changes(base_url: str, data_dir: Path) -> str:
    """Kingsmead's content editor adds an item and changes another, and publishes both (no
    other end-to-end test reads Kingsmead's offer). Returns the new item's title."""
    editor = staff_client(base_url, demo_staff(data_dir, "kingsmead", "content_editor"))
    new = editor.post(
        "/api/v1/editor/offer",
        json={
            "id": "free-haircut",
            "area": "health_and_wellbeing",
            "title": "A free haircut before your interview",
            "summary": "Look and feel your best: a free cut at a Kingsmead college salon.",
            "details": "Book through your PA.",
            "how_to_claim": "Ask your PA.",
            "contact": "Your PA",
            "provider": "Kingsmead County Council",
            "last_reviewed": "2026-11-30",
        },
    )
    new.raise_for_status()
    items = {item["key"]: item for item in editor.get("/api/v1/editor/offer").json()["items"]}
    awards = items["shine-awards"]
    changed = awards["current"] | {"summary": "Our yearly awards night, now with a disco."}
    saved = editor.put(
        f"/api/v1/editor/offer/{awards['id']}/draft",
        json={"revision": awards["revision"], "draft": changed},
    )
    saved.raise_for_status()
    for item in (new.json(), saved.json()):
        editor.post(
            f"/api/v1/editor/offer/{item['id']}/publish", json={"revision": item["revision"]}
        ).raise_for_status()
    return str(new.json()["current"]["title"])


def test_whats_new_lists_what_was_published_since_the_last_visit(
    page: Page, base_url: str, data_dir: Path
) -> None:
    page.goto("/c/kingsmead/offer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
    page.evaluate(OFFER_SEEN, "kingsmead")
    news = page.get_by_role("region", name="New since you last looked")
    expect(news).to_have_count(0)  # a first visit has nothing to compare with

    new_title = publish_changes(base_url, data_dir)
    page.reload()

    expect(news.get_by_role("listitem").filter(has_text=new_title)).to_contain_text("New")
    awards = news.get_by_role("listitem").filter(has_text="Kingsmead Shine Awards")
    expect(awards).to_contain_text("Updated")
    expect(news.get_by_role("listitem")).to_have_count(2)
    assert_no_axe_violations(page)

    page.reload()  # still there until it is hidden
    news.get_by_role("button", name="Got it, hide this").click()
    expect(news).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything on offer")
    expect(page.get_by_role("link", name=new_title)).to_be_visible()
    expect(news).to_have_count(0)
