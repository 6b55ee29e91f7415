"""Statements put straight into a phone's outbox, in the format the app stores them
(frontend/src/core/outbox.ts OutboxItem and features/statements/statements.ts
LocalStatement), from the page's own origin. For tests and benchmarks that need more, or
odder, items than a person would type; the app then sends them with its own code."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Page

# Writes outbox items and the phone's copies in one transaction, in IndexedDB "harbour".
PUT_STATEMENTS = """async ({ items, copies }) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("harbour");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction(["outbox", "statements"], "readwrite");
    for (const item of items) tx.objectStore("outbox").put(item);
    for (const copy of copies) tx.objectStore("statements").put(copy);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}"""

COUNT_OUTBOX = """async () => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("harbour");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const count = await new Promise((resolve, reject) => {
    const request = db.transaction("outbox").objectStore("outbox").count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return count;
}"""


def statement_item(owner: str, answers: dict[str, Any], at: datetime) -> dict[str, Any]:
    """An outbox item holding a "Sort a problem" statement to the PA."""
    body = {
        "type": "problem",
        "recipient": "pa",
        "urgent": False,
        "answers": answers,
        "about": None,
    }
    return {
        "id": str(uuid.uuid4()),
        "kind": "statement",
        "body": body,
        "created_at": at.isoformat().replace("+00:00", "Z"),
        "owner": owner,
        "state": "pending",
        "problem": None,
        "errors": [],
        "attempts": 0,
    }


def put_statements(page: Page, owner: str, answers: list[dict[str, Any]]) -> list[str]:
    """Puts one statement per entry of `answers` in the outbox; returns their ids."""
    start = datetime.now(UTC) - timedelta(seconds=len(answers))
    items = [
        statement_item(owner, one, start + timedelta(milliseconds=n))
        for n, one in enumerate(answers)
    ]
    copies = [
        {
            "id": item["id"],
            "owner": owner,
            "council": "riverford",
            "type": item["body"]["type"],
            "urgent": item["body"]["urgent"],
            "body": item["body"],
            "recipient_label": "Your personal adviser",
            "created_at": item["created_at"],
            "sent": False,
            "server": None,
        }
        for item in items
    ]
    page.evaluate(PUT_STATEMENTS, {"items": items, "copies": copies})
    return [item["id"] for item in items]


def outbox_count(page: Page) -> int:
    return int(page.evaluate(COUNT_OUTBOX))


# Everything in IndexedDB "harbour", as someone with the browser's devtools would see it:
# each store's rows, and `meta` as {name: value}.
READ_EVERYTHING = """async () => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("harbour");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const read = (name, how) => new Promise((resolve, reject) => {
    const request = db.transaction(name).objectStore(name)[how]();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const stores = {};
  for (const name of db.objectStoreNames) {
    const values = await read(name, "getAll");
    if (name !== "meta") stores[name] = values;
    else {
      const keys = await read(name, "getAllKeys");
      stores[name] = Object.fromEntries(keys.map((key, n) => [key, values[n]]));
    }
  }
  db.close();
  return stores;
}"""


def stored(page: Page) -> dict[str, Any]:
    """Every IndexedDB store of the app, read from the page."""
    result: dict[str, Any] = page.evaluate(READ_EVERYTHING)
    return result


def owned_by(page: Page, store: str, owner: str) -> list[dict[str, Any]]:
    """The rows of `store` that belong to `owner`."""
    return [row for row in stored(page)[store] if row.get("owner") == owner]
