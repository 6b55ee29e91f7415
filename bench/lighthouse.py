"""Run Lighthouse (mobile emulation, its default) against a local Harbour server.

Budgets (ARCHITECTURE.md §6): performance ≥ 95, accessibility 100, best practices ≥ 95.
It starts `harbour serve` with the demo content, audits the key pages with Debian's
Chromium, prints the scores and writes the full reports to bench/results/.
Usage: .venv/bin/python -m bench.lighthouse (from the repository root)
"""

import json
import os
import platform
import subprocess
import tempfile
from pathlib import Path

from e2e.server import ROOT, running_server

PAGES = ["/c/riverford", "/c/riverford/offer", "/c/riverford/check", "/c/riverford/pledge"]
CATEGORIES = ["performance", "accessibility", "best-practices"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
RESULTS = ROOT / "bench" / "results"


def audit(url: str, output: Path) -> dict[str, int]:
    subprocess.run(
        [
            str(ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"),
            url,
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={output}",
        ],
        check=True,
        env=os.environ | {"CHROME_PATH": "/usr/bin/chromium"},
    )
    categories = json.loads(output.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    with tempfile.TemporaryDirectory() as data_dir, running_server(Path(data_dir)) as base_url:
        for path in PAGES:
            name = path.strip("/").replace("/", "-")
            scores = audit(base_url + path, RESULTS / f"lighthouse-{name}.json")
            print(f"{path:28} " + "  ".join(f"{k} {v}" for k, v in scores.items()))


if __name__ == "__main__":
    main()
