"""How long 1,000 statements queued offline on a phone take to reach the server.

Starts `harbour serve` with the demo content, signs a young person in with Debian's Chromium
on a phone viewport, and, offline, puts 1,000 "Sort a problem" statements into the app's
outbox in the format the app stores (e2e/outbox_store.py: the same IndexedDB rows "Send"
writes). Then it goes online: the app's own outbox sends them (batches of 50, one at a time,
each with the session cookie and CSRF token) and pulls their states. It reports the time
until the phone's outbox is empty, and until the PA's queue holds all 1,000, each once
(checked by id). Usage: .venv/bin/python -m bench.statements_sync (from the repository root)
"""

import json
import os
import platform
import tempfile
import time
from pathlib import Path

import httpx
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from e2e.outbox_store import outbox_count, put_statements
from e2e.people import add_young_person, staff_client
from e2e.server import ROOT, create_staff, running_server
from e2e.test_young_person_sign_in import join
from playwright.sync_api import sync_playwright

COUNT = 1_000
TIMEOUT_SECONDS = 300
RESULTS = ROOT / "bench" / "results"


def queued_ids(client: httpx.Client, person: str) -> list[str]:
    """Every statement id in the PA's queue for `person`, page by page."""
    ids: list[str] = []
    while True:
        page = client.get(
            "/api/v1/statements",
            params={"young_person_id": person, "limit": 200, "offset": len(ids)},
        ).json()
        ids += [item["id"] for item in page["items"]]
        if len(ids) >= page["total"] or not page["items"]:
            return ids


def main() -> None:
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    with (
        tempfile.TemporaryDirectory() as data,
        running_server(Path(data)) as base_url,
        sync_playwright() as playwright,
    ):
        pa = create_staff(Path(data), "riverford", "priya", "Priya Shah", "personal_adviser")
        person = add_young_person(base_url, pa, "Bench")
        pa_api = staff_client(base_url, pa)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True)
        page = context.new_page()
        join(page, person.code, "bench-views")
        page.get_by_test_id("signed-in-as").wait_for()

        context.set_offline(True)
        ids = put_statements(
            page, person.id, [{"text": f"Statement {n} written offline."} for n in range(COUNT)]
        )
        assert outbox_count(page) == COUNT

        started = time.perf_counter()
        context.set_offline(False)  # the app's `online` listener flushes the outbox
        emptied = None
        while time.perf_counter() - started < TIMEOUT_SECONDS:
            if outbox_count(page) == 0:
                emptied = time.perf_counter() - started
                break
            time.sleep(0.05)
        if emptied is None:
            raise SystemExit(f"outbox not empty after {TIMEOUT_SECONDS} s")
        on_server = queued_ids(pa_api, person.id)
        checked = time.perf_counter() - started
        browser.close()

    assert len(on_server) == COUNT, f"{len(on_server)} on the server, not {COUNT}"
    assert sorted(on_server) == sorted(ids), "the server's ids are not the phone's"
    report = {
        "statements": COUNT,
        "outbox_empty_seconds": round(emptied, 2),
        "all_on_server_checked_seconds": round(checked, 2),
        "statements_per_second": round(COUNT / emptied),
    }
    print(
        f"{COUNT} statements: outbox empty after {report['outbox_empty_seconds']} s "
        f"({report['statements_per_second']} a second); all {COUNT} in the PA's queue, "
        f"once each, checked by {report['all_on_server_checked_seconds']} s"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "statements-sync.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
