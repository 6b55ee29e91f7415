"""Sync latency when many phones send at once to one council.

Starts `harbour serve` with the demo content (PostgreSQL when HARBOUR_DATABASE_URL names a
server: a database is made for the run and dropped after; SQLite otherwise). The demo PA adds
young people to Riverford, and each joins on its own "phone" (an HTTP client holding its
session, as the app does). Then, for each number of phones, in rounds: every phone sends one
outbox batch (`POST /api/v1/sync/push`, `--batch` statements) at the same moment, then pulls
with its cursor (`GET /api/v1/sync/pull?since=`), keeping a copy of its statements' states as
the app does. Meanwhile the PA opens new statements, so their states change under the pulls.

It reports the p50 / p95 / max latency of the pushes and pulls, and on PostgreSQL how many
of the server's database sessions wait on a lock (sampled every 20 ms). It checks that every
statement is stored once (by id, in the database) and that every phone's copy, built only
from incremental pulls, is complete: the same as a pull from nothing. Reports; never fails
the build. Usage: .venv/bin/python -m bench.phones_at_once [--phones 20,100] [--rounds 5]
[--workers 2] (serving processes: PostgreSQL only, as docs/operations.md runs it)
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from e2e.conftest import demo_staff
from e2e.people import add_young_person, staff_client
from e2e.server import ROOT, running_server
from sqlalchemy import create_engine, select, text
from sqlmodel import col

from bench.database import bench_database
from harbour.statements.models import Statement

PIN = "258036"
PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"
SETTLE_SECONDS = 10
RESULTS = ROOT / "bench" / "results"


@dataclass
class Phone:
    """One young person's phone: its session, its pull cursor and its copy of what it pulled."""

    person_id: str
    client: httpx.Client
    cursor: Any = 0
    copy: dict[str, dict[str, Any]] = field(default_factory=dict)
    sent: set[str] = field(default_factory=set)

    def push(self, count: int) -> float:
        items = [statement() for _ in range(count)]
        started = time.perf_counter()
        response = self.client.post(PUSH, json={"items": items})
        took = time.perf_counter() - started
        response.raise_for_status()
        statuses = {result["status"] for result in response.json()["results"]}
        assert statuses == {"accepted"}, statuses
        self.sent |= {item["id"] for item in items}
        return took

    def pull(self) -> float:
        """An incremental pull: each statement's newest state replaces the copy's."""
        started = time.perf_counter()
        response = self.client.get(PULL, params={"since": self.cursor})
        took = time.perf_counter() - started
        response.raise_for_status()
        pulled = response.json()
        self.copy |= {state["id"]: state for state in pulled["statements"]}
        self.cursor = pulled["cursor"]
        return took

    def everything(self) -> dict[str, dict[str, Any]]:
        response = self.client.get(PULL, params={"since": 0})
        response.raise_for_status()
        return {state["id"]: state for state in response.json()["statements"]}


def statement() -> dict[str, Any]:
    """A "Sort a problem" statement as the app's outbox sends it."""
    return {
        "id": str(uuid.uuid4()),
        "kind": "statement",
        "created_at": datetime.now(UTC).isoformat(),
        "body": {
            "type": "problem",
            "recipient": "pa",
            "urgent": False,
            "answers": {"text": "Written offline, sent with everyone else's."},
        },
    }


def join(base_url: str, code: str, username: str, person_id: str) -> Phone:
    client = httpx.Client(base_url=base_url, timeout=120)
    joined = client.post(
        "/api/v1/auth/join",
        json={"code": code, "username": username, "secret": {"kind": "pin", "pin": PIN}},
    )
    joined.raise_for_status()
    client.headers["X-CSRF-Token"] = joined.json()["csrf_token"]
    return Phone(person_id, client)


def phones_for(base_url: str, data_dir: Path, count: int) -> list[Phone]:
    """`count` young people on the demo PA's caseload, each signed in on a phone."""
    pa = demo_staff(data_dir, "riverford", "personal_adviser")
    people = [add_young_person(base_url, pa, f"Phone{n}") for n in range(count)]
    # One at a time: invite-code tries are counted one by one (a clash answers 429).
    return [join(base_url, person.code, f"phone-{n}", person.id) for n, person in enumerate(people)]


def pa_reads_until(client: httpx.Client, stop: threading.Event) -> int:
    """The PA opens each new statement (which marks it read) until told to stop."""
    opened = 0
    while not stop.is_set():
        page = client.get("/api/v1/statements", params={"status": "new", "limit": 20})
        page.raise_for_status()
        items = page.json()["items"]
        for item in items:
            client.get(f"/api/v1/statements/{item['id']}").raise_for_status()
        opened += len(items)
        if not items:
            stop.wait(0.2)  # a PA glancing at the queue again, not a loop at full speed
    return opened


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(seconds: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(seconds) * 1000),
        "p95_ms": round(percentile(seconds, 0.95) * 1000),
        "max_ms": round(max(seconds) * 1000),
    }


def at_once(phones: list[Phone], work: Callable[[Phone], float]) -> list[float]:
    """Runs `work` on every phone at the same moment (a thread each, released together)."""
    start = threading.Barrier(len(phones))

    def run(phone: Phone) -> float:
        start.wait()
        return work(phone)

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        return list(pool.map(run, phones))


def settled(phone: Phone) -> int:
    """Pulls incrementally until the copy is what a pull from nothing gives (the server's
    word); the number of pulls that took. Nothing is written any more."""
    truth = phone.everything()
    pulls = 0
    deadline = time.monotonic() + SETTLE_SECONDS
    while phone.copy != truth and time.monotonic() < deadline:
        phone.pull()
        pulls += 1
    assert phone.copy == truth, f"{phone.person_id}: incremental pulls missed a change"
    assert set(truth) == phone.sent, f"{phone.person_id}: the server's statements are not sent"
    return pulls


def lock_waits_until(database_url: str, stop: threading.Event) -> list[int]:
    """How many of the server's database sessions wait on a lock, every 20 ms until told to
    stop (PostgreSQL: pg_stat_activity; SQLite shows none)."""
    if not database_url.startswith("postgresql"):
        return []
    engine = create_engine(database_url)
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    samples = []
    with engine.connect() as connection:
        while not stop.wait(0.02):
            samples.append(int(connection.execute(waiting).scalar_one()))
            connection.rollback()
    engine.dispose()
    return samples


def run(
    database_url: str, pa: httpx.Client, phones: list[Phone], rounds: int, batch: int
) -> dict[str, Any]:
    for phone in phones:  # start from what the server has, as a phone just signed in does
        phone.pull()
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=2) as beside:
        opened = beside.submit(pa_reads_until, pa, stop)
        sampled = beside.submit(lock_waits_until, database_url, stop)
        pushes, pulls = [], []
        try:
            for _ in range(rounds):
                pushes += at_once(phones, lambda phone: phone.push(batch))
                pulls += at_once(phones, Phone.pull)
        finally:  # a failed round must not leave the PA reading forever
            stop.set()
        read, waits = opened.result(), sampled.result()
    at_once(phones, Phone.pull)  # each phone's next pull, after the PA's last change
    extra = max(settled(phone) for phone in phones)
    return {
        "phones": len(phones),
        "rounds": rounds,
        "statements_per_push": batch,
        "push": summary(pushes),
        "pull": summary(pulls),
        "opened_by_the_pa_meanwhile": read,
        "extra_pulls_to_settle": extra,
        "waiting_on_a_lock": {
            "mean": round(statistics.mean(waits), 2) if waits else None,
            "max": max(waits, default=None),
        },
    }


def stored_once(database_url: str, phones: list[Phone]) -> int:
    """Every statement the phones sent is in the database once, and nothing else of theirs."""
    engine = create_engine(database_url)
    people = [uuid.UUID(phone.person_id) for phone in phones]
    with engine.connect() as connection:
        stored = connection.execute(
            select(col(Statement.id)).where(col(Statement.young_person_id).in_(people))
        ).all()
    engine.dispose()
    ids = sorted(str(row.id) for row in stored)
    sent = sorted(i for phone in phones for i in phone.sent)
    assert ids == sent, f"{len(ids)} stored for {len(sent)} sent"
    return len(ids)


@contextmanager
def server_log_on_failure(data_dir: Path) -> Iterator[None]:
    """Keeps the server's log in bench/results when a run fails (the data dir goes)."""
    try:
        yield
    except Exception:
        RESULTS.mkdir(exist_ok=True)
        shutil.copy(data_dir / "server.log", RESULTS / "phones-at-once-server.log")
        print(f"The server's log is in {RESULTS / 'phones-at-once-server.log'}")
        raise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", default="20,100", help="comma-separated phone counts")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1, help="statements in each push")
    parser.add_argument(
        "--workers", type=int, default=1, help="serving processes (`harbour serve --workers`)"
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.phones.split(",")]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"`harbour serve --workers {args.workers}`, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as data, bench_database() as server_url:
        data_dir = Path(data)
        database_url = server_url or f"sqlite:///{data_dir / 'harbour.db'}"
        with (
            server_log_on_failure(data_dir),
            running_server(
                data_dir, database_url=server_url, extra_env={"HARBOUR_WORKERS": str(args.workers)}
            ) as base_url,
        ):
            everyone = phones_for(base_url, data_dir, max(counts))
            pa = staff_client(base_url, demo_staff(data_dir, "riverford", "personal_adviser"))
            reports = []
            for count in counts:
                phones = everyone[:count]
                report = run(database_url, pa, phones, args.rounds, args.batch)
                report["stored_once"] = stored_once(database_url, everyone)
                reports.append(report)
                push, pull = report["push"], report["pull"]
                print(
                    f"{count} phones at once, {args.rounds} rounds of {args.batch}: push p50 "
                    f"{push['p50_ms']} ms, p95 {push['p95_ms']} ms, max {push['max_ms']} ms; "
                    f"pull p50 {pull['p50_ms']} ms, p95 {pull['p95_ms']} ms; "
                    f"{report['stored_once']} statements stored once each; every phone's "
                    f"copy complete ({report['extra_pulls_to_settle']} extra pulls at most); "
                    f"the PA opened {report['opened_by_the_pa_meanwhile']} meanwhile; "
                    f"sessions waiting on a lock: {report['waiting_on_a_lock']}"
                )
            for phone in everyone:
                phone.client.close()
    backend = "postgresql" if server_url else "sqlite"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"phones-at-once-{backend}.json").write_text(
        json.dumps({"database": backend, "workers": args.workers, "runs": reports}, indent=2)
    )


if __name__ == "__main__":
    main()
