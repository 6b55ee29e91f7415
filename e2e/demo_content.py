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


def answer_check(
    page: Page, age: str, *, left_care_at: str | None = None, weeks: str = "Yes", study: str = "No"
) -> None:
    """Fill in "What can I get?" with plain answers (in care now, unless they left care at
    `left_care_at`) and ask for the results."""
    page.get_by_label("I'll give my age").check()
    page.get_by_label("Your age").fill(age)
    in_care = page.get_by_role("group", name="Are you in care now?")
    if left_care_at is None:
        in_care.get_by_label("Yes", exact=True).check()
    else:
        in_care.get_by_label("No, I've left care").check()
        page.get_by_label("How old were you when you left care?").fill(left_care_at)
    answer_after_age(page, weeks, study)


def answer_after_age(page: Page, weeks: str | None, study: str) -> None:
    """The 13-weeks question (unless `weeks` is None: not asked) and the study question, then
    ask for the results."""
    if weeks is not None:
        question = "Were you in care for at least 13 weeks after you turned 14?"
        page.get_by_role("group", name=question).get_by_label(weeks, exact=True).check()
    studying = page.get_by_role("group", name="Are you at college, university or training?")
    studying.get_by_label(study, exact=True).check()
    page.get_by_role("button", name="Show what I can get").click()
