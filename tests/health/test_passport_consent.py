"""Staff see a young person's health passport only while the young person shares it: without
consent every details route answers 404, word for word as for a young person who does not
exist, and turning sharing on and off is audited."""

import uuid

import pytest
from sqlalchemy import Engine

from tests.health.conftest import AsPerson, audit_actions, passport_url, without_request_id
from tests.people import World, make_passport, passport_item, pull, push

DETAILS = ("", "/history")


def test_without_a_passport_staff_learn_only_that_there_is_none(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    pa = as_person(world.pa1).client

    sharing = pa.get(passport_url(world.yp1.id, "/sharing"))

    assert sharing.status_code == 200
    assert sharing.json() == {"exists": False, "shared": False}
    assert audit_actions(engine, world.yp1.id) == [("passport_read", "staff")]
    for part in DETAILS:
        assert pa.get(passport_url(world.yp1.id, part)).status_code == 404


@pytest.mark.parametrize("part", DETAILS)
def test_with_consent_off_the_details_answer_exactly_as_for_a_made_up_young_person(
    world: World, as_person: AsPerson, engine: Engine, part: str
) -> None:
    make_passport(engine, world.yp1, gp_name="Riverside Surgery", allergies="Penicillin")
    pa = as_person(world.pa1).client

    unshared = pa.get(passport_url(world.yp1.id, part))
    made_up = pa.get(passport_url(uuid.uuid4(), part))

    assert unshared.status_code == made_up.status_code == 404
    assert without_request_id(unshared.json()) == without_request_id(made_up.json())
    assert "Riverside" not in unshared.text
    assert pa.get(passport_url(world.yp1.id, "/sharing")).json() == {
        "exists": True,
        "shared": False,
    }


def test_sharing_on_and_off_is_audited_and_opens_and_closes_the_details(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    jordan, pa = as_person(world.yp1), as_person(world.pa1).client
    push(jordan, passport_item(gp_name="Riverside Surgery", dental_check_next="2027-03-04"))

    push(jordan, passport_item(1, shared_with_pa=True))
    shared = pa.get(passport_url(world.yp1.id))
    history = pa.get(passport_url(world.yp1.id, "/history"))
    push(jordan, passport_item(2, shared_with_pa=False))
    closed = pa.get(passport_url(world.yp1.id))

    assert shared.status_code == 200
    assert shared.json()["gp_name"] == "Riverside Surgery"
    assert shared.json()["shared_with_pa"] is True
    assert shared.json()["recorded_by"]["dental_check_next"]["kind"] == "young_person"
    assert history.status_code == 200
    assert [e["changes"][0]["field"] for e in history.json()["history"]] == [
        "dental_check_next",
        "shared_with_pa",
    ]
    assert closed.status_code == 404
    assert audit_actions(engine, world.yp1.id) == [
        ("passport_shared", "young_person"),
        ("passport_read", "staff"),
        ("passport_read", "staff"),
        ("passport_unshared", "young_person"),
        ("not_found_or_not_allowed", "staff"),
    ]


def test_sharing_again_when_already_shared_writes_no_audit_row(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    jordan = as_person(world.yp1)
    push(jordan, passport_item(shared_with_pa=True))

    push(jordan, passport_item(1, shared_with_pa=True))

    assert audit_actions(engine, world.yp1.id) == [("passport_shared", "young_person")]


def test_a_refused_edit_does_not_share_and_is_not_audited(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    jordan = as_person(world.yp1)

    [result] = push(jordan, passport_item(shared_with_pa=True, nhs_number="1234567890"))

    assert result["status"] == "rejected"
    assert audit_actions(engine, world.yp1.id) == []
    assert pull(jordan)["passport"] is None


def test_the_young_person_uses_their_phone_not_the_staff_routes(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    make_passport(engine, world.yp1, shared_with_pa=True)
    jordan = as_person(world.yp1).client

    for part in ("", "/history", "/sharing"):
        assert jordan.get(passport_url(world.yp1.id, part)).status_code == 403
    recorded = jordan.post(
        passport_url(world.yp1.id, "/health-assessments"),
        json={"op_id": str(uuid.uuid4()), "last": "2026-10-01"},
    )
    assert recorded.status_code == 403


def test_the_manager_and_admin_see_a_shared_passport_too(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    make_passport(engine, world.yp1, shared_with_pa=True, gp_name="Riverside Surgery")

    for staff in (world.manager_a, world.north_admin):
        response = as_person(staff).client.get(passport_url(world.yp1.id))
        assert response.status_code == 200
        assert response.json()["gp_name"] == "Riverside Surgery"


@pytest.mark.parametrize("shared", [True, False])
def test_the_staff_export_holds_the_passport_only_when_shared(
    world: World, as_person: AsPerson, engine: Engine, shared: bool
) -> None:
    make_passport(engine, world.yp1, shared_with_pa=shared, allergies="Penicillin")

    exported = as_person(world.pa1).client.get(f"/api/v1/young-people/{world.yp1.id}/export")

    assert exported.status_code == 200
    assert ("health_passport" in exported.json()) is shared
    assert ("Penicillin" in exported.text) is shared
    if shared:
        assert exported.json()["health_passport"]["allergies"] == "Penicillin"
