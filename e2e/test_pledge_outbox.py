"""A pledge answer given offline is kept on the phone, then stored exactly once."""

import json
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, Request, expect

from e2e.conftest import wait_for_service_worker
from e2e.demo_content import promise_text

PLEDGE = "/c/riverford/pledge"
PROMISE = "involve-you-in-decisions"


def summary_for(base_url: str, promise: str) -> dict[str, Any]:
    counts = httpx.get(f"{base_url}/api/v1/councils/riverford/pledge/summary").json()
    return next(row for row in counts["promises"] if row["id"] == promise)


def test_an_offline_answer_survives_a_reload_and_is_stored_once(
    context: BrowserContext, page: Page, base_url: str
) -> None:
    page.goto(PLEDGE)
    wait_for_service_worker(page)
    page.reload()  # the pledge is now in the service worker's cache
    before = summary_for(base_url, PROMISE)
    pushes: list[Request] = []
    page.on("request", lambda r: pushes.append(r) if r.url.endswith("/sync/push") else None)

    context.set_offline(True)
    promise = page.get_by_role("group").filter(has=page.get_by_text(promise_text(PROMISE)))
    promise.get_by_role("button", name="No").click()
    status = page.get_by_test_id(f"pledge-status-{PROMISE}")
    expect(status).to_have_text("Saved on this phone")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1 thing waiting to send")

    page.reload()  # still offline: the answer and the outbox are on the phone
    expect(status).to_have_text("Saved on this phone")
    expect(promise.get_by_role("button", name="No")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1 thing waiting to send")

    context.set_offline(False)  # the `online` event flushes the outbox
    expect(status).to_have_text("Sent")
    expect(page.get_by_test_id("outbox-count")).to_be_hidden()
    after = summary_for(base_url, PROMISE)
    assert after["no"] == before["no"] + 1

    # The phone's request, sent again (as after a lost response): stored once all the same.
    batch = json.loads(pushes[-1].post_data or "{}")
    again = httpx.post(f"{base_url}/api/v1/sync/push", json=batch).json()
    assert [r["status"] for r in again["results"]] == ["duplicate"]
    assert summary_for(base_url, PROMISE) == after


def test_a_401_while_sending_keeps_every_item_and_asks_to_sign_in_again(
    page: Page, base_url: str
) -> None:
    page.goto(PLEDGE)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.route(
        "**/api/v1/sync/push",
        lambda route: route.fulfill(
            status=401,
            content_type="application/json",
            body='{"error": {"code": "signed_out", "message": "Please sign in.", "fields": []}}',
        ),
    )
    promise = page.get_by_role("group").filter(has=page.get_by_text(promise_text(PROMISE)))
    promise.get_by_role("button", name="Yes").click()
    expect(page.get_by_test_id("sign-in-again")).to_contain_text(
        "Sign in again to send 1 saved item."
    )
    expect(
        page.get_by_test_id("sign-in-again").get_by_role("link", name="Sign in")
    ).to_have_attribute("href", "/c/riverford/sign-in")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1 thing waiting to send")

    page.reload()  # the item is still on the phone after the refusal
    expect(page.get_by_test_id("outbox-count")).to_have_text("1 thing waiting to send")
    page.unroute("**/api/v1/sync/push")
    page.reload()  # opening the app sends it, now the server takes it
    expect(page.get_by_test_id("outbox-count")).to_be_hidden()
    expect(page.get_by_test_id("sign-in-again")).to_be_hidden()
    expect(page.get_by_test_id(f"pledge-status-{PROMISE}")).to_have_text("Sent")
