"""The audit trail: written for each listed action, readable and filterable by admins only,
never changed or deleted, and never holding PINs, codes or names."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.audit.models import AuditEvent
from tests.people import PIN, SignedIn, World, make_young_person
from tests.sql import selects, statements_run

AUDIT = "/api/v1/audit"


def do_a_day_of_work(world: World, app: FastAPI, as_person: Callable[..., SignedIn]) -> str:
    """Sign-ins (good and bad), a read, a change, an export, a new record, an access reset.
    Returns the new young person's invite code."""
    sign_in = {"council": "northdale", "username": "jordan", "secret": PIN}
    TestClient(app).post("/api/v1/auth/young-person/sign-in", json=sign_in | {"secret": "000000"})
    TestClient(app).post("/api/v1/auth/young-person/sign-in", json=sign_in)
    pa = as_person(world.pa1).client
    pa.get(f"/api/v1/young-people/{world.yp1.id}")
    pa.patch(f"/api/v1/young-people/{world.yp1.id}", json={"preferred_name": "Jo"})
    pa.get(f"/api/v1/young-people/{world.yp1.id}/export")
    created = pa.post(
        "/api/v1/young-people",
        json={"preferred_name": "Riley", "date_of_birth": "2007-03-14", "legal_status": "relevant"},
    ).json()
    pa.post(f"/api/v1/young-people/{world.yp1.id}/reset-access")
    return str(created["invite"]["code"])


def test_each_listed_action_writes_an_audit_row_with_who_what_when_and_session(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn]
) -> None:
    do_a_day_of_work(world, app, as_person)
    admin = as_person(world.north_admin)

    events = admin.client.get(AUDIT, params={"limit": 200}).json()["events"]

    actions = {e["action"] for e in events}
    assert {
        "sign_in",
        "sign_in_failed",
        "young_person_read",
        "young_person_changed",
        "young_person_exported",
        "young_person_created",
        "invite_issued",
        "access_reset",
        "signed_out_everywhere",
    } <= actions
    read = next(e for e in events if e["action"] == "young_person_read")
    assert read["actor_id"] == str(world.pa1.id)
    assert read["actor_kind"] == "staff"
    assert read["subject_id"] == str(world.yp1.id)
    assert read["session_id"]
    assert read["request_id"]
    assert datetime.fromisoformat(read["at"]) > datetime.now(UTC) - timedelta(minutes=1)
    times = [e["at"] for e in events]
    assert times == sorted(times, reverse=True)


def test_audit_rows_hold_no_pins_codes_or_names(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    code = do_a_day_of_work(world, app, as_person)

    with Session(engine) as session:
        rows = [row.model_dump(mode="json") for row in session.exec(select(AuditEvent)).all()]
    # A record correction keeps the values it changed, before and after (decision 010): the
    # only place a name may be. Everything else holds ids.
    corrections = [row.pop("detail") for row in rows if row["action"] == "young_person_changed"]
    text = json.dumps(rows)
    for secret in (PIN, "000000", code, code.replace("-", ""), "Riley", "Jordan", "jordan", "Jo"):
        assert secret not in text, secret
    assert corrections == [
        {
            "fields": ["preferred_name"],
            "before": {"preferred_name": "Jordan"},
            "after": {"preferred_name": "Jo"},
        }
    ]
    for secret in (PIN, "000000", code, code.replace("-", "")):
        assert secret not in json.dumps(corrections), secret


def test_admins_filter_the_trail_and_page_through_it(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn]
) -> None:
    do_a_day_of_work(world, app, as_person)
    admin = as_person(world.north_admin).client

    reads = admin.get(AUDIT, params={"action": "young_person_read"}).json()["events"]
    by_pa = admin.get(AUDIT, params={"actor_id": str(world.pa1.id)}).json()["events"]
    about_jordan = admin.get(AUDIT, params={"subject_id": str(world.yp1.id)}).json()["events"]
    future = admin.get(AUDIT, params={"since": "2999-01-01T00:00:00Z"}).json()["events"]
    first = admin.get(AUDIT, params={"limit": 3}).json()
    second = admin.get(AUDIT, params={"limit": 3, "before": first["next_before"]}).json()

    assert [e["action"] for e in reads] == ["young_person_read"]
    assert by_pa
    assert all(e["actor_id"] == str(world.pa1.id) for e in by_pa)
    assert all(e["subject_id"] == str(world.yp1.id) for e in about_jordan)
    assert future == []
    assert len(first["events"]) == len(second["events"]) == 3
    assert {e["id"] for e in first["events"]}.isdisjoint(e["id"] for e in second["events"])
    assert first["events"][-1]["at"] >= second["events"][0]["at"]


def test_bad_filters_are_422s_naming_the_field(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin).client
    for params, field in (
        ({"limit": 0}, "query.limit"),
        ({"action": "deleted_everything"}, "query.action"),
        ({"since": "yesterday"}, "query.since"),
        ({"before": "00000000-0000-4000-8000-000000000000"}, "query.before"),
    ):
        response = admin.get(AUDIT, params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["fields"][0]["field"] == field


def test_only_admins_see_the_trail_and_only_their_own_councils(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn]
) -> None:
    do_a_day_of_work(world, app, as_person)

    assert as_person(world.pa1).client.get(AUDIT).status_code == 403
    assert as_person(world.manager_a).client.get(AUDIT).status_code == 403
    assert as_person(world.yp1).client.get(AUDIT).status_code == 403
    assert TestClient(app).get(AUDIT).status_code == 401
    south = as_person(world.south_admin).client.get(AUDIT).json()["events"]
    assert [e["action"] for e in south] == []  # nothing happened in Southmere
    north = as_person(world.north_admin).client.get(AUDIT)
    assert north.status_code == 200
    viewed = as_person(world.north_admin).client.get(AUDIT, params={"action": "audit_viewed"})
    assert len(viewed.json()["events"]) >= 1  # looking at the trail is itself audited


def test_the_trail_cannot_be_changed_or_deleted(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    do_a_day_of_work(world, app, as_person)
    audit_methods = {
        method
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/v1/audit")
        for method in operations
    }
    admin = as_person(world.north_admin).client

    assert audit_methods == {"get"}
    assert admin.delete(AUDIT).status_code == 405
    assert admin.patch(AUDIT, json={}).status_code == 405
    with Session(engine) as session:
        row = session.exec(select(AuditEvent)).first()
        assert row is not None
        row.action = "nothing_happened"
        session.add(row)
        with pytest.raises(RuntimeError, match="append-only"):
            session.commit()
    with Session(engine) as session:
        row = session.exec(select(AuditEvent)).first()
        session.delete(row)
        with pytest.raises(RuntimeError, match="append-only"):
            session.commit()


def test_the_trail_names_the_people_in_it_that_the_admin_may_see(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn]
) -> None:
    do_a_day_of_work(world, app, as_person)
    admin = as_person(world.north_admin).client

    events = admin.get(AUDIT, params={"limit": 200}).json()["events"]

    read = next(e for e in events if e["action"] == "young_person_read")
    assert (read["actor_name"], read["subject_name"]) == ("Asha PA", "Jo")  # today's name
    created = next(e for e in events if e["action"] == "young_person_created")
    assert created["subject_name"] == "Riley"
    signed_in = next(
        e for e in events if e["action"] == "sign_in" and e["actor_kind"] == "young_person"
    )
    assert signed_in["actor_name"] == "Jo"
    failed = next(e for e in events if e["action"] == "sign_in_failed")
    assert failed["actor_name"] is None  # nobody to name
    viewed = admin.get(AUDIT, params={"action": "audit_viewed"}).json()["events"][0]
    assert viewed["actor_name"] == "Nina Admin"


def test_people_in_another_council_are_never_named(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    # Refused attempts are audited with the id that was tried, even another council's.
    pa = as_person(world.pa1).client
    admin = as_person(world.north_admin).client
    assert pa.get(f"/api/v1/young-people/{world.south_yp.id}").status_code == 404
    assert admin.get(f"/api/v1/staff/{world.south_pa.id}").status_code == 404

    response = admin.get(AUDIT, params={"action": "not_found_or_not_allowed"})

    refused = {e["subject_id"]: e for e in response.json()["events"]}
    assert refused[str(world.south_yp.id)]["subject_name"] is None
    assert refused[str(world.south_pa.id)]["subject_name"] is None
    assert refused[str(world.south_yp.id)]["actor_name"] == "Asha PA"
    for southern in ("Jordan S", "Dev PA", "Sam Admin"):
        assert southern not in response.text


def test_names_take_one_query_however_many_people_are_in_the_page(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    pa = as_person(world.pa1).client
    admin = as_person(world.north_admin).client
    pa.get(f"/api/v1/young-people/{world.yp1.id}")
    with statements_run(engine) as run_few:
        admin.get(AUDIT, params={"limit": 200})
    for n in range(10):
        person = make_young_person(engine, world.north, world.pa1.id, f"Extra {n}")
        pa.get(f"/api/v1/young-people/{person.id}")
    with statements_run(engine) as run_many:
        events = admin.get(AUDIT, params={"limit": 200}).json()["events"]

    few, many = selects(run_few), selects(run_many)
    assert sum(e["subject_name"] is not None for e in events) >= 11
    assert len(many) == len(few)
    assert sum("preferred_name" in q for q in many) == 1
