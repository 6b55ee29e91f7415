"""A manager (their team) or an admin (the council) lists the PAs a young person can be
allocated to, with each one's caseload, and reallocates them; a PA cannot. A PA lists only
their own team, without caseloads (to hand a statement on). Audited."""

from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.accounts.models import StaffMember
from harbour.audit.models import AuditEvent
from tests.people import SignedIn, World

ADVISERS = "/api/v1/advisers"


def listed(client: SignedIn) -> list[tuple[str, str, int | None]]:
    response = client.client.get(ADVISERS)
    assert response.status_code == 200
    assert {tuple(a) for a in response.json()["advisers"]} == {
        ("id", "display_name", "role", "caseload")
    } or not response.json()["advisers"]
    return [(a["display_name"], a["role"], a["caseload"]) for a in response.json()["advisers"]]


def test_a_manager_sees_their_teams_pas_and_an_admin_the_councils(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    manager = listed(as_person(world.manager_a))
    admin = listed(as_person(world.north_admin))
    south = listed(as_person(world.south_admin))

    assert manager == [
        ("Asha PA", "personal_adviser", 1),
        ("Ben PA", "personal_adviser", 1),
        ("Mo Manager", "team_manager", 0),
    ]
    assert admin == [*manager[:2], ("Cleo PA", "personal_adviser", 1), manager[2]]
    assert south == [("Dev PA", "personal_adviser", 1)]


def test_a_pa_sees_only_their_own_teams_pas_and_manager_without_caseloads(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    team_a = [
        ("Asha PA", "personal_adviser", None),
        ("Ben PA", "personal_adviser", None),
        ("Mo Manager", "team_manager", None),
    ]
    assert listed(as_person(world.pa1)) == team_a
    assert listed(as_person(world.pa2)) == team_a
    assert listed(as_person(world.pa3)) == [("Cleo PA", "personal_adviser", None)]
    assert listed(as_person(world.south_pa)) == [("Dev PA", "personal_adviser", None)]  # no team

    with Session(engine) as session:  # someone who left is not offered
        ben = session.get(StaffMember, world.pa2.id)
        assert ben is not None
        ben.active = False
        session.add(ben)
        session.commit()
    assert listed(as_person(world.pa1)) == [team_a[0], team_a[2]]


def test_editors_and_young_people_cannot_list_advisers(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    for person in (world.editor, world.yp1):
        assert as_person(person).client.get(ADVISERS).status_code == 403


def test_a_manager_reallocates_within_their_team_and_it_is_audited(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    manager = as_person(world.manager_a)
    url = f"/api/v1/young-people/{world.yp1.id}"

    moved = manager.client.patch(url, json={"allocated_pa_id": str(world.pa2.id)})

    assert moved.status_code == 200
    assert moved.json()["allocated_pa_id"] == str(world.pa2.id)
    assert ("Ben PA", "personal_adviser", 2) in listed(manager)
    assert as_person(world.pa1).client.get(url).status_code == 404  # off PA 1's caseload
    with Session(engine) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "young_person_reallocated")
        ).one()
    assert (event.actor_id, event.session_id, event.subject_id) == (
        world.manager_a.id,
        manager.session_id,
        world.yp1.id,
    )
    assert event.detail == {"from": str(world.pa1.id), "to": str(world.pa2.id)}


def test_nobody_reallocates_outside_their_reach(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    yp1 = f"/api/v1/young-people/{world.yp1.id}"
    yp3 = f"/api/v1/young-people/{world.yp3.id}"
    manager, pa = as_person(world.manager_a).client, as_person(world.pa1).client
    admin = as_person(world.north_admin).client

    to_other_team = manager.patch(yp1, json={"allocated_pa_id": str(world.pa3.id)})
    to_other_council = admin.patch(yp1, json={"allocated_pa_id": str(world.south_pa.id)})
    to_nobody = manager.patch(yp1, json={"allocated_pa_id": str(world.south_yp.id)})
    by_a_pa = pa.patch(yp1, json={"allocated_pa_id": str(world.pa2.id)})
    other_teams_person = manager.patch(yp3, json={"allocated_pa_id": str(world.pa1.id)})
    to_an_editor = admin.patch(yp1, json={"allocated_pa_id": str(world.editor.id)})

    for refused in (to_other_team, to_other_council, to_nobody, by_a_pa, to_an_editor):
        assert refused.status_code == 422
        assert refused.json()["error"]["fields"][0]["field"] == "body.allocated_pa_id"
    # Someone in another team or council reads exactly like an id that does not exist.
    assert to_other_team.json()["error"]["message"] == to_nobody.json()["error"]["message"]
    assert other_teams_person.status_code == 404
    with Session(engine) as session:
        moves = session.exec(
            select(AuditEvent).where(AuditEvent.action == "young_person_reallocated")
        ).all()
    assert moves == []


def test_an_admin_reallocates_to_any_pa_in_the_council(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin)
    moved = admin.client.patch(
        f"/api/v1/young-people/{world.yp1.id}", json={"allocated_pa_id": str(world.pa3.id)}
    )
    assert moved.status_code == 200
    assert ("Cleo PA", "personal_adviser", 2) in listed(admin)
