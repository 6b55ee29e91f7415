"""Report the gzipped size of the JavaScript and CSS that the first page load needs.

Budgets (ARCHITECTURE.md §6): initial JS ≤ 50 KB gzipped, CSS ≤ 15 KB gzipped. This script
reports; it does not fail the build. Usage: .venv/bin/python -m bench.bundle_size
"""

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

DIST = Path(__file__).resolve().parents[1] / "frontend" / "dist"
BUDGET_KB = {"js": 50, "css": 15}


class InitialAssets(HTMLParser):
    """Collects the scripts, module preloads and stylesheets named in index.html."""

    def __init__(self) -> None:
        super().__init__()
        self.js: list[str] = []
        self.css: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.js.append(str(found["src"]))
        elif tag == "link" and found.get("rel") == "modulepreload" and found.get("href"):
            self.js.append(str(found["href"]))
        elif tag == "link" and found.get("rel") == "stylesheet" and found.get("href"):
            self.css.append(str(found["href"]))


def gzipped_kb(paths: list[str]) -> float:
    total = sum(len(gzip.compress((DIST / p.lstrip("/")).read_bytes(), 9)) for p in paths)
    return round(total / 1024, 1)


def main() -> None:
    assets = InitialAssets()
    assets.feed((DIST / "index.html").read_text())
    report = {
        kind: {"files": files, "gzipped_kb": gzipped_kb(files), "budget_kb": BUDGET_KB[kind]}
        for kind, files in (("js", assets.js), ("css", assets.css))
    }
    for kind, row in report.items():
        verdict = "within budget" if row["gzipped_kb"] <= row["budget_kb"] else "OVER BUDGET"
        size, budget = row["gzipped_kb"], row["budget_kb"]
        print(f"initial {kind}: {size} KB gzipped (budget {budget} KB), {verdict}")
    results = DIST.parents[1] / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "bundle-size.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
