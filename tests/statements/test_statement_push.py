"""Statements arrive through the sync push from the signed-in young person, stored once,
checked field by field, and routed to the right people."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.pledge.models import PledgeAnswer
from harbour.statements.models import Statement
from harbour.sync.models import SyncConflict
from tests.people import pledge_item, statement_item
from tests.statements.conftest import PUSH, AsPerson, Views, push, stored

MEETING = {
    "meeting_kind": "lac_review",
    "meeting_date": "2026-12-01",
    "going_well": "College is going well.",
    "not_going_well": "I never get to see my brother.",
    "want_to_happen": "Visits every month.",
    "who_there": "My nan",
    "chair_or_speak": "speak",
}


def test_a_statement_is_stored_for_the_signed_in_young_person_and_their_pa(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    sent = statement_item("meeting", **MEETING)

    results = push(as_person(world.yp1), sent)

    assert results == [{"id": sent["id"], "status": "accepted", "errors": []}]
    row = stored(engine)[uuid.UUID(sent["id"])]
    assert (row.tenant_id, row.young_person_id) == (world.north.id, world.yp1.id)
    assert (row.type, row.recipient, row.status) == ("meeting", "pa", "new")
    assert row.assigned_staff_id == world.pa1.id
    assert row.team_id is None
    assert row.answers == MEETING
    assert str(row.meeting_date) == "2026-12-01"
    assert row.preview == "College is going well."
    assert not row.urgent
    assert row.urgent_reason is None
    assert row.written_at.isoformat().startswith("2026-11-20T10:00:00")
    assert row.change_seq >= 1


def test_a_statement_to_a_team_waits_unassigned_for_that_team(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    sent = statement_item("good_news", recipient="participation", text="I passed my test!")

    push(as_person(views.world.yp1), sent)

    row = stored(engine)[uuid.UUID(sent["id"])]
    assert row.team_id == views.participation_team
    assert row.assigned_staff_id is None


def test_every_type_with_every_answer_skipped_is_accepted(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    items = [statement_item(kind) for kind in ("meeting", "feeling", "problem", "good_news", "ask")]

    results = push(as_person(views.world.yp1), *items)

    assert [r["status"] for r in results] == ["accepted"] * 5
    assert {row.preview for row in stored(engine).values()} == {""}


def test_an_ask_keeps_what_it_is_about(views: Views, as_person: AsPerson, engine: Engine) -> None:
    about = {"kind": "offer_item", "id": "setting-up-home", "title": "Setting up home grant"}
    sent = statement_item("ask", about=about, question="Can I get this when I move?")

    push(as_person(views.world.yp1), sent)

    assert stored(engine)[uuid.UUID(sent["id"])].about == about


def test_the_same_id_and_body_again_is_a_duplicate_and_another_body_a_conflict_kept(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    jordan = as_person(views.world.yp1)
    original = statement_item("problem", text="My heating is broken.")
    changed = original | {"body": original["body"] | {"answers": {"text": "Fixed now."}}}

    first = push(jordan, original)
    again = push(jordan, original)
    other = push(jordan, changed)

    assert [r[0]["status"] for r in (first, again, other)] == ["accepted", "duplicate", "conflict"]
    rows = stored(engine)
    assert list(rows) == [uuid.UUID(original["id"])]
    assert rows[uuid.UUID(original["id"])].answers == {"text": "My heating is broken."}
    with Session(engine) as session:
        conflict = session.exec(select(SyncConflict)).one()
    assert conflict.body["answers"] == {"text": "Fixed now."}


def test_an_id_reused_in_the_same_council_is_a_conflict_and_in_another_a_fresh_statement(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    sent = statement_item("good_news", text="New job!")
    push(as_person(world.yp1), sent)

    same_council = push(as_person(world.yp3), sent)
    other_council = push(as_person(world.south_yp), sent)

    # Within a council an id is never reused: another person's copy is a conflict, never a
    # duplicate. Another council's id is taken like a fresh one (decision 012).
    assert [same_council[0]["status"], other_council[0]["status"]] == ["conflict", "accepted"]
    with Session(engine) as session:
        owners = session.exec(
            select(Statement.tenant_id, Statement.young_person_id).where(
                Statement.id == uuid.UUID(sent["id"])
            )
        ).all()
        kept = session.exec(select(SyncConflict.tenant_id)).all()
    assert sorted(owners) == sorted(
        [(world.north.id, world.yp1.id), (world.south.id, world.south_yp.id)]
    )
    assert kept == [world.north.id]  # kept in the sender's own council


LONG = "x" * 10_001


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (statement_item("feeling", text=LONG), "body.answers.text"),
        (statement_item("meeting", going_well=LONG), "body.answers.going_well"),
        (statement_item("ask", question=LONG), "body.answers.question"),
        (statement_item("problem", want="nul \u0000"), "body.answers.want"),
        (statement_item("diary"), "body.type"),
        (statement_item("feeling", recipient="mum"), "body.recipient"),
        (statement_item("feeling", recipient="Not A Key"), "body.recipient"),
        (statement_item("meeting", meeting_date="2026-02-30"), "body.answers.meeting_date"),
        (statement_item("meeting", meeting_date="1999-01-01"), "body.answers.meeting_date"),
        (statement_item("meeting", meeting_date="2026-10-20"), "body.answers.meeting_date"),
        (statement_item("meeting", meeting_date="2027-11-22"), "body.answers.meeting_date"),
        (statement_item("meeting", meeting_date=20261201), "body.answers.meeting_date"),
        (statement_item("meeting", meeting_kind="court"), "body.answers.meeting_kind"),
        (statement_item("meeting", chair_or_speak="shout"), "body.answers.chair_or_speak"),
        (statement_item("feeling", feeling=6), "body.answers.feeling"),
        (statement_item("feeling", topics=["home", "home"]), "body.answers.topics"),
        (statement_item("feeling", topics=["pets"]), "body.answers.topics.0"),
        (statement_item("good_news", question="Why?"), "body.answers.question"),
        (
            statement_item("ask", about={"kind": "film", "id": "x1", "title": "X"}),
            "body.about.kind",
        ),
        (
            {**statement_item(), "body": statement_item()["body"] | {"young_person_id": "x"}},
            "body.young_person_id",
        ),
    ],
)
def test_bad_input_is_rejected_naming_the_field_and_nothing_is_stored(
    views: Views, as_person: AsPerson, engine: Engine, item: dict[str, Any], field: str
) -> None:
    good = statement_item("good_news", text="Still fine.")

    results = push(as_person(views.world.yp1), item, good)

    assert results[0]["status"] == "rejected"
    assert [e["field"] for e in results[0]["errors"]] == [field]
    assert results[0]["errors"][0]["message"]
    assert results[1]["status"] == "accepted"  # a refused item never blocks the others
    assert list(stored(engine)) == [uuid.UUID(good["id"])]


def test_the_meeting_date_window_follows_when_it_was_written(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    edges = [
        statement_item("meeting", meeting_date="2026-10-21"),  # 30 days before
        statement_item("meeting", meeting_date="2027-11-21"),  # 366 days after
    ]

    results = push(as_person(views.world.yp1), *edges)

    assert [r["status"] for r in results] == ["accepted", "accepted"]


def test_without_a_session_a_batch_with_a_statement_is_refused_whole(
    views: Views, client: TestClient, engine: Engine
) -> None:
    pledge = pledge_item()

    refused = client.post(PUSH, json={"items": [pledge, statement_item()]})
    anonymous = client.post(PUSH, json={"items": [pledge]})

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "signed_out"
    assert anonymous.json()["results"][0]["status"] == "accepted"  # pledge answers unchanged
    assert stored(engine) == {}
    with Session(engine) as session:
        assert len(session.exec(select(PledgeAnswer)).all()) == 1


def test_a_statement_push_needs_the_csrf_token_and_a_young_person(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    jordan = as_person(views.world.yp1)
    del jordan.client.headers["X-CSRF-Token"]

    no_token = jordan.client.post(PUSH, json={"items": [statement_item()]})
    staff = as_person(views.world.pa1).client.post(PUSH, json={"items": [statement_item()]})

    assert no_token.status_code == 403
    assert staff.status_code == 403
    assert stored(engine) == {}


def test_a_young_person_who_has_left_cannot_send(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    jordan = as_person(views.world.yp1)
    as_person(views.world.pa1).client.patch(
        f"/api/v1/young-people/{views.world.yp1.id}", json={"active": False}
    )

    response = jordan.client.post(PUSH, json={"items": [statement_item()]})

    assert response.status_code == 401
    assert stored(engine) == {}


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"text": "I don't feel NOT   SAFE at all"}, "phrase"),
        ({"text": "He said he would hurt me."}, "phrase"),
        ({"text": "I might run away, honestly"}, "phrase"),
        ({"text": "I'm scared to go home tonight"}, "phrase"),  # the pack wrote "Scared  to"
        ({"text": "I don\u2019t feel safe with him"}, "phrase"),  # a phone's curly apostrophe
        ({"text": "Not safety related: I want a runaway bride DVD"}, None),
        ({"text": "The hurt meant nothing"}, None),
        ({"text": "All good"}, None),
    ],
)
def test_safeguarding_phrases_make_a_statement_urgent_as_whole_words(
    views: Views,
    as_person: AsPerson,
    engine: Engine,
    answers: dict[str, str],
    reason: str | None,
) -> None:
    sent = statement_item("feeling", **answers)

    push(as_person(views.world.yp1), sent)

    row = stored(engine)[uuid.UUID(sent["id"])]
    assert (row.urgent, row.urgent_reason) == (reason is not None, reason)


def test_a_phrase_anywhere_in_a_meeting_statement_counts(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    sent = statement_item("meeting", going_well="ok", want_to_happen="Stop him, he will hurt me")

    push(as_person(views.world.yp1), sent)

    assert stored(engine)[uuid.UUID(sent["id"])].urgent_reason == "phrase"


def test_the_safety_tap_makes_a_statement_urgent_whatever_it_says(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    sent = statement_item("problem", urgent=True, text="hurt me")

    push(as_person(views.world.yp1), sent)

    row = stored(engine)[uuid.UUID(sent["id"])]
    assert (row.urgent, row.urgent_reason) == (True, "asked_for_help")
