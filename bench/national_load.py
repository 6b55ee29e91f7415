"""National scale under load: simulated people against several app processes and two reminder
workers on one PostgreSQL (issue 15, item 6).

Needs the database bench.national_data made (152 councils at --scale 1). Then:

1. picks the people to simulate (young people who have signed in, PAs who hold a caseload),
   derives their session tokens from the generator's seed, and marks those sessions as just
   used (staff sessions idle out after an hour);
2. starts two `harbour worker` processes and waits for their first pass to end: each worker
   begins by reconciling every young person's reminders, which at national scale takes
   minutes (reported as `worker_first_pass_seconds`); the run measures the steady state after
   it;
3. starts `harbour serve --workers 4` (12 pooled connections a process, no overflow) and
   runs Locust headless (bench/locustfile.py: the task mix is described there) with 200
   users for 150 s, statistics reset once every user has started; again for each --wait;
4. reports requests a second, p50 and p95 per action as Locust saw them, the errors, the same
   percentiles from the server's own request log (time inside the app) with SQL statements
   per request, the CPU each part used (in cores), the reminders the workers sent meanwhile,
   and `uptime`.

Writes bench/results/national-load.json and prints a table. Locust runs from .venv-bench
(`make bench-national` makes it from bench/requirements.txt).

Usage: .venv/bin/python -m bench.national_load [--users 200] [--processes 4] [--run-time 150]
       [--wait 1,3 --wait 5,15 ...]
"""

import argparse
import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from e2e.server import ROOT, free_port, harbour_env
from sqlalchemy.engine import make_url

from bench.national_data import DEFAULT_URL, SEED, bench_secret
from harbour.credentials import session_digest

LOCUST = ROOT / ".venv-bench" / "bin" / "locust"
SAMPLE = {"young_people": 4_000, "advisers": 1_000}
# 12 connections a process and no overflow (48 for the four, under the server's 100): an
# overflow connection is closed whenever it comes back to a pool that is full again, so a
# load that comes and goes opens new ones, each a new PostgreSQL process (whose CPU the meter
# would miss once it has gone).
POOL = {"HARBOUR_DATABASE_POOL_SIZE": "12", "HARBOUR_DATABASE_MAX_OVERFLOW": "0"}
TARGET_MS = 100  # issue 15: p95 for the young person's pull and the PA's queue
TARGETED = ("young person: pull", "PA: triage queue")
# The server's routes for each Locust action, to match its request log with Locust's names.
ROUTES = {
    "young person: first pull": "GET /api/v1/sync/pull",
    "young person: pull": "GET /api/v1/sync/pull",
    "young person: sync push": "POST /api/v1/sync/push",
    "PA: triage queue": "GET /api/v1/screens/queue",
    "PA: caseload": "GET /api/v1/screens/caseload",
}


def conninfo(url: str, application: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if application:
        parsed = parsed.update_query_dict({"application_name": application})
    return parsed.render_as_string(hide_password=False)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def machine() -> str:
    """Cores and memory of the machine the run is on (uptime says how busy it was)."""
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]  # MemTotal, kB
    return f"{os.cpu_count()} cores, {int(memory) / 2**20:.0f} GiB"


# --- who is simulated ---------------------------------------------------------------------


def people(url: str, seed: int) -> dict[str, list[dict[str, str]]]:
    """A fixed sample of young people with a session and PAs with a caseload, with their
    tokens; their sessions are marked as used now, so none has idled out."""
    with psycopg.connect(conninfo(url)) as connection:
        young = connection.execute(
            "SELECT young_person.id, tenant.slug FROM young_person "
            "JOIN tenant ON tenant.id = young_person.tenant_id "
            "JOIN sign_in_session ON sign_in_session.person_id = young_person.id "
            "ORDER BY md5(young_person.id::text) LIMIT %s",
            (SAMPLE["young_people"],),
        ).fetchall()
        advisers = connection.execute(
            "SELECT staff_member.id FROM staff_member WHERE role = 'personal_adviser' AND id IN "
            "(SELECT allocated_pa_id FROM young_person) ORDER BY md5(id::text) LIMIT %s",
            (SAMPLE["advisers"],),
        ).fetchall()
        ids = [person for person, _ in young] + [adviser for (adviser,) in advisers]
        touched = connection.execute(
            "UPDATE sign_in_session SET last_seen_at = now(), "
            "expires_at = greatest(expires_at, now() + interval '12 hours') "
            "WHERE person_id = ANY(%s) AND token_digest = ANY(%s)",
            (ids, [session_digest(bench_secret(seed, person, "session")) for person in ids]),
        ).rowcount
    if touched != len(ids):
        raise SystemExit(
            f"Only {touched} of {len(ids)} sessions match --seed {seed}: was the database made "
            "with another seed?"
        )

    def person(person_id: uuid.UUID, **more: str) -> dict[str, str]:
        token, csrf = (bench_secret(seed, person_id, purpose) for purpose in ("session", "csrf"))
        return {"token": token, "csrf": csrf, **more}

    return {
        "young_people": [person(p, id=str(p), council=slug) for p, slug in young],
        "advisers": [person(a) for (a,) in advisers],
    }


# --- the processes ----------------------------------------------------------------------------


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process that is stopped as `harbour` expects (SIGTERM, then wait) when done."""
    with log.open("wb") as out:
        started = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield started
        finally:
            started.send_signal(signal.SIGTERM)
            try:
                started.wait(timeout=60)
            except subprocess.TimeoutExpired:
                started.kill()
                started.wait()


def harbour(*args: str) -> list[str]:
    return [sys.executable, "-m", "harbour.cli", *args]


def settings_env(data_dir: Path, url: str, application: str) -> dict[str, str]:
    database = make_url(url).update_query_dict({"application_name": application})
    return (
        harbour_env(data_dir)
        | POOL
        | {"HARBOUR_DATABASE_URL": database.render_as_string(hide_password=False)}
    )


def wait_for_first_pass(url: str, workers: int, timeout: float = 3600) -> float:
    """Seconds until every worker's connections have been idle for 2 s: between passes a
    worker waits 5 s, while in a pass it commits every few milliseconds."""
    started = time.monotonic()
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        while time.monotonic() - started < timeout:
            time.sleep(1)
            busy, seen = connection.execute(
                "SELECT count(*) FILTER (WHERE state <> 'idle' "
                "OR state_change > now() - interval '2 seconds'), "
                "count(DISTINCT application_name) FROM pg_stat_activity "
                "WHERE application_name LIKE 'bench-worker-%%'"
            ).fetchone() or (1, 0)
            if seen == workers and busy == 0:
                return time.monotonic() - started
    raise RuntimeError("The reminder workers' first pass did not end in time")


def wait_until_ready(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("harbour serve stopped; see its log")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz/ready", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("harbour serve was not ready within 120 s")


# --- reading the results ------------------------------------------------------------------------


def locust_stats(prefix: Path) -> dict[str, dict[str, Any]]:
    """Locust's summary rows by action name ("Aggregated" for all)."""
    with Path(f"{prefix}_stats.csv").open() as file:
        return {
            row["Name"]: {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_second": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "max_ms": round(float(row["Max Response Time"])),
            }
            for row in csv.DictReader(file)
        }


def failures(prefix: Path) -> list[dict[str, str]]:
    with Path(f"{prefix}_failures.csv").open() as file:
        return list(csv.DictReader(file))


def percentile(values: list[float], share: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1], 1)


def log_entries(log: Path) -> Iterator[dict[str, Any]]:
    """The JSON entries of a log several processes write to: two may share a line."""
    decoder = json.JSONDecoder()
    for line in log.read_text().splitlines():
        at = line.find("{")
        while at != -1:
            try:
                entry, end = decoder.raw_decode(line, at)
            except json.JSONDecodeError:
                break
            yield entry
            at = line.find("{", end)


def server_side(log: Path, since: datetime) -> dict[str, dict[str, float]]:
    """From the serving processes' request log, after `since`: p50/p95 of the time inside
    the app and SQL statements per request, by route."""
    durations: dict[str, list[float]] = defaultdict(list)
    statements: dict[str, list[int]] = defaultdict(list)
    for entry in log_entries(log):
        if entry.get("event") != "request" or datetime.fromisoformat(entry["timestamp"]) < since:
            continue
        route = f"{entry['method']} {entry['route']}"
        durations[route].append(entry["duration_ms"])
        statements[route].append(entry["sql_statements"])
    return {
        route: {
            "p50_ms": percentile(times, 0.5),
            "p95_ms": percentile(times, 0.95),
            "sql_statements": round(statistics.mean(statements[route]), 1),
        }
        for route, times in durations.items()
        if len(times) >= 2
    }


def database_counts(url: str, since: datetime) -> dict[str, Any]:
    with psycopg.connect(conninfo(url)) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM statement WHERE received_at >= %(t)s), "
            "(SELECT count(*) FROM reminder WHERE sent_at >= %(t)s), "
            "(SELECT count(*) FROM statement), pg_database_size(current_database()), "
            "current_setting('server_version')",
            {"t": since},
        ).fetchone()
    assert row is not None
    return {
        "statements_stored_during_run": row[0],
        "reminders_sent_during_run": row[1],
        "statements_in_database": row[2],
        "database_megabytes": row[3] // 2**20,
        "postgresql": row[4],
    }


# --- where the CPU went ----------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def process_tree(root: int) -> set[int]:
    """`root` and every process under it (uvicorn's workers are its children)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            parents[int(entry.name)] = int(fields[1])
    found, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def cpu_of(pids: set[int]) -> dict[int, float]:
    """Each process's CPU seconds so far (user and system)."""
    used = {}
    for pid in pids:
        if fields := _stat(pid):
            used[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return used


def backends(url: str) -> dict[str, set[int]]:
    """PostgreSQL's server processes for the app and for the workers, by application name."""
    with psycopg.connect(conninfo(url)) as connection:
        rows = connection.execute(
            "SELECT application_name, pid FROM pg_stat_activity "
            "WHERE application_name LIKE 'bench-%%'"
        ).fetchall()
    found: dict[str, set[int]] = {"postgres for the app": set(), "postgres for the workers": set()}
    for name, pid in rows:
        found["postgres for the " + ("app" if name == "bench-serve" else "workers")].add(pid)
    return found


@dataclass
class CpuMeter:
    """CPU used by each part of the run between `start` and `stop`, in cores."""

    url: str
    roots: dict[str, list[int]]  # "app", "workers", "locust": their processes
    started: dict[str, dict[int, float]] = field(default_factory=dict)
    at: float = 0.0

    def groups(self) -> dict[str, set[int]]:
        mine = {name: set().union(*map(process_tree, pids)) for name, pids in self.roots.items()}
        return mine | backends(self.url)

    def start(self) -> None:
        self.started = {name: cpu_of(pids) for name, pids in self.groups().items()}
        self.at = time.monotonic()

    def stop(self) -> dict[str, float]:
        seconds = time.monotonic() - self.at
        used = {}
        for name, pids in self.groups().items():
            before = self.started.get(name, {})
            now = cpu_of(pids)
            used[name] = round(sum(t - before.get(pid, 0.0) for pid, t in now.items()) / seconds, 2)
        return used


# --- the run ------------------------------------------------------------------------------------


def locust(
    args: argparse.Namespace, base_url: str, users: Path, prefix: Path, wait: str
) -> subprocess.Popen[bytes]:
    """Locust, started headless (the caller waits for it)."""
    command = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(max(1, args.users // 10)),
        "--run-time",
        f"{args.run_time}s",
        "--host",
        base_url,
        "--csv",
        str(prefix),
        "--reset-stats",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = os.environ | {"HARBOUR_BENCH_USERS": str(users), "HARBOUR_BENCH_WAIT": wait}
    return subprocess.Popen(command, env=env)


def one_run(
    args: argparse.Namespace,
    directory: Path,
    base_url: str,
    roots: dict[str, list[int]],
    wait: str,
) -> dict[str, Any]:
    """Locust for `--run-time` with users waiting `wait` seconds ("1,3") between actions;
    the CPU meter starts once every user has started (when Locust resets its statistics)."""
    prefix = directory / f"locust-{wait.replace(',', '-')}"
    at_start = uptime()
    load = locust(args, base_url, directory / "users.json", prefix, wait)
    time.sleep(10 + 2)  # spawning takes 10 s; the first pulls are done by then
    started = datetime.now(UTC)
    meter = CpuMeter(args.database_url, roots | {"locust": [load.pid]})
    meter.start()
    time.sleep(max(1, args.run_time - 15))
    cpu = meter.stop()
    load.wait()
    return {
        "wait_seconds": wait.replace(",", " to "),
        "uptime": {"at_start": at_start, "at_end": uptime()},
        "cpu_cores": cpu,
        "locust": locust_stats(prefix),
        "failures": failures(prefix),
        "server": server_side(directory / "server.log", started),
        "database": database_counts(args.database_url, started),
    }


def run(args: argparse.Namespace, directory: Path) -> dict[str, Any]:
    url = args.database_url
    (directory / "users.json").write_text(json.dumps(people(url, args.seed)))
    before = uptime()
    with ExitStack() as stack:
        workers = []
        for n in range(1, args.reminder_workers + 1):
            env = settings_env(directory, url, f"bench-worker-{n}")
            log = directory / f"worker-{n}.log"
            workers.append(stack.enter_context(process(harbour("worker"), env, log)).pid)
        first_pass = wait_for_first_pass(url, args.reminder_workers)
        print(f"The reminder workers' first pass took {first_pass:.0f} s", flush=True)
        port = free_port()
        serve = harbour("serve", "--workers", str(args.processes), "--port", str(port))
        server = stack.enter_context(
            process(serve, settings_env(directory, url, "bench-serve"), directory / "server.log")
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url, server)
        roots = {"app": [server.pid], "workers": workers}
        runs = [one_run(args, directory, base_url, roots, wait) for wait in args.wait]
    return {
        "machine": machine(),
        "users": args.users,
        "app_processes": args.processes,
        "reminder_workers": args.reminder_workers,
        "run_seconds": args.run_time,
        "worker_first_pass_seconds": round(first_pass),
        "uptime_before": before,
        "runs": runs,
    }


def table(report: dict[str, Any]) -> str:
    lines = [f"workers' first pass: {report['worker_first_pass_seconds']} s"]
    for run in report["runs"]:
        lines += [
            "",
            f"{report['users']} users waiting {run['wait_seconds']} s, "
            f"{report['app_processes']} app processes; uptime at end: {run['uptime']['at_end']}",
            f"{'action':<30} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7}  in app",
        ]
        for name, stats in run["locust"].items():
            server = run["server"].get(ROUTES.get(name, ""))
            inside = (
                f"{server['p50_ms']:.0f}/{server['p95_ms']:.0f} ms, {server['sql_statements']} SQL"
                if server
                else ""
            )
            flag = " *" if name in TARGETED and stats["p95_ms"] > TARGET_MS else ""
            lines.append(
                f"{name:<30} {stats['requests_per_second']:>7} {stats['p50_ms']:>7.0f} "
                f"{stats['p95_ms']:>7.0f} {stats['failures']:>7}  {inside}{flag}"
            )
        lines.append(f"CPU, cores: {run['cpu_cores']}")
        lines.append(f"database: {run['database']}")
    lines.append(f"(* p95 above {TARGET_MS} ms)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seed", type=int, default=SEED, help="the generator's --seed")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--processes", type=int, default=4, help="harbour serve --workers")
    parser.add_argument("--reminder-workers", type=int, default=2)
    parser.add_argument("--run-time", type=int, default=150, help="seconds, for each --wait")
    parser.add_argument(
        "--wait",
        action="append",
        help='seconds each user waits between actions, "LOW,HIGH"; again for another run '
        "after the first (default 1,3)",
    )
    parser.add_argument("--keep-logs", type=Path, help="copy the processes' logs here")
    args = parser.parse_args()
    args.wait = args.wait or ["1,3"]
    if not LOCUST.exists():
        raise SystemExit("Locust is missing: `make .venv-bench/.installed` installs it.")
    with tempfile.TemporaryDirectory() as directory:
        try:
            report = run(args, Path(directory))
        finally:
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in Path(directory).glob("*.log"):
                    (args.keep_logs / log.name).write_bytes(log.read_bytes())
    print(table(report))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "national-load.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
