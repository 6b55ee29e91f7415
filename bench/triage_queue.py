"""How long a PA's triage queue takes to show with 100,000 statements in the database.

Builds one council's worth of history with bulk inserts (the demo council Riverford: ~1,000
young people, 50 PAs in 5 teams, 100,000 statements, ~30% still open, ~1% urgent), then
reports the API's first page for the demo PA (`GET /api/v1/statements?view=mine`, median of
several runs), before and after `harbour migrate` and a restart (which gather the planner's
statistics), and the time until the queue is on screen in Chromium for that PA, signed in.
SQLite by default; PostgreSQL when HARBOUR_DATABASE_URL points at a server (a database is
made for the run and dropped after). Reports; never fails the build.

Usage (after `make build`): .venv/bin/python -m bench.triage_queue
"""

import json
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, demo_staff
from e2e.people import sign_in_browser, staff_client
from e2e.server import ROOT, running_server
from playwright.sync_api import sync_playwright
from sqlalchemy import Engine, create_engine, insert, select, text
from sqlmodel import col

from bench.database import bench_database
from harbour.accounts.models import StaffMember, Team, YoungPerson
from harbour.kernel.change_sequence import ChangeCounter
from harbour.statements.models import Statement
from harbour.tenants.models import Tenant

STATEMENTS = 100_000
YOUNG_PEOPLE = 1_000
PAS = 50
TEAMS = 5
OPEN_SHARE = 0.3
RUNS = 7
TYPES = ["meeting", "feeling", "problem", "good_news", "ask"]


def _rows(table: Any, rows: list[dict[str, Any]], engine: Engine) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), 5_000):
            connection.execute(insert(table), rows[start : start + 5_000])


def fill(engine: Engine) -> None:
    """Riverford's staff, young people and statements, in bulk. The demo PA is one of the
    50, so the queue measured is a typical PA's."""
    rng = random.Random(4)
    now = datetime.now(UTC)
    with engine.connect() as connection:
        council = connection.execute(
            select(col(Tenant.id)).where(col(Tenant.slug) == "riverford")
        ).scalar_one()
        demo_pa, demo_team = connection.execute(
            select(col(StaffMember.id), col(StaffMember.team_id)).where(
                col(StaffMember.tenant_id) == council, col(StaffMember.username) == "alex.pa"
            )
        ).one()
        participation = connection.execute(
            select(col(Team.id)).where(
                col(Team.tenant_id) == council, col(Team.name) == "Participation team"
            )
        ).scalar_one()
    teams = [demo_team] + [uuid.uuid4() for _ in range(TEAMS - 1)]
    _rows(
        Team,
        [
            {"id": t, "tenant_id": council, "name": f"Bench team {i}", "created_at": now}
            for i, t in enumerate(teams[1:])
        ],
        engine,
    )
    pas = [demo_pa] + [uuid.uuid4() for _ in range(PAS - 1)]
    _rows(
        StaffMember,
        [
            {
                "id": pa,
                "tenant_id": council,
                "display_name": f"PA {i}",
                "role": "personal_adviser",
                "team_id": teams[i % TEAMS],
                "active": True,
                "created_at": now,
            }
            for i, pa in enumerate(pas)
            if pa != demo_pa
        ],
        engine,
    )
    people = [(uuid.uuid4(), pas[i % PAS]) for i in range(YOUNG_PEOPLE)]
    _rows(
        YoungPerson,
        [
            {
                "id": person,
                "tenant_id": council,
                "preferred_name": f"Young person {i}",
                "date_of_birth": datetime(2008, 1, 1).date(),
                "legal_status": "relevant",
                "allocated_pa_id": pa,
                "key_dates": [],
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
            for i, (person, pa) in enumerate(people)
        ],
        engine,
    )
    statements = []
    for seq in range(1, STATEMENTS + 1):
        person, pa = people[rng.randrange(YOUNG_PEOPLE)]
        received = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        still_open = rng.random() < OPEN_SHARE
        to_team = rng.random() < 0.1
        kind = rng.choice(TYPES)
        urgent = rng.random() < 0.01
        statements.append(
            {
                "id": uuid.uuid4(),
                "tenant_id": council,
                "young_person_id": person,
                "type": kind,
                "recipient": "participation" if to_team else "pa",
                "team_id": participation if to_team else None,
                "answers": {"text": "How things are going."},
                "preview": "How things are going.",
                "urgent": urgent,
                "urgent_reason": "phrase" if urgent else None,
                "meeting_date": (now + timedelta(days=rng.randrange(-30, 60))).date()
                if kind == "meeting"
                else None,
                "written_at": received,
                "received_at": received,
                "status": rng.choice(["new", "seen", "in_progress"]) if still_open else "done",
                "assigned_staff_id": None if to_team and still_open else pa,
                "acknowledged_at": received if urgent and not still_open else None,
                "responded_at": None if still_open else received + timedelta(hours=3),
                "due_at": received + timedelta(days=1),
                "change_seq": seq,
                "updated_at": received,
            }
        )
    _rows(Statement, statements, engine)
    # Each young person's counter holds their highest number, as if phones had sent these.
    last = {row["young_person_id"]: row["change_seq"] for row in statements}
    counters = [{"tenant_id": council, "young_person_id": p, "last": n} for p, n in last.items()]
    _rows(ChangeCounter, counters, engine)


def api_first_page(client: httpx.Client) -> tuple[float, int]:
    """The median time for the PA's first page (25, as the screen asks), and the total."""
    timings, total = [], 0
    for _ in range(RUNS + 1):  # the first warms the caches
        started = time.perf_counter()
        response = client.get("/api/v1/statements", params={"view": "mine", "limit": 25})
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        total = response.json()["total"]
    return statistics.median(timings[1:]), total


def queue_on_screen(base_url: str, data_dir: Path) -> float:
    """Median ms from navigation start to the queue's rows on screen, for the signed-in PA."""
    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport=DESKTOP)
        sign_in_browser(context, base_url, demo_staff(data_dir, "riverford", "personal_adviser"))
        page = context.new_page()
        for _ in range(RUNS + 1):  # the first load fills the HTTP cache, as a PA's browser has
            page.goto("/staff/views", wait_until="commit")
            page.locator("[data-testid=queue] a[data-statement]").first.wait_for()
            timings.append(float(page.evaluate("performance.now()")))
        browser.close()
    return statistics.median(timings[1:])


def main() -> None:
    with tempfile.TemporaryDirectory() as data, bench_database() as database_url:
        data_dir = Path(data)
        with running_server(data_dir, database_url=database_url) as base_url:
            engine = create_engine(database_url or f"sqlite:///{data_dir / 'harbour.db'}")
            started = time.perf_counter()
            fill(engine)
            built_s = time.perf_counter() - started
            pa = staff_client(base_url, demo_staff(data_dir, "riverford", "personal_adviser"))
            api_cold_ms, total = api_first_page(pa)
        # Freshly bulk-loaded tables have no planner statistics. Then as an operator deploys:
        # `harbour migrate` (which gathers SQLite's; running_server runs it) and a restart.
        # PostgreSQL's autovacuum would gather its own later; here it is done by hand.
        if database_url:
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        engine.dispose()
        with running_server(data_dir, database_url=database_url) as base_url:
            pa.base_url = httpx.URL(base_url)  # the same signed-in session, new port
            api_ms, _ = api_first_page(pa)
            screen_ms = queue_on_screen(base_url, data_dir)
    backend = "postgresql" if database_url else "sqlite"
    report = {
        "database": backend,
        "statements": STATEMENTS,
        "build_seconds": round(built_s, 1),
        "pa_queue_total": total,
        "api_first_page_ms_median_before_analyze": round(api_cold_ms, 1),
        "api_first_page_ms_median": round(api_ms, 1),
        "queue_on_screen_ms_median": round(screen_ms, 1),
    }
    print(f"{backend}: {STATEMENTS:,} statements built in {built_s:.1f} s")
    print(
        f"PA's queue ({total} open for them): API first page {api_ms:.1f} ms after migrate "
        f"and restart (ANALYZE), {api_cold_ms:.1f} ms before (median of {RUNS})"
    )
    print(
        f"PA's queue on screen in Chromium: {screen_ms:.0f} ms from navigation (median of {RUNS})"
    )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"triage-queue-{backend}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
