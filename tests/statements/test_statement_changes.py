"""What staff do with a statement: open it (read receipt), move it on, assign it,
acknowledge an urgent one, reply and add notes; each audited without the text, and each
refused (404) to people who may not see it."""

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.accounts.models import YoungPerson
from harbour.audit.models import AuditEvent
from tests.people import statement_item
from tests.statements.conftest import PULL, QUEUE, AsPerson, Views, audit_actions, push, stored


def sent(views: Views, as_person: AsPerson, **kwargs: Any) -> uuid.UUID:
    item = statement_item(**kwargs)
    push(as_person(views.world.yp1), item)
    return uuid.UUID(str(item["id"]))


def test_the_first_opening_marks_it_read_by_that_person_and_moves_it_to_seen(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = sent(views, as_person, text="Can we meet?")
    pa, manager = as_person(views.world.pa1).client, as_person(views.world.manager_a).client
    before = stored(engine)[statement].change_seq

    first = pa.get(f"{QUEUE}/{statement}").json()
    second = manager.get(f"{QUEUE}/{statement}").json()

    assert first["status"] == second["status"] == "seen"
    assert first["first_read_by"] == {"id": str(views.world.pa1.id), "display_name": "Asha PA"}
    assert second["first_read_by"] == first["first_read_by"]  # the first reader is kept
    assert second["first_read_at"] == first["first_read_at"]
    assert first["answers"] == {"text": "Can we meet?"}
    row = stored(engine)[statement]
    assert row.change_seq > before
    assert audit_actions(engine, statement) == ["statement_read", "statement_read"]


STATUS_MOVES = [
    (["in_progress"], "in_progress"),
    (["done"], "done"),
    (["in_progress", "done", "in_progress"], "in_progress"),
    (["seen", "seen"], "seen"),
]


@pytest.mark.parametrize(("moves", "final"), STATUS_MOVES)
def test_status_moves_forward_and_back_from_done(
    views: Views, as_person: AsPerson, engine: Engine, moves: list[str], final: str
) -> None:
    statement = sent(views, as_person)
    pa = as_person(views.world.pa1).client

    answers = [pa.patch(f"{QUEUE}/{statement}", json={"status": s}) for s in moves]

    assert [a.status_code for a in answers] == [200] * len(moves)
    assert answers[-1].json()["status"] == final
    row = stored(engine)[statement]
    assert row.status == final
    assert (row.responded_at is not None) == ("done" in moves)


@pytest.mark.parametrize(
    ("moves", "refused"),
    [(["seen", "new"], "new"), (["in_progress", "seen"], "seen"), (["done", "new"], "new")],
)
def test_a_status_cannot_move_backwards_except_done_to_in_progress(
    views: Views, as_person: AsPerson, engine: Engine, moves: list[str], refused: str
) -> None:
    statement = sent(views, as_person)
    pa = as_person(views.world.pa1).client
    for status in moves[:-1]:
        pa.patch(f"{QUEUE}/{statement}", json={"status": status})

    response = pa.patch(f"{QUEUE}/{statement}", json={"status": refused})

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "body.status"
    assert stored(engine)[statement].status == moves[-2]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "closed"}, "body.status"),
        ({"assigned_staff_id": "someone"}, "body.assigned_staff_id"),
        ({"colour": "red"}, "body.colour"),
    ],
)
def test_bad_changes_are_422_naming_the_field(
    views: Views, as_person: AsPerson, body: dict[str, str], field: str
) -> None:
    statement = sent(views, as_person)

    response = as_person(views.world.pa1).client.patch(f"{QUEUE}/{statement}", json=body)

    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]


def test_status_changes_and_assignments_are_audited_without_text(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = sent(views, as_person, text="My secret words")
    manager = as_person(views.world.manager_a).client

    manager.patch(
        f"{QUEUE}/{statement}",
        json={"status": "in_progress", "assigned_staff_id": str(views.world.pa2.id)},
    )
    manager.post(f"{QUEUE}/{statement}/replies", json={"text": "My reply words"})
    manager.post(f"{QUEUE}/{statement}/notes", json={"text": "My note words"})

    assert audit_actions(engine, statement) == [
        "statement_status_changed",
        "statement_assigned",
        "statement_replied",
        "statement_noted",
    ]
    with Session(engine) as session:
        details = " ".join(str(e.detail) for e in session.exec(select(AuditEvent)).all())
    assert "words" not in details


# --- assignment -----------------------------------------------------------------------------


def test_a_manager_hands_a_statement_to_a_teammate_for_cover(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = sent(views, as_person)
    world = views.world

    response = as_person(world.manager_a).client.patch(
        f"{QUEUE}/{statement}", json={"assigned_staff_id": str(world.pa2.id)}
    )

    assert response.status_code == 200
    assert response.json()["assigned_to"] == {"id": str(world.pa2.id), "display_name": "Ben PA"}
    pa2 = as_person(world.pa2)
    assert str(statement) in [i["id"] for i in pa2.client.get(QUEUE).json()["items"]]
    assert pa2.client.get(f"{QUEUE}/{statement}").status_code == 200  # cover sees it
    assert as_person(world.pa1).client.get(QUEUE).json()["items"] == []  # off pa1's list


def test_a_pa_hands_their_own_statement_to_a_teammate_but_not_someone_elses(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = sent(views, as_person)
    pa1 = as_person(world.pa1).client

    outside_team = pa1.patch(f"{QUEUE}/{statement}", json={"assigned_staff_id": str(world.pa3.id)})
    handed = pa1.patch(f"{QUEUE}/{statement}", json={"assigned_staff_id": str(world.pa2.id)})
    taken_back = pa1.patch(f"{QUEUE}/{statement}", json={"assigned_staff_id": str(world.pa1.id)})

    assert outside_team.status_code == 422
    assert outside_team.json()["error"]["fields"][0]["field"] == "body.assigned_staff_id"
    assert handed.status_code == 200
    assert taken_back.status_code == 403  # it is pa2's now; their manager can move it back
    assert stored(engine)[statement].assigned_staff_id == world.pa2.id


def test_a_team_member_takes_an_unassigned_team_statement_and_can_put_it_back(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = sent(views, as_person, recipient="participation")
    member = as_person(views.participation).client

    not_in_team = as_person(world.north_admin).client.patch(
        f"{QUEUE}/{statement}", json={"assigned_staff_id": str(world.pa1.id)}
    )
    taken = member.patch(
        f"{QUEUE}/{statement}", json={"assigned_staff_id": str(views.participation.id)}
    )
    mine = member.get(QUEUE).json()["items"]
    back = member.patch(f"{QUEUE}/{statement}", json={"assigned_staff_id": None})

    assert not_in_team.status_code == 422  # pa1 is not in the participation team
    assert taken.status_code == 200
    assert [i["assigned_to"]["id"] for i in mine] == [str(views.participation.id)]
    assert back.status_code == 200
    assert stored(engine)[statement].assigned_staff_id is None


def test_a_pa_statement_cannot_be_left_with_nobody(views: Views, as_person: AsPerson) -> None:
    statement = sent(views, as_person)

    response = as_person(views.world.manager_a).client.patch(
        f"{QUEUE}/{statement}", json={"assigned_staff_id": None}
    )

    assert response.status_code == 422


def test_assigning_to_someone_unknown_or_in_another_council_is_422(
    views: Views, as_person: AsPerson
) -> None:
    statement = sent(views, as_person)
    admin = as_person(views.world.north_admin).client

    for someone in (uuid.uuid4(), views.world.south_pa.id, views.world.editor.id):
        response = admin.patch(f"{QUEUE}/{statement}", json={"assigned_staff_id": str(someone)})
        assert response.status_code == 422
        assert response.json()["error"]["fields"][0]["field"] == "body.assigned_staff_id"


# --- urgent: alerts and acknowledgement -------------------------------------------------------


def test_an_urgent_statement_alerts_the_pa_and_manager_until_acknowledged(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = sent(views, as_person, urgent=True)
    calm = sent(views, as_person, text="fine")
    pa, manager = as_person(world.pa1).client, as_person(world.manager_a).client

    alerted = {
        person.display_name: [
            i["id"] for i in as_person(person).client.get(f"{QUEUE}/alerts").json()["items"]
        ]
        for person in (world.pa1, world.manager_a, world.pa2, world.pa3, world.north_admin)
    }
    not_urgent = pa.post(f"{QUEUE}/{calm}/acknowledge")
    acknowledged = manager.post(f"{QUEUE}/{statement}/acknowledge").json()
    again = pa.post(f"{QUEUE}/{statement}/acknowledge").json()

    assert alerted == {
        "Asha PA": [str(statement)],
        "Mo Manager": [str(statement)],
        "Ben PA": [],
        "Cleo PA": [],
        "Nina Admin": [],
    }
    assert not_urgent.status_code == 409
    assert acknowledged["acknowledged"] is True
    assert acknowledged["acknowledged_by"]["display_name"] == "Mo Manager"
    assert again["acknowledged_by"] == acknowledged["acknowledged_by"]  # the first is kept
    assert again["acknowledged_at"] == acknowledged["acknowledged_at"]
    assert pa.get(f"{QUEUE}/alerts").json()["items"] == []
    assert audit_actions(engine, statement) == ["statement_acknowledged"]


def test_an_urgent_statement_from_someone_with_no_pa_alerts_the_admin(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    with Session(engine) as session:  # not yet allocated: a new arrival, or a PA who left
        person = session.get(YoungPerson, world.yp1.id)
        assert person is not None
        person.allocated_pa_id = None
        session.add(person)
        session.commit()
    statement = sent(views, as_person, urgent=True)

    alerts = as_person(world.north_admin).client.get(f"{QUEUE}/alerts").json()["items"]

    assert stored(engine)[statement].assigned_staff_id is None
    assert [i["id"] for i in alerts] == [str(statement)]
    assert as_person(world.pa1).client.get(f"{QUEUE}/alerts").json()["items"] == []


def test_an_urgent_statement_to_a_team_alerts_the_team_and_the_pa(
    views: Views, as_person: AsPerson
) -> None:
    statement = sent(views, as_person, recipient="iro", text="I want to run away")

    for person in (views.iro, views.world.pa1, views.world.manager_a):
        items = as_person(person).client.get(f"{QUEUE}/alerts").json()["items"]
        assert [i["id"] for i in items] == [str(statement)], person.display_name
    assert as_person(views.participation).client.get(f"{QUEUE}/alerts").json()["items"] == []


# --- replies and notes ------------------------------------------------------------------------


def test_a_reply_reaches_the_young_person_and_a_note_never_does(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = sent(views, as_person, text="Help with forms?")
    pa = as_person(views.world.pa1).client

    reply = pa.post(f"{QUEUE}/{statement}/replies", json={"text": "Yes, Thursday at 4?"})
    note = pa.post(f"{QUEUE}/{statement}/notes", json={"text": "Check the PIP form."})
    detail = pa.get(f"{QUEUE}/{statement}").json()
    pulled = as_person(views.world.yp1).client.get(PULL, params={"since": 0}).json()

    assert reply.status_code == note.status_code == 201
    assert reply.json()["staff"]["display_name"] == "Asha PA"
    assert [r["text"] for r in detail["replies"]] == ["Yes, Thursday at 4?"]
    assert [n["text"] for n in detail["notes"]] == ["Check the PIP form."]
    assert detail["responded_at"] is not None
    assert detail["first_read_at"] is not None
    assert [r["text"] for r in pulled["replies"]] == ["Yes, Thursday at 4?"]
    assert "PIP" not in str(pulled)


@pytest.mark.parametrize(
    "text", ["", "x" * 10_001, "nul \u0000"], ids=["empty", "too long", "control character"]
)
def test_a_bad_reply_or_note_is_422_naming_the_text_and_nothing_is_stored(
    views: Views, as_person: AsPerson, engine: Engine, text: str
) -> None:
    statement = sent(views, as_person)
    pa = as_person(views.world.pa1).client

    for what in ("replies", "notes"):
        response = pa.post(f"{QUEUE}/{statement}/{what}", json={"text": text})
        assert response.status_code == 422
        assert [f["field"] for f in response.json()["error"]["fields"]] == ["body.text"]
    detail = pa.get(f"{QUEUE}/{statement}").json()
    assert detail["replies"] == detail["notes"] == []
    assert detail["responded_at"] is None


def test_a_reply_of_10000_characters_is_fine(views: Views, as_person: AsPerson) -> None:
    statement = sent(views, as_person)

    response = as_person(views.world.pa1).client.post(
        f"{QUEUE}/{statement}/replies", json={"text": "y" * 10_000}
    )

    assert response.status_code == 201


# --- refusals -------------------------------------------------------------------------------


def test_people_who_may_not_see_a_statement_get_404_on_every_route_and_change_nothing(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = sent(views, as_person, text="Private")
    to_iro = sent(views, as_person, recipient="iro", text="For the IRO only")
    refused = [
        (world.yp1, statement),  # their own, through the staff routes
        (world.yp2, statement),
        (world.pa2, statement),  # outside the caseload
        (world.pa3, statement),
        (world.editor, statement),
        (world.south_admin, statement),  # another council
        (world.south_pa, statement),
        (world.pa1, to_iro),  # their PA, but it went to the IRO
        (world.manager_a, to_iro),
        (views.participation, to_iro),  # another team
    ]
    calls = [
        ("GET", "", None),
        ("PATCH", "", {"status": "done"}),
        ("POST", "/acknowledge", None),
        ("POST", "/replies", {"text": "Hi"}),
        ("POST", "/notes", {"text": "Hi"}),
    ]
    for person, statement_id in refused:
        client = as_person(person).client
        for method, suffix, body in calls:
            response = client.request(method, f"{QUEUE}/{statement_id}{suffix}", json=body)
            assert response.status_code == 404, (person.display_name, method, suffix)
            assert response.json()["error"]["message"] == "That statement was not found."
    rows = stored(engine)
    assert {rows[statement].status, rows[to_iro].status} == {"new"}
    assert rows[statement].first_read_at is None
    pulled = as_person(world.yp1).client.get(PULL).json()
    assert pulled["replies"] == []
