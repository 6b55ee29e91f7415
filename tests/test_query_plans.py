"""The key queries use their indexes: PostgreSQL's EXPLAIN of the SQL the app really sends.

A listener records every statement while a request runs through the app (or the reminder
worker claims a batch); each SELECT and UPDATE is then EXPLAINed with the same parameters.
The data is bench.national_data's at a small scale (twelve councils, 1,100 young people,
about 22,000 statements), analysed, so the planner weighs real numbers. A change that leaves one of
these queries scanning a big table whole, or no longer using the index it was built for,
fails here rather than at national scale (bench.national_load).

PostgreSQL only: SQLite plans differently, and production at scale is PostgreSQL.
HARBOUR_QUERY_PLANS_DATABASE_URL runs the same checks on a database already filled by
bench.national_data (the national one, say) instead of making a small one; the checks add a
few rows to it.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from bench.national_data import SEED, bench_secret, generate
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session

from harbour.accounts.models import YoungPerson
from harbour.app import create_app
from harbour.db import make_engine
from harbour.migrate import upgrade_to_head
from harbour.reminders.service import make_digests, reconcile
from harbour.reminders.worker import claim
from harbour.tenants.models import Tenant
from tests.conftest import empty_database, settings_for

FILLED = os.environ.get("HARBOUR_QUERY_PLANS_DATABASE_URL")
pytestmark = pytest.mark.skipif(
    not (FILLED or os.environ.get("HARBOUR_TEST_DATABASE_URL", "").startswith("postgresql")),
    reason="query plans are checked on PostgreSQL (set HARBOUR_TEST_DATABASE_URL)",
)

# A table this big is never read whole for one person's request. At the small scale that is
# the statements, replies, receipts, tasks and reminders; nationally the people too (with a
# thousand rows a scan of young_person is rightly the planner's cheaper choice).
BIG_ROWS = 5_000
INDEX_NODES = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}


@dataclass
class Plans:
    """What the planner chose for one request's statements."""

    big: set[str]  # the tables with at least BIG_ROWS rows
    indexes: set[str] = field(default_factory=set)
    big_scans: list[str] = field(default_factory=list)  # a whole big table, with its query
    explained: list[str] = field(default_factory=list)

    def add(self, statement: str, plan: dict[str, Any]) -> None:
        self.explained.append(statement)
        for node in _nodes(plan):
            if node["Node Type"] in INDEX_NODES:
                self.indexes.add(node["Index Name"])
            elif node["Node Type"] == "Seq Scan" and node["Relation Name"] in self.big:
                self.big_scans.append(f"{node['Relation Name']}: {statement[:300]}")

    def check(self, *wanted: str) -> None:
        assert self.explained, "no query was recorded"
        assert not self.big_scans, self.big_scans
        assert set(wanted) <= self.indexes, f"used only {sorted(self.indexes)}"


def big_tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.exec_driver_sql(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= %s "
                "AND relnamespace = 'public'::regnamespace",
                (BIG_ROWS,),
            ).scalars()
        )


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@contextmanager
def explained(engine: Engine) -> Iterator[Plans]:
    """The plans of every SELECT and UPDATE the block sends (EXPLAIN does not run them)."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "WITH")):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    plans = Plans(big_tables(engine))
    try:
        yield plans
    finally:
        event.remove(engine, "before_cursor_execute", record)
    with engine.connect() as connection:
        for statement, parameters in sent:
            explain = f"EXPLAIN (FORMAT JSON) {statement}"
            (document,) = connection.exec_driver_sql(explain, parameters).one()
            plans.add(statement, document[0]["Plan"])


# --- the data and the people --------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if FILLED:
        yield FILLED
        return
    with empty_database(tmp_path_factory.mktemp("plans")) as url:
        upgrade_to_head(url)
        # Twelve councils, not two: each holds a small share of the rows, as nationally, so the
        # planner weighs a council's rows as it does there. Ends with VACUUM ANALYZE.
        generate(url, scale=0.01, today=date(2026, 12, 7), councils=12)
        yield url


# Not `engine`: conftest empties the tables after each test that uses a fixture of that name.
@pytest.fixture(scope="module")
def filled(database: str) -> Iterator[Engine]:
    engine = make_engine(database)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(filled: Engine, database: str, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = settings_for(database, tmp_path_factory.mktemp("data"))
    return TestClient(create_app(settings, filled))


def _one(engine: Engine, query: str, *parameters: Any) -> tuple[Any, ...]:
    with engine.connect() as connection:
        return tuple(connection.exec_driver_sql(query, parameters).one())


def signed_in(person_id: uuid.UUID) -> dict[str, str]:
    """Their session's cookie and CSRF header, as the generator made them (bench_secret)."""
    token, csrf = (bench_secret(SEED, person_id, purpose) for purpose in ("session", "csrf"))
    return {"Cookie": f"harbour_session={token}", "X-CSRF-Token": csrf}


@pytest.fixture(scope="module")
def young_person(filled: Engine) -> uuid.UUID:
    """The young person with a session who has sent the most statements."""
    (person,) = _one(
        filled,
        "SELECT statement.young_person_id FROM statement JOIN sign_in_session "
        "ON sign_in_session.person_id = statement.young_person_id "
        "GROUP BY statement.young_person_id ORDER BY count(*) DESC LIMIT 1",
    )
    return uuid.UUID(str(person))


@pytest.fixture(scope="module")
def adviser(filled: Engine) -> uuid.UUID:
    """The PA with the most young people to support."""
    (staff,) = _one(
        filled,
        "SELECT allocated_pa_id FROM young_person WHERE allocated_pa_id IS NOT NULL "
        "GROUP BY allocated_pa_id ORDER BY count(*) DESC LIMIT 1",
    )
    return uuid.UUID(str(staff))


# --- the checks ---------------------------------------------------------------------------


def test_a_young_persons_pull_reads_only_their_rows(
    client: TestClient, filled: Engine, young_person: uuid.UUID
) -> None:
    headers = signed_in(young_person)
    cursor = client.get("/api/v1/sync/pull", headers=headers).json()["cursor"]
    with explained(filled) as plans:
        response = client.get(f"/api/v1/sync/pull?since={cursor}", headers=headers)
    assert response.status_code == 200
    plans.check(
        "uq_sign_in_session_token_digest",
        "ix_statement_young_person_seq",
        "ix_statement_reply_statement",
        "ix_plan_task_young_person_seq",
        "uq_plan_young_person_id",
    )


def test_the_pas_triage_queue_reads_their_councils_open_statements(
    client: TestClient, filled: Engine, adviser: uuid.UUID
) -> None:
    with explained(filled) as plans:
        response = client.get("/api/v1/statements?view=mine&limit=25", headers=signed_in(adviser))
    assert response.status_code == 200
    assert response.json()["total"] > 0
    plans.check("ix_statement_assigned", "pk_statement")


def test_the_caseload_reads_the_pas_young_people_and_their_plans(
    client: TestClient, filled: Engine, adviser: uuid.UUID
) -> None:
    with explained(filled) as plans:
        people = client.get("/api/v1/young-people", headers=signed_in(adviser))
        caseload = client.get("/api/v1/plans/caseload", headers=signed_in(adviser))
    assert people.status_code == caseload.status_code == 200
    assert caseload.json()["young_people"]
    plans.check(
        "ix_young_person_allocated_pa_id",
        "uq_plan_young_person_id",
        "ix_plan_task_young_person_seq",
    )


def test_a_worker_claims_due_reminders_by_their_index(filled: Engine) -> None:
    with explained(filled) as plans, Session(filled) as session:
        claim(session, f"plans-{uuid.uuid4().hex[:8]}", datetime.now(UTC))
    plans.check("ix_reminder_claim")


def test_a_worker_pass_finds_what_is_due_by_index(filled: Engine, young_person: uuid.UUID) -> None:
    """What every worker pass asks of every council (the PAs' digest), and what reconciling
    one young person reads."""
    noon = datetime.now(UTC).replace(hour=12)  # after the digest time (08:00 in London)
    with explained(filled) as plans, Session(filled) as session:
        person = session.get(YoungPerson, young_person)
        assert person is not None
        council = session.get(Tenant, person.tenant_id)
        assert council is not None
        make_digests(session, council, noon)
        reconcile(session, council, young_person, noon)
        session.rollback()
    plans.check("ix_plan_task_due", "ix_reminder_recipient", "ix_plan_task_young_person_seq")


def test_items_from_a_phone_are_found_by_their_ids(
    client: TestClient, filled: Engine, young_person: uuid.UUID
) -> None:
    """A statement is stored once under the phone's id (its sync receipt is looked up by
    it), and a message in a thread finds the statement by its id."""
    (statement,) = _one(
        filled, "SELECT id FROM statement WHERE young_person_id = %s LIMIT 1", young_person
    )
    now = datetime.now(UTC).isoformat()
    items = [
        {
            "id": str(uuid.uuid4()),
            "kind": "statement",
            "created_at": now,
            "body": {"type": "good_news", "recipient": "pa", "answers": {"text": "I passed!"}},
        },
        {
            "id": str(uuid.uuid4()),
            "kind": "statement_message",
            "created_at": now,
            "body": {"statement_id": str(statement), "text": "Thank you."},
        },
    ]
    with explained(filled) as plans:
        for _ in range(2):  # then again, as after a lost answer: duplicates
            response = client.post(
                "/api/v1/sync/push", json={"items": items}, headers=signed_in(young_person)
            )
            assert response.status_code == 200
    statuses = [result["status"] for result in response.json()["results"]]
    assert statuses == ["duplicate", "duplicate"]
    plans.check("pk_sync_receipt", "pk_statement")


def test_the_database_holds_what_the_checks_need(filled: Engine) -> None:
    """The checks above mean something only with rows in the big tables and statistics."""
    (statements,) = _one(filled, "SELECT reltuples FROM pg_class WHERE relname = 'statement'")
    assert statements > 10_000  # -1 before the first ANALYZE
