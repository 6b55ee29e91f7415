"""Young people's records: created by their PA with an invite code, seen by their caseload."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.audit.models import AuditEvent
from tests.people import SignedIn, World, mark_as_left

NEW = {
    "preferred_name": "Riley",
    "date_of_birth": "2007-03-14",
    "legal_status": "relevant",
    "key_dates": [
        {"kind": "pathway_plan_review", "date": "2027-01-10"},
        {"kind": "left_care", "date": "2025-03-14"},
    ],
}


def audit_actions(engine: Engine) -> list[tuple[str, str | None]]:
    with Session(engine) as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.at)).all()  # type: ignore[arg-type]
        return [(row.action, str(row.subject_id) if row.subject_id else None) for row in rows]


def test_a_pa_adds_a_young_person_to_their_caseload_with_an_invite_code(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    pa = as_person(world.pa1)

    response = pa.client.post("/api/v1/young-people", json=NEW)

    assert response.status_code == 201
    body = response.json()
    person, invite = body["young_person"], body["invite"]
    assert person["allocated_pa_id"] == str(world.pa1.id)
    assert person["joined"] is False
    assert [d["kind"] for d in person["key_dates"]] == ["left_care", "pathway_plan_review"]
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", invite["code"])
    expires = datetime.fromisoformat(invite["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)
    assert person["invite_expires_at"] == invite["expires_at"]
    actions = [a for a, _ in audit_actions(engine)]
    assert "young_person_created" in actions
    assert "invite_issued" in actions


def test_the_invite_code_is_stored_only_as_a_keyed_hash(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    from harbour.accounts.models import InviteCode

    code = as_person(world.pa1).client.post("/api/v1/young-people", json=NEW).json()["invite"]
    with Session(engine) as session:
        stored = session.exec(select(InviteCode)).one()
    assert code["code"].replace("-", "") not in stored.code_digest
    assert len(stored.code_digest) == 64


def test_bad_input_is_a_422_naming_each_field(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    pa = as_person(world.pa1).client
    cases: list[tuple[dict[str, Any], str]] = [
        (NEW | {"date_of_birth": "2024-01-01"}, "body.date_of_birth"),
        (NEW | {"legal_status": "adopted"}, "body.legal_status"),
        (NEW | {"preferred_name": ""}, "body.preferred_name"),
        (NEW | {"preferred_name": "Riley\u0000"}, "body.preferred_name"),  # PostgreSQL: no NUL
        (NEW | {"preferred_name": "Riley\nRoe"}, "body.preferred_name"),
        (NEW | {"tenant_id": str(world.south.id)}, "body.tenant_id"),
        (
            NEW | {"key_dates": [{"kind": "birthday", "date": "2027-01-01"}]},
            "body.key_dates.0.kind",
        ),
    ]
    for sent, field in cases:
        response = pa.post("/api/v1/young-people", json=sent)
        assert response.status_code == 422, field
        assert field in [f["field"] for f in response.json()["error"]["fields"]], field


def test_who_may_allocate_to_whom(world: World, as_person: Callable[..., SignedIn]) -> None:
    def create(person: Any, pa_id: Any) -> Any:
        return as_person(person).client.post(
            "/api/v1/young-people", json=NEW | {"allocated_pa_id": str(pa_id)}
        )

    refused = create(world.pa1, world.pa2.id)
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["field"] == "body.allocated_pa_id"
    assert create(world.manager_a, world.pa2.id).status_code == 201  # within team A
    assert create(world.manager_a, world.pa3.id).status_code == 422  # team B
    assert create(world.north_admin, world.pa3.id).status_code == 201
    assert create(world.north_admin, world.south_pa.id).status_code == 422  # other council
    assert create(world.north_admin, world.editor.id).status_code == 422  # not a PA
    no_pa = as_person(world.north_admin).client.post("/api/v1/young-people", json=NEW)
    assert no_pa.status_code == 422
    assert as_person(world.editor).client.post("/api/v1/young-people", json=NEW).status_code == 403


def test_each_role_lists_exactly_its_caseload(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    def names(person: Any) -> set[str]:
        response = as_person(person).client.get("/api/v1/young-people")
        assert response.status_code == 200
        return {p["preferred_name"] for p in response.json()["young_people"]}

    assert names(world.pa1) == {"Jordan"}
    assert names(world.manager_a) == {"Jordan", "Kai"}
    assert names(world.north_admin) == {"Jordan", "Kai", "Lou"}
    assert names(world.south_admin) == {"Jordan S"}
    assert as_person(world.editor).client.get("/api/v1/young-people").status_code == 403
    assert as_person(world.yp1).client.get("/api/v1/young-people").status_code == 403


def test_a_staff_read_is_audited_and_a_young_person_reads_their_own(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    staff_read = as_person(world.pa1).client.get(f"/api/v1/young-people/{world.yp1.id}")
    own_read = as_person(world.yp1).client.get(f"/api/v1/young-people/{world.yp1.id}")

    assert staff_read.status_code == own_read.status_code == 200
    assert own_read.json()["preferred_name"] == "Jordan"
    reads = [s for a, s in audit_actions(engine) if a == "young_person_read"]
    assert reads == [str(world.yp1.id)]  # the staff read only


def test_changes_and_reallocation(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    url = f"/api/v1/young-people/{world.yp1.id}"
    pa = as_person(world.pa1).client

    changed = pa.patch(url, json={"preferred_name": "Jo", "legal_status": "relevant"})
    pa_reallocates = pa.patch(url, json={"allocated_pa_id": str(world.pa2.id)})
    manager_reallocates = as_person(world.manager_a).client.patch(
        url, json={"allocated_pa_id": str(world.pa2.id)}
    )
    emptied = as_person(world.manager_a).client.patch(url, json={"preferred_name": None})

    assert changed.status_code == 200
    assert changed.json()["preferred_name"] == "Jo"
    assert pa_reallocates.status_code == 422
    assert pa_reallocates.json()["error"]["fields"][0]["field"] == "body.allocated_pa_id"
    assert manager_reallocates.status_code == 200
    assert manager_reallocates.json()["allocated_pa_id"] == str(world.pa2.id)
    assert emptied.status_code == 422
    assert emptied.json()["error"]["fields"][0]["field"] == "body.preferred_name"
    # PA 1 no longer sees them once they are reallocated.
    assert pa.get(url).status_code == 404
    with Session(engine) as session:
        change = session.exec(  # the PA's change (the manager's reallocation is another row)
            select(AuditEvent).where(
                AuditEvent.action == "young_person_changed", AuditEvent.actor_id == world.pa1.id
            )
        ).one()
    assert change is not None
    assert change.detail == {
        "fields": ["legal_status", "preferred_name"],
        "before": {"legal_status": "former_relevant", "preferred_name": "Jordan"},
        "after": {"legal_status": "relevant", "preferred_name": "Jo"},
    }


def test_a_young_person_cannot_change_their_own_record(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    response = as_person(world.yp1).client.patch(
        f"/api/v1/young-people/{world.yp1.id}", json={"preferred_name": "X"}
    )

    assert response.status_code == 403


def test_export_is_audited(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    response = as_person(world.pa1).client.get(f"/api/v1/young-people/{world.yp1.id}/export")

    assert response.status_code == 200
    assert response.json()["preferred_name"] == "Jordan"
    assert ("young_person_exported", str(world.yp1.id)) in audit_actions(engine)


def test_a_young_person_marked_as_left_is_signed_out_everywhere(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    young_person = as_person(world.yp1)
    pa = as_person(world.pa1).client

    mark_as_left(pa, f"/api/v1/young-people/{world.yp1.id}", young_person)
