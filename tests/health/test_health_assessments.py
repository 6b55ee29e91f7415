"""A PA records health-assessment dates when they are the source: with or without the young
person's consent (it shows them nothing), through the field edit engine, so the young person
sees who recorded them."""

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.health.conftest import AsPerson, audit_actions, passport_url
from tests.people import World, make_passport, passport_item, pull, push


def record(pa: Any, young_person_id: uuid.UUID, **body: object) -> Any:
    return pa.post(passport_url(young_person_id, "/health-assessments"), json=body)


def test_a_pa_records_dates_without_consent_and_the_young_person_sees_who(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    pa, jordan = as_person(world.pa1).client, as_person(world.yp1)
    op_id = str(uuid.uuid4())

    response = record(pa, world.yp1.id, op_id=op_id, last="2026-10-01", next="2027-10-01")
    pulled = pull(jordan)

    assert response.status_code == 200
    assert response.json() == {"recorded": True}
    passport = pulled["passport"]
    assert (passport["health_assessment_last"], passport["health_assessment_next"]) == (
        "2026-10-01",
        "2027-10-01",
    )
    assert passport["shared_with_pa"] is False
    by = passport["recorded_by"]["health_assessment_next"]
    assert (by["kind"], by["name"], by["role"]) == ("staff", "Asha", "personal_adviser")
    [entry] = pulled["history"]
    assert entry["op_id"] == op_id
    assert entry["by"] == {"kind": "staff", "name": "Asha", "role": "personal_adviser"}
    assert entry["device"] == "Test device"
    assert pa.get(passport_url(world.yp1.id, "/sharing")).json() == {
        "exists": True,
        "shared": False,
    }
    assert pa.get(passport_url(world.yp1.id)).status_code == 404  # still not theirs to read
    assert ("passport_recorded", "staff") in audit_actions(engine, world.yp1.id)


def test_recording_into_a_passport_the_young_person_keeps_marks_what_it_replaced(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    jordan = as_person(world.yp1)
    push(jordan, passport_item(health_assessment_next="2027-01-15", gp_name="Riverside"))

    record(as_person(world.pa1).client, world.yp1.id, op_id=str(uuid.uuid4()), next="2027-02-01")
    pulled = pull(jordan)

    assert pulled["passport"]["health_assessment_next"] == "2027-02-01"
    assert pulled["passport"]["gp_name"] == "Riverside"
    change = pulled["history"][-1]["changes"][0]
    assert (change["before"], change["after"], change["replaced_unseen"]) == (
        "2027-01-15",
        "2027-02-01",
        True,
    )
    assert pulled["passport"]["recorded_by"]["health_assessment_next"]["kind"] == "staff"


def test_sending_the_same_recording_again_changes_nothing_and_other_dates_conflict(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    pa, jordan = as_person(world.pa1).client, as_person(world.yp1)
    op_id = str(uuid.uuid4())
    record(pa, world.yp1.id, op_id=op_id, last="2026-10-01")
    push(jordan, passport_item(1, gp_name="Riverside"))  # the version moves on meanwhile

    again = record(pa, world.yp1.id, op_id=op_id, last="2026-10-01")
    other = record(pa, world.yp1.id, op_id=op_id, last="2026-10-02")

    assert again.status_code == 200
    assert other.status_code == 409
    assert len(pull(jordan)["history"]) == 2
    recorded = [a for a, _ in audit_actions(engine, world.yp1.id) if a == "passport_recorded"]
    assert recorded == ["passport_recorded"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"next": "soon"}, "body.next"),
        ({"last": "2026-13-01"}, "body.last"),
        ({}, "body"),
        ({"last": "2026-10-01", "shared_with_pa": True}, "body.shared_with_pa"),
    ],
)
def test_bad_dates_are_refused_naming_the_field(
    world: World, as_person: AsPerson, body: dict[str, object], field: str
) -> None:
    pa = as_person(world.pa1).client

    response = record(pa, world.yp1.id, op_id=str(uuid.uuid4()), **body)

    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert pa.get(passport_url(world.yp1.id, "/sharing")).json()["exists"] is False


def test_a_shared_passport_shows_the_pa_their_own_recording(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    make_passport(engine, world.yp1, shared_with_pa=True)
    pa = as_person(world.pa1).client

    record(pa, world.yp1.id, op_id=str(uuid.uuid4()), next="2027-06-01")
    passport = pa.get(passport_url(world.yp1.id)).json()

    assert passport["health_assessment_next"] == "2027-06-01"
    assert passport["recorded_by"]["health_assessment_next"]["name"] == "Asha"
