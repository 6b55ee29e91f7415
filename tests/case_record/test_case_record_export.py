"""Export to the case record (issue 16, item 6): a statement, a young person's statements over
a date range, and the pathway plan with its history, as versioned documents carrying the
case reference from the record; each export audited with names; the "copied to case record"
mark; who may export (a 404 to everyone else, the young person included); refused ranges.
The route-by-route 404s for other people are in tests/test_access_matrix.py."""

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from harbour.accounts.models import YoungPerson
from harbour.audit.models import AuditEvent
from harbour.case_record.json_schema import json_schema_text
from harbour.statements.models import Statement
from tests.people import (
    SignedIn,
    World,
    make_statement,
    make_task,
    statement_item,
    store_from_phone,
)

AsPerson = Callable[..., SignedIn]
SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "case-record-export.schema.json"


def statement_export(statement_id: uuid.UUID) -> str:
    return f"/api/v1/statements/{statement_id}/export"


def statements_export(person: YoungPerson) -> str:
    return f"/api/v1/young-people/{person.id}/statements/export"


def plan_export(person: YoungPerson) -> str:
    return f"/api/v1/young-people/{person.id}/plan/export"


def copied(statement_id: uuid.UUID) -> str:
    return f"/api/v1/statements/{statement_id}/copied-to-case-record"


def give_case_reference(engine: Engine, person: YoungPerson, reference: str) -> None:
    with Session(engine) as session:
        session.execute(
            update(YoungPerson)
            .where(col(YoungPerson.id) == person.id)
            .values(case_reference=reference, full_name="Jordan Amari Smith")
        )
        session.commit()


def received_on(engine: Engine, statement_id: uuid.UUID, when: datetime) -> None:
    with Session(engine) as session:
        session.execute(
            update(Statement).where(col(Statement.id) == statement_id).values(received_at=when)
        )
        session.commit()


def exports(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).like("case_record_%"))
            .order_by(col(AuditEvent.at))
        ).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_statement_export_carries_the_record_the_thread_and_the_history(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    give_case_reference(engine, world.yp1, "LCS-204118/B")
    said = make_statement(engine, world.yp1, feeling=2, topics=["home"], text="Nobody told me.")
    pa = as_person(world.pa1)
    reply = pa.client.post(f"/api/v1/statements/{said}/replies", json={"text": "Let's talk today."})
    assert reply.status_code == 201
    ok(pa.client.patch(f"/api/v1/statements/{said}", json={"status": "in_progress"}))
    pa.client.post(f"/api/v1/statements/{said}/notes", json={"text": "Call the carer."})

    document = ok(pa.client.get(statement_export(said)))

    assert (document["schema"], document["version"]) == ("harbour.case-record.statement", 1)
    assert document["young_person"] | {"id": None} == {
        "id": None,
        "case_reference": "LCS-204118/B",
        "preferred_name": "Jordan",
        "full_name": "Jordan Amari Smith",
        "date_of_birth": "2007-05-01",
        "legal_status": "former_relevant",
    }
    assert document["exported_by"]["display_name"] == "Asha PA"
    assert document["council"]["slug"] == "northdale"
    statement = document["statement"]
    assert statement["type_title"] == "How I'm feeling"
    assert statement["answers"] == {"feeling": 2, "topics": ["home"], "text": "Nobody told me."}
    assert statement["status"] == "in_progress"
    assert statement["first_read_by"]["display_name"] == "Asha PA"  # the reply read it
    assert statement["answered_by"]["display_name"] == "Asha PA"
    assert [(r["text"], r["by"]["display_name"], r["seen_at"]) for r in statement["replies"]] == [
        ("Let's talk today.", "Asha PA", None)
    ]
    assert [n["text"] for n in statement["notes"]] == ["Call the carer."]
    assert [
        (e["what"], e["by"], e["status_from"], e["status_to"]) for e in statement["history"]
    ] == [("status_changed", "Asha PA", "seen", "in_progress")]
    assert statement["copied_to_case_record"] is None

    [row] = exports(engine)
    assert (row.action, row.actor_id, row.subject_kind, row.subject_id, row.detail) == (
        "case_record_statement_exported",
        world.pa1.id,
        "young_person",
        world.yp1.id,
        {"statement_id": str(said)},
    )


def test_the_audit_trail_names_who_exported_and_whose_record(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    said = make_statement(engine, world.yp1)
    pa = as_person(world.pa1)
    ok(pa.client.get(statement_export(said)))
    ok(pa.client.get(plan_export(world.yp1)))
    ok(pa.client.get(statements_export(world.yp1)))

    trail = ok(as_person(world.north_admin).client.get("/api/v1/audit"))["events"]

    exported = [e for e in trail if e["action"].startswith("case_record_")]
    assert [(e["action"], e["actor_name"], e["subject_name"]) for e in exported] == [
        ("case_record_statements_exported", "Asha PA", "Jordan"),
        ("case_record_plan_exported", "Asha PA", "Jordan"),
        ("case_record_statement_exported", "Asha PA", "Jordan"),
    ]


def test_statements_over_a_date_range_are_the_ones_received_on_those_days(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    london = ZoneInfo("Europe/London")
    early = make_statement(engine, world.yp1, text="first")
    inside = make_statement(engine, world.yp1, text="second")
    late = make_statement(engine, world.yp1, text="third")
    to_iro = make_statement(engine, world.yp1, recipient="iro", text="for the IRO")
    # Received at 23:30 on 31 October in London (BST), which is 22:30 UTC: still October.
    received_on(engine, early, datetime(2026, 10, 31, 23, 30, tzinfo=london))
    received_on(engine, inside, datetime(2026, 11, 1, 0, 5, tzinfo=london))
    received_on(engine, late, datetime(2026, 12, 1, 0, 0, tzinfo=london))
    received_on(engine, to_iro, datetime(2026, 11, 10, 9, 0, tzinfo=london))
    pa = as_person(world.pa1)

    document = ok(
        pa.client.get(
            statements_export(world.yp1), params={"from": "2026-11-01", "to": "2026-11-30"}
        )
    )

    assert (document["schema"], document["from"], document["to"]) == (
        "harbour.case-record.statements",
        "2026-11-01",
        "2026-11-30",
    )
    # The IRO's statement is not the PA's to see, so not theirs to export.
    assert [s["id"] for s in document["statements"]] == [str(inside)]
    [row] = exports(engine)
    assert row.detail == {"from": "2026-11-01", "to": "2026-11-30", "count": 1}
    admin = ok(
        as_person(world.north_admin).client.get(
            statements_export(world.yp1), params={"from": "2026-10-01", "to": "2026-12-31"}
        )
    )
    assert [s["id"] for s in admin["statements"]] == [
        str(early),
        str(inside),
        str(to_iro),
        str(late),
    ]


def test_without_dates_the_range_is_the_last_90_days(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    said = make_statement(engine, world.yp1)
    document = ok(as_person(world.pa1).client.get(statements_export(world.yp1)))
    today = date.fromisoformat(document["to"])
    assert date.fromisoformat(document["from"]) == today - timedelta(days=90)
    assert [s["id"] for s in document["statements"]] == [str(said)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "query.to"),
        ({"from": "2025-01-01", "to": "2026-01-02"}, "query.from"),
        ({"from": "1 November 2026"}, "query.from"),
        ({"to": "2026-13-01"}, "query.to"),
    ],
)
def test_a_range_that_cannot_be_right_is_refused_naming_the_field(
    world: World, as_person: AsPerson, engine: Engine, params: dict[str, str], field: str
) -> None:
    response = as_person(world.pa1).client.get(statements_export(world.yp1), params=params)

    assert response.status_code == 422, response.text
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert exports(engine) == []  # nothing exported, nothing audited


def test_a_year_of_statements_is_the_most_at_once(world: World, as_person: AsPerson) -> None:
    pa = as_person(world.pa1).client
    ok(pa.get(statements_export(world.yp1), params={"from": "2025-01-02", "to": "2026-01-02"}))
    refused = pa.get(
        statements_export(world.yp1), params={"from": "2025-01-01", "to": "2026-01-02"}
    )
    assert refused.status_code == 422


REVIEW = "2027-03-01"


def test_the_plan_export_has_its_tasks_notes_and_history(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    give_case_reference(engine, world.yp1, "LCS-204118/B")
    own = make_task(engine, world.yp1, title="Open a bank account")
    pa = as_person(world.pa1)
    ok(
        pa.client.post(
            f"/api/v1/young-people/{world.yp1.id}/plan/edits",
            json={
                "op_id": str(uuid.uuid4()),
                "base_version": 0,
                "set": {"review_due": "2027-03-01"},
            },
        )
    )
    ok(
        pa.client.post(
            f"/api/v1/young-people/{world.yp1.id}/plan/tasks/{own}/edits",
            json={"op_id": str(uuid.uuid4()), "base_version": 1, "set": {"status": "in_progress"}},
        )
    )

    document = ok(pa.client.get(plan_export(world.yp1)))

    assert (document["schema"], document["version"]) == ("harbour.case-record.plan", 1)
    assert document["young_person"]["case_reference"] == "LCS-204118/B"
    plan = document["plan"]
    assert plan["review_due"] == "2027-03-01"
    assert [(t["title"], t["status"]) for t in plan["tasks"]] == [
        ("Open a bank account", "in_progress")
    ]
    changes = [
        (h["record"], h["by"]["name"], [c["field"] for c in h["changes"]]) for h in plan["history"]
    ]
    assert changes == [("plan", "Asha", ["review_due"]), ("task", "Asha", ["status"])]
    [row] = exports(engine)
    assert (row.action, row.subject_id, row.detail) == (
        "case_record_plan_exported",
        world.yp1.id,
        {"tasks": 1},
    )


def test_someone_with_no_plan_gets_an_empty_one(world: World, as_person: AsPerson) -> None:
    plan = ok(as_person(world.pa1).client.get(plan_export(world.yp1)))["plan"]
    assert (plan["version"], plan["created_at"], plan["tasks"], plan["history"]) == (
        0,
        None,
        [],
        [],
    )


def test_copied_to_case_record_is_kept_once_with_who_and_when(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    said = make_statement(engine, world.yp1)
    pa, manager = as_person(world.pa1), as_person(world.manager_a)

    first = ok(pa.client.post(copied(said)))
    again = ok(manager.client.post(copied(said)))

    mark = first["copied_to_case_record"]
    assert mark["by"]["display_name"] == "Asha PA"
    assert again["copied_to_case_record"] == mark  # the first mark stays
    assert first["copied_to_case_record_at"] == mark["at"]
    item = next(i for i in ok(pa.client.get("/api/v1/statements"))["items"] if i["id"] == str(said))
    assert item["copied_to_case_record_at"] == mark["at"]
    exported = ok(pa.client.get(statement_export(said)))["statement"]
    assert exported["copied_to_case_record"] == mark
    assert [(e["what"], e["by"]) for e in exported["history"]] == [
        ("copied_to_case_record", "Asha PA")
    ]
    with Session(engine) as session:
        marks = session.exec(
            select(AuditEvent).where(AuditEvent.action == "statement_copied_to_case_record")
        ).all()
    assert [(m.actor_id, m.subject_id) for m in marks] == [(world.pa1.id, said)]


def test_the_young_person_cannot_export_their_own_records_from_here(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    """Their "Download my data" is theirs; the staff exports answer as if nothing were there."""
    said = make_statement(engine, world.yp1)
    jordan = as_person(world.yp1).client
    nowhere = uuid.uuid4()
    for mine, absent in (
        (statement_export(said), statement_export(nowhere)),
        (copied(said), copied(nowhere)),
        (statements_export(world.yp1), f"/api/v1/young-people/{nowhere}/statements/export"),
        (plan_export(world.yp1), f"/api/v1/young-people/{nowhere}/plan/export"),
    ):
        method = "POST" if mine.endswith("record") else "GET"
        response, missing = jordan.request(method, mine), jordan.request(method, absent)
        assert response.status_code == missing.status_code == 404, mine
        assert response.json()["error"] == missing.json()["error"]
    assert exports(engine) == []


def test_a_pa_cannot_export_a_young_person_outside_their_caseload(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    said = make_statement(engine, world.yp2)  # Ben's young person
    asha = as_person(world.pa1).client
    for url in (statement_export(said), statements_export(world.yp2), plan_export(world.yp2)):
        assert asha.get(url).status_code == 404, url
    assert asha.post(copied(said)).status_code == 404
    south = as_person(world.south_admin).client
    assert south.get(plan_export(world.yp1)).status_code == 404
    assert exports(engine) == []


def test_an_urgent_statement_export_says_who_acknowledged_it(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    said = store_from_phone(engine, world.yp1, statement_item("help_now", urgent=True))
    pa = as_person(world.pa1)
    ok(pa.client.post(f"/api/v1/statements/{said}/acknowledge"))

    statement = ok(pa.client.get(statement_export(said)))["statement"]

    assert (statement["urgent"], statement["urgent_reason"]) == (True, "asked_for_help")
    assert statement["acknowledged_by"]["display_name"] == "Asha PA"
    assert [e["what"] for e in statement["history"]] == ["acknowledged"]


def test_the_documented_json_schema_is_the_models_one() -> None:
    """docs/case-record-export.schema.json is made from the models; write it again with
    `.venv/bin/python -m harbour.case_record.json_schema > docs/case-record-export.schema.json`
    after changing them (and raise SCHEMA_VERSION if a field was removed or renamed)."""
    assert SCHEMA_FILE.read_text() == json_schema_text()


def test_every_export_validates_against_the_documented_schema(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    validator = pytest.importorskip("jsonschema_rs")  # schemathesis's validator
    said = make_statement(engine, world.yp1, text="Can we talk?")
    make_task(engine, world.yp1)
    pa = as_person(world.pa1).client
    schema = json.loads(SCHEMA_FILE.read_text())
    for url in (statement_export(said), statements_export(world.yp1), plan_export(world.yp1)):
        validator.validate(schema, ok(pa.get(url)))


def test_exported_times_are_utc(world: World, as_person: AsPerson, engine: Engine) -> None:
    said = make_statement(engine, world.yp1)
    document = ok(as_person(world.pa1).client.get(statement_export(said)))
    exported_at = datetime.fromisoformat(document["exported_at"])
    assert exported_at.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - exported_at) < timedelta(minutes=5)
