"""Once drawn, a young person's page goes quiet: no reading and drawing again and again (a
sent statement's page once did, keeping a phone's processor busy; bench.lighthouse showed
8 s of script on it)."""

import uuid
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from e2e.people import add_young_person, staff_client
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import join

# Counts the app's IndexedDB reads of whole stores, the way its pages read statements,
# drafts and replies.
COUNT_READS = """
window.__storeReads = 0;
for (const kind of [IDBObjectStore, IDBIndex]) {
  const getAll = kind.prototype.getAll;
  kind.prototype.getAll = function (...args) {
    window.__storeReads += 1;
    return getAll.apply(this, args);
  };
}
"""


def reads(page: Page) -> int:
    return int(page.evaluate("window.__storeReads"))


def test_a_sent_statement_page_goes_quiet_once_drawn(
    page: Page, base_url: str, pa: StaffAccount
) -> None:
    person = add_young_person(base_url, pa, "Quill")
    join(page, person.code, "quill-settles")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as Quill")
    statement = str(uuid.uuid4())
    body = {"type": "feeling", "recipient": "pa", "urgent": False, "answers": {"feeling": 3}}
    item = {"id": statement, "kind": "statement", "created_at": datetime.now(UTC).isoformat()}
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "harbour_csrf")
    pushed = page.request.post(
        "/api/v1/sync/push",
        data={"items": [item | {"body": body}]},
        headers={"X-CSRF-Token": csrf},
    )
    assert pushed.ok, pushed.text()
    reply = "Thanks Quill, see you on Friday."
    pa_api = staff_client(base_url, pa)
    pa_api.post(f"/api/v1/statements/{statement}/replies", json={"text": reply}).raise_for_status()

    page.add_init_script(COUNT_READS)
    page.goto(f"/c/riverford/views/sent/{statement}")
    expect(page.get_by_test_id("replies")).to_contain_text(reply)
    page.wait_for_timeout(500)  # the pull after opening settles
    settled = reads(page)
    page.wait_for_timeout(1000)
    assert reads(page) == settled, "the page keeps reading after it was drawn"
