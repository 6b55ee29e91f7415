"""The demo council as the tests see it: its content pack, read so tests find things by their
real titles and keep working when the content is edited, and common steps through its pages."""

from functools import cache
from typing import Any

import yaml
from playwright.sync_api import Page

from e2e.server import ROOT


@cache
def riverford() -> dict[str, Any]:
    pack: dict[str, Any] = yaml.safe_load((ROOT / "content" / "riverford.yaml").read_text())
    return pack


def title(item_id: str) -> str:
    return str(next(i["title"] for i in riverford()["offer"] if i["id"] == item_id))


def promise_text(promise_id: str) -> str:
    promises = (p for theme in riverford()["pledge"]["themes"] for p in theme["promises"])
    return str(next(p["text"] for p in promises if p["id"] == promise_id))


def answer_check(page: Page, age: str, status: str) -> None:
    """Fill in "What can I get?" with an age and a status, and ask for the results."""
    page.get_by_label("I'll give my age").check()
    page.get_by_label("Your age").fill(age)
    page.get_by_label(status, exact=True).check()
    page.get_by_role("button", name="Show what I can get").click()
