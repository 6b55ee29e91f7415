"""Run Lighthouse (mobile emulation, its default) against a local Harbour server.

Budgets (ARCHITECTURE.md §6): performance ≥ 95, accessibility 100, best practices ≥ 95.
It starts `harbour serve` with the demo content, audits each key page three times with
Debian's Chromium (scores swing on a busy 2-core machine, so it reports the median run, as
Lighthouse CI does), prints the scores and writes the full reports to bench/results/.
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
RUNS = 3


def audit(url: str, output: Path) -> dict[str, int]:
    # Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART); such a
    # run measured nothing, so it is tried again, twice at most.
    for attempt in range(3):
        finished = subprocess.run(
            [
                str(ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"),
                url,
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={output}",
            ],
            env=os.environ | {"CHROME_PATH": "/usr/bin/chromium"},
            check=attempt == 2,
        )
        if finished.returncode == 0:
            break
    categories = json.loads(output.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    with tempfile.TemporaryDirectory() as data_dir, running_server(Path(data_dir)) as base_url:
        for path in PAGES:
            name = path.strip("/").replace("/", "-")
            runs = [
                audit(base_url + path, RESULTS / f"lighthouse-{name}-{run}.json")
                for run in range(1, RUNS + 1)
            ]
            median = sorted(runs, key=lambda scores: scores["performance"])[RUNS // 2]
            every = ", ".join(str(scores["performance"]) for scores in runs)
            print(
                f"{path:22} " + "  ".join(f"{k} {v}" for k, v in median.items()),
                f"(performance in each run: {every})",
            )


if __name__ == "__main__":
    main()
