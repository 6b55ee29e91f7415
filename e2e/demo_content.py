"""Read the demo council's content pack, so tests find things by their real titles and
keep working when the content is edited."""

from functools import cache
from typing import Any

import yaml

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
