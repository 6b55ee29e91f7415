"""The key queries use their indexes: PostgreSQL's EXPLAIN of the SQL the app really sends.

A listener records every statement while a request runs through the app (or the reminder
worker does its part of a pass); each SELECT and UPDATE is then EXPLAINed with the same
parameters. The requests are the ones a screen makes: a young person's pull (decision 023),
with and without changes of theirs in its window (decision 021), and the staff screens
`screens/queue` and `screens/caseload` (decision 024).
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
from sqlmodel import Session, select

from harbour.accounts.models import YoungPerson
from harbour.app import create_app
from harbour.db import make_engine
from harbour.kernel.change_sequence import current_change, moved_since
from harbour.migrate import upgrade_to_head
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import EventKind
from harbour.reminders.service import about_urgent, make_digests, preferences_of, reconcile
from harbour.reminders.worker import BATCH, changed_young_people, claim
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

    plans = Plans(big_tables(engine))
    event.listen(engine, "before_cursor_execute", record)
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


def test_the_generator_numbers_each_young_persons_changes_as_the_app_does(filled: Engine) -> None:
    """bench.national_data hands out change numbers per young person (decision 021): each
    one's counter is the highest number on their rows, and no higher than how many rows they
    have (numbers 1, 2, 3 ... of their own, not a council's)."""
    (wrong, people) = _one(
        filled,
        "WITH numbered AS ("
        " SELECT young_person_id, change_seq FROM statement"
        " UNION ALL SELECT statement.young_person_id, statement_reply.change_seq"
        "  FROM statement_reply JOIN statement ON statement.id = statement_reply.statement_id"
        "  AND statement.tenant_id = statement_reply.tenant_id"
        " UNION ALL SELECT young_person_id, change_seq FROM statement_message"
        " UNION ALL SELECT young_person_id, change_seq FROM plan"
        " UNION ALL SELECT young_person_id, change_seq FROM plan_task"
        " UNION ALL SELECT young_person_id, change_seq FROM health_passport),"
        " theirs AS (SELECT young_person_id, max(change_seq) AS top, count(*) AS rows"
        "  FROM numbered GROUP BY young_person_id)"
        " SELECT count(*) FILTER (WHERE change_counter.last IS DISTINCT FROM theirs.top"
        "  OR change_counter.last > theirs.rows), count(*)"
        " FROM theirs LEFT JOIN change_counter USING (young_person_id)",
    )
    assert people > 1_000
    assert wrong == 0


# What every signed-in request reads: the session by its token's digest.
SESSION = "uq_sign_in_session_token_digest"
# Who is signed in comes with every screen (the pull's `me`, a staff screen's frame), and so
# does the inbox count (ix_reminder_recipient).
FRAME = (SESSION, "ix_reminder_recipient")


def test_a_pull_with_nothing_new_reads_only_who_and_the_counts(
    client: TestClient, filled: Engine, young_person: uuid.UUID
) -> None:
    """A phone in use pulls on every screen; usually nothing of theirs has changed since
    (their counter equals the cursor) and the sections of changes are not read at all."""
    headers = signed_in(young_person)
    cursor = client.get("/api/v1/sync/pull", headers=headers).json()["cursor"]
    with explained(filled) as plans:
        response = client.get(f"/api/v1/sync/pull?since={cursor}", headers=headers)
    assert response.status_code == 200
    assert response.json()["me"]["id"] == str(young_person)
    plans.check(*FRAME, "pk_change_counter")
    assert not {"ix_statement_young_person_seq", "ix_plan_task_young_person_seq"} & plans.indexes


def test_a_pull_after_changes_reads_only_their_rows(
    client: TestClient, filled: Engine, young_person: uuid.UUID
) -> None:
    """A pull whose window holds the young person's last few changes: each section finds
    their rows numbered in it by their own change numbers."""
    headers = signed_in(young_person)
    with Session(filled) as session:
        person = session.get(YoungPerson, young_person)
        assert person is not None
        counter = current_change(session, person.tenant_id, young_person)
    with explained(filled) as plans:
        response = client.get(f"/api/v1/sync/pull?since={max(0, counter - 5)}", headers=headers)
    assert response.status_code == 200
    assert response.json()["cursor"] == counter
    plans.check(
        *FRAME,
        "pk_change_counter",
        "ix_statement_young_person_seq",
        "ix_statement_reply_statement",
        "ix_plan_task_young_person_seq",
        "uq_plan_young_person_id",
    )


def test_the_pas_queue_screen_reads_their_councils_open_statements(
    client: TestClient, filled: Engine, adviser: uuid.UUID
) -> None:
    """The triage queue's first page, as the staff page asks for it (staff/queue-filters.ts)."""
    with explained(filled) as plans:
        response = client.get(
            "/api/v1/screens/queue?view=mine&limit=25&offset=0", headers=signed_in(adviser)
        )
    assert response.status_code == 200
    assert response.json()["queue"]["total"] > 0
    plans.check(*FRAME, "ix_statement_assigned", "pk_statement")


def test_the_caseload_screen_reads_the_pas_young_people_and_their_plans(
    client: TestClient, filled: Engine, adviser: uuid.UUID
) -> None:
    """Staff home: the PA's young people and their plans at a glance. Which index finds a
    council's plans for those people is the planner's choice by the council's size; a scan
    of every plan, task or reminder would fail here."""
    with explained(filled) as plans:
        response = client.get("/api/v1/screens/caseload", headers=signed_in(adviser))
    assert response.status_code == 200
    assert response.json()["plans"]["young_people"]
    plans.check(*FRAME, "ix_young_person_allocated_pa_id", "ix_plan_task_young_person_seq")


def test_a_worker_claims_due_reminders_by_their_index(filled: Engine) -> None:
    """The claim's UPDATE of the rows its sub-select chose: the planner finds those rows by
    their ids unless the batch is a large share of the table, when reading it whole is
    rightly cheaper. A worker's batch (200) is one in 7,500 of the national 1.5 million
    reminders but one in 80 of the small data set's 16,000: a smaller database is claimed
    from in batches of at most one in 1,000 of its reminders."""
    (reminders,) = _one(filled, "SELECT reltuples FROM pg_class WHERE relname = 'reminder'")
    batch = max(1, min(BATCH, int(reminders) // 1_000))
    with explained(filled) as plans, Session(filled) as session:
        claim(session, f"plans-{uuid.uuid4().hex[:8]}", datetime.now(UTC), batch)
    plans.check("ix_reminder_claim")


def test_a_workers_batch_looks_up_its_recipients_in_one_query_each(
    filled: Engine, young_person: uuid.UUID
) -> None:
    """Before pushing a batch, the worker reads its recipients' quiet hours and which of its
    messages are about urgent statements, one query each (decision 022). The settings are
    found by their unique key (person_kind, person_id): asked by id alone, PostgreSQL read
    every saved setting in the country for each batch."""
    with Session(filled) as session:
        rows = list(
            session.exec(
                select(Reminder).where(Reminder.recipient_id == young_person).limit(BATCH)
            ).all()
        )
    assert rows
    message = Reminder.model_validate(
        rows[0].model_dump() | {"id": uuid.uuid4(), "event_kind": EventKind.young_person_message}
    )
    with explained(filled) as plans, Session(filled) as session:
        preferences_of(session, {(row.recipient_kind, row.recipient_id) for row in rows})
        about_urgent(session, [*rows, message])
    assert len(plans.explained) == 2
    plans.check("uq_reminder_preference_person_kind_person_id")


def test_a_worker_pass_finds_what_is_due_by_index(filled: Engine, young_person: uuid.UUID) -> None:
    """What every worker pass asks of every council: whose change numbers moved, whether
    their plan, tasks or passport changed (here one young person's last change), the PAs'
    digest; and what reconciling one young person reads."""
    noon = datetime.now(UTC).replace(hour=12)  # after the digest time (08:00 in London)
    with explained(filled) as plans, Session(filled) as session:
        person = session.get(YoungPerson, young_person)
        assert person is not None
        council = session.get(Tenant, person.tenant_id)
        assert council is not None
        counters = moved_since(session, council.id, {})
        seen = {someone: window.upto for someone, window in counters.items()}
        seen[young_person] -= 1
        moved = moved_since(session, council.id, seen)
        assert list(moved) == [young_person]
        changed_young_people(session, council.id, moved)
        make_digests(session, council, noon)
        reconcile(session, council, young_person, noon)
        session.rollback()
    plans.check(
        "ix_plan_task_due",
        "ix_plan_review_due",
        "ix_reminder_recipient",
        "ix_plan_task_young_person_seq",
        "uq_plan_young_person_id",
    )


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
