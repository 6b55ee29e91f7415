"""On a shared phone, an item someone saved is only ever sent under their own session; and
a young person stays signed in on their phone when it is offline."""

import json

from playwright.sync_api import BrowserContext, Page, Request, expect

from e2e.conftest import wait_for_service_worker
from e2e.people import add_young_person
from e2e.server import StaffAccount
from e2e.test_young_person_sign_in import join

OTHER_PERSONS_ITEM = "0b7f1c2e-5d7a-4c1e-9f3b-6a2d8e4c1a90"

PUT_ITEM = """async (item) => {
  const db = await new Promise((done, fail) => {
    const request = indexedDB.open("harbour");
    request.onsuccess = () => done(request.result);
    request.onerror = () => fail(request.error);
  });
  await new Promise((done, fail) => {
    const tx = db.transaction("outbox", "readwrite");
    tx.objectStore("outbox").put(item);
    tx.oncomplete = done;
    tx.onerror = () => fail(tx.error);
  });
  db.close();
}"""


def test_someone_elses_item_is_never_sent_under_my_session(
    context: BrowserContext, page: Page, base_url: str, pa: StaffAccount
) -> None:
    pushed: list[str] = []

    def record(request: Request) -> None:
        if request.url.endswith("/api/v1/sync/push"):
            pushed.extend(item["id"] for item in json.loads(request.post_data or "{}")["items"])

    page.on("request", record)
    page.goto("/c/riverford")
    wait_for_service_worker(page)
    page.evaluate(
        PUT_ITEM,
        {
            "id": OTHER_PERSONS_ITEM,
            "kind": "pledge_answer",
            "body": {
                "council": "riverford",
                "promise": "involve-you-in-decisions",
                "answer": "yes",
                "comment": "",
                "respondent": "5e0c7b7a-1f4e-4b8e-9d55-3c1a2b7d9e10",
            },
            "created_at": "2026-11-20T10:00:00.000Z",
            "owner": "someone-who-used-this-phone-before",
            "state": "pending",
            "problem": None,
            "errors": [],
            "attempts": 0,
        },
    )
    page.reload()
    expect(page.get_by_test_id("outbox-others")).to_have_text(
        "1 saved item is waiting for its owner to sign in."
    )

    person = add_young_person(base_url, pa)
    join(page, person.code, f"shared-{person.preferred_name.lower()}")
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    expect(page.get_by_test_id("outbox-others")).to_be_hidden()
    expect(page.get_by_test_id("outbox-count")).to_be_hidden()
    assert OTHER_PERSONS_ITEM not in pushed

    # Offline, the phone still knows who is signed in.
    context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_test_id("signed-in-as")).to_have_text(
        f"Signed in as {person.preferred_name}"
    )
    context.set_offline(False)
