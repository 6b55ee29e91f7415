"""How fast Harbour starts and how much memory one process holds.

Reports the wall time of `harbour --help` and of `python -c "import harbour.app"` (median of
RUNS fresh processes each, beside a bare `python -c pass`), the memory of a process that has
only imported the app, and the memory of a real `harbour serve` (SQLite, the demo councils
loaded, as `make run` does; the reminder worker runs in it, as by default): once ready, after
REQUESTS mixed requests (the local offer read signed out, demo Jordan signing in and pulling
their data, their PA reading the triage queue), and after AT_ONCE sign-ins sent together (refused).
Memory is the kernel's own account in /proc/PID/status: VmRSS (resident now) and VmHWM (the
most it was ever resident). Reports; never fails the build.

Usage (from the repository root, after `make build`): .venv/bin/python -m bench.startup
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from e2e.conftest import demo_accounts, demo_staff
from e2e.people import staff_client
from e2e.server import harbour_server

RUNS = 11
REQUESTS = 200
AT_ONCE = 8
COUNCIL = "riverford"
YOUNG_PERSON = "jordan"
HARBOUR = Path(sys.executable).with_name("harbour")  # the installed command, as people run it
MEMORY_FIELDS = ("VmRSS", "VmHWM")


def median_wall_seconds(command: list[str], runs: int) -> float:
    """The median wall time of `command` over `runs` fresh processes, after one not counted."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def memory_mib(status: str) -> dict[str, float]:
    """VmRSS and VmHWM from the text of /proc/PID/status, in MiB."""
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in MEMORY_FIELDS}


def imported_app_memory() -> dict[str, float]:
    """The memory of a process that has imported the app and done nothing else."""
    script = "import harbour.app; print(open('/proc/self/status').read())"
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return memory_mib(done.stdout)


def jordan_signs_in(base_url: str, data_dir: Path, phone: httpx.Client) -> httpx.Response:
    pin = next(
        one["sign_in"]["pin"]
        for one in demo_accounts(data_dir)
        if one["council"] == COUNCIL and one["sign_in"]["username"] == YOUNG_PERSON
    )
    return phone.post(
        f"{base_url}/api/v1/auth/young-person/sign-in",
        json={"council": COUNCIL, "username": YOUNG_PERSON, "secret": pin},
    )


def mixed_requests(base_url: str, data_dir: Path, count: int) -> None:
    """`count` requests in turn: the offer signed out, Jordan's sign-in, Jordan's pull, the
    PA's queue. Each answer must be a 200, so the figures are of a server doing the work."""
    visitor = httpx.Client(base_url=base_url)
    phone = httpx.Client(base_url=base_url)
    pa = staff_client(base_url, demo_staff(data_dir, COUNCIL, "personal_adviser"))
    steps = [
        lambda: visitor.get(f"/api/v1/councils/{COUNCIL}/offer"),
        lambda: jordan_signs_in(base_url, data_dir, phone),
        lambda: phone.get("/api/v1/sync/pull", params={"since": 0}),
        lambda: pa.get("/api/v1/statements", params={"view": "mine"}),
    ]
    for sent in range(count):
        steps[sent % len(steps)]().raise_for_status()


def sign_ins_at_once(base_url: str, count: int) -> None:
    """`count` sign-ins sent together, each for a different name no one has (one account's
    tries go one at a time): each is refused after one Argon2 check, which holds its own
    64 MiB while it runs, as a real one does."""

    def try_name(number: int) -> None:
        refused = httpx.post(
            f"{base_url}/api/v1/auth/young-person/sign-in",
            json={"council": COUNCIL, "username": f"nobody-{number}", "secret": "604172"},
            timeout=60,
        )
        assert refused.status_code == 401, refused.text

    with ThreadPoolExecutor(count) as pool:
        list(pool.map(try_name, range(count)))


def process_memory(pid: int) -> dict[str, float]:
    return memory_mib(Path(f"/proc/{pid}/status").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"default {RUNS}")
    parser.add_argument("--requests", type=int, default=REQUESTS, help=f"default {REQUESTS}")
    parser.add_argument("--at-once", type=int, default=AT_ONCE, help=f"default {AT_ONCE}")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    python = [sys.executable, "-c"]
    ms = "{:.0f} ms"
    rows = [
        (
            f"`harbour --help`, median of {args.runs}",
            ms.format(median_wall_seconds([str(HARBOUR), "--help"], args.runs) * 1000),
        ),
        (
            f"`python -c 'import harbour.app'`, median of {args.runs}",
            ms.format(median_wall_seconds([*python, "import harbour.app"], args.runs) * 1000),
        ),
        (
            f"`python -c pass` (the interpreter alone), median of {args.runs}",
            ms.format(median_wall_seconds([*python, "pass"], args.runs) * 1000),
        ),
    ]
    shown = "VmRSS {VmRSS:.0f} MiB, VmHWM {VmHWM:.0f} MiB"
    rows.append(("a process that imported harbour.app", shown.format(**imported_app_memory())))
    with tempfile.TemporaryDirectory() as data, harbour_server(Path(data)) as server:
        pid = server.process.pid
        ready = process_memory(pid)
        start = time.perf_counter()
        mixed_requests(server.base_url, Path(data), args.requests)
        took = time.perf_counter() - start
        served = process_memory(pid)
        sign_ins_at_once(server.base_url, args.at_once)
        burst = process_memory(pid)
    rows += [
        ("`harbour serve`, ready (demo data, SQLite)", shown.format(**ready)),
        (
            f"`harbour serve` after {args.requests} mixed requests ({took:.1f} s)",
            shown.format(**served),
        ),
        (f"`harbour serve` after {args.at_once} sign-ins at once", shown.format(**burst)),
    ]
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"Load average at start: {load:.1f}\n")
    print("| what | figure |\n|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    main()
