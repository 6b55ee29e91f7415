""" "I need help now" (issue 13): its own statement type, always urgent and with no
questions; "I'm OK now" / "Sent by mistake" from the help screen, which tells staff without
closing anything; the urgent page's contact details and safeguarding steps; acknowledging
and replying in one step, both or neither."""

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.accounts.models import YoungPerson
from harbour.tenants.schemas import ViewsSettings
from tests.people import SignedIn, just_now, statement_item
from tests.statements.conftest import PULL, QUEUE, AsPerson, Views, audit_actions, push, stored

UPDATE_KIND = "statement_update"


def help_now(views: Views, as_person: AsPerson, **body: Any) -> uuid.UUID:
    item = statement_item("help_now", created_at=just_now(), **body)
    assert push(as_person(views.world.yp1), item)[0]["status"] == "accepted"
    return uuid.UUID(str(item["id"]))


def update_item(statement_id: object, said: object = "ok_now", **extra: Any) -> dict[str, Any]:
    body = {"statement_id": str(statement_id), "said": said} | extra
    return {"id": str(uuid.uuid4()), "kind": UPDATE_KIND, "created_at": just_now(), "body": body}


def rejected_fields(result: dict[str, Any]) -> list[str]:
    assert result["status"] == "rejected", result
    return [error["field"] for error in result["errors"]]


# --- the type -------------------------------------------------------------------------------


def test_help_now_is_always_urgent_asks_nothing_and_heads_the_queue(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    calm = statement_item(text="fine", created_at=just_now())
    push(as_person(views.world.yp1), calm)
    statement = help_now(views, as_person)  # urgent left false: the type alone is enough

    row = stored(engine)[statement]
    queue = as_person(views.world.pa1).client.get(QUEUE).json()["items"]

    assert (row.type, row.urgent, row.urgent_reason, row.answers) == (
        "help_now",
        True,
        "asked_for_help",
        {},
    )
    assert [item["id"] for item in queue] == [str(statement), calm["id"]]
    assert (queue[0]["type"], queue[0]["preview"], queue[0]["young_person_update"]) == (
        "help_now",
        "",
        None,
    )


def test_help_now_takes_no_answers(views: Views, as_person: AsPerson, engine: Engine) -> None:
    item = statement_item("help_now", created_at=just_now(), text="I'm scared")

    (result,) = push(as_person(views.world.yp1), item)

    assert rejected_fields(result) == ["body.answers.text"]
    assert stored(engine) == {}


# --- "I'm OK now" / "Sent by mistake" ---------------------------------------------------------


def test_im_ok_now_reaches_staff_and_closes_nothing(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = help_now(views, as_person)
    jordan = as_person(world.yp1)
    update = update_item(statement)

    results = push(jordan, update)
    pa = as_person(world.pa1).client
    alerts = pa.get(f"{QUEUE}/alerts").json()["items"]
    queue = pa.get(QUEUE).json()["items"]
    page = pa.get(f"{QUEUE}/{statement}").json()
    pulled = jordan.client.get(PULL).json()["statements"]

    assert [r["status"] for r in results] == ["accepted"]
    for shown in (alerts[0], queue[0], page):
        assert shown["young_person_update"]["said"] == "ok_now"
        assert shown["young_person_update"]["at"].startswith(update["created_at"][:19])
        # Still urgent, unacknowledged and open: only staff close it.
        assert (shown["urgent"], shown["acknowledged"]) == (True, False)
    assert page["status"] == "seen"  # opened just now by the PA, not moved on by the update
    assert [s["young_person_update"]["said"] for s in pulled if s["id"] == str(statement)] == [
        "ok_now"
    ]
    assert audit_actions(engine, statement)[0] == "statement_update_received"


def test_the_latest_update_is_shown_and_each_is_stored_once(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = help_now(views, as_person)
    jordan = as_person(views.world.yp1)
    ok, mistake = update_item(statement), update_item(statement, "by_mistake")

    first = push(jordan, ok, ok)
    second = push(jordan, mistake, ok, {**ok, "body": {**ok["body"], "said": "by_mistake"}})

    assert [r["status"] for r in first] == ["accepted", "duplicate"]
    assert [r["status"] for r in second] == ["accepted", "duplicate", "conflict"]
    assert stored(engine)[statement].update_said == "by_mistake"
    assert audit_actions(engine, statement).count("statement_update_received") == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"said": "all fine"}, "body.said"),
        ({"said": None}, "body.said"),
        ({"statement_id": "not-an-id"}, "body.statement_id"),
        ({"statement_id": str(uuid.uuid4())}, "body.statement_id"),  # no such statement
        ({"colour": "red"}, "body.colour"),
    ],
)
def test_a_bad_update_is_rejected_naming_the_field(
    views: Views, as_person: AsPerson, engine: Engine, body: dict[str, Any], field: str
) -> None:
    statement = help_now(views, as_person)
    update = update_item(statement)
    update["body"] |= body
    good = update_item(statement)

    bad, after = push(as_person(views.world.yp1), update, good)

    assert field in rejected_fields(bad)
    assert after["status"] == "accepted"  # one bad item holds back nothing


def test_nobody_can_update_someone_elses_or_a_calm_statement(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = help_now(views, as_person)
    calm = statement_item(text="fine", created_at=just_now())
    push(as_person(world.yp1), calm)

    for person, about in (
        (world.yp2, statement),  # another young person, same council
        (world.south_yp, statement),  # another council
        (world.yp1, calm["id"]),  # their own, but not urgent
    ):
        (result,) = push(as_person(person), update_item(about))
        assert rejected_fields(result) == ["body.statement_id"], person.preferred_name

    assert {row.update_said for row in stored(engine).values()} == {None}
    assert "statement_update_received" not in audit_actions(engine, statement)


def test_staff_cannot_send_an_update(views: Views, as_person: AsPerson) -> None:
    statement = help_now(views, as_person)

    response = as_person(views.world.pa1).client.post(
        "/api/v1/sync/push", json={"items": [update_item(statement)]}
    )

    assert response.status_code == 403


# --- the PA's urgent page -----------------------------------------------------------------------


def test_the_urgent_page_shows_how_to_reach_them_and_the_councils_steps(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    with Session(engine) as session:
        person = session.get(YoungPerson, views.world.yp1.id)
        assert person is not None
        person.contact_phone, person.preferred_language = "07700 900123", "Polish"
        person.interpreter_needed = True
        session.add(person)
        session.commit()
    statement = help_now(views, as_person)
    calm = statement_item(text="fine", created_at=just_now())
    push(as_person(views.world.yp1), calm)
    pa = as_person(views.world.pa1).client

    urgent, ordinary = pa.get(f"{QUEUE}/{statement}").json(), pa.get(f"{QUEUE}/{calm['id']}").json()

    assert urgent["contact"] == {
        "contact_phone": "07700 900123",
        "preferred_language": "Polish",
        "interpreter_needed": True,
    }
    assert urgent["safeguarding_steps"] == ["Ring them now.", "Tell the duty manager."]
    assert (ordinary["contact"], ordinary["safeguarding_steps"]) == (None, [])


def test_a_council_without_steps_gets_the_default_ones(
    world: Any, as_person: AsPerson, engine: Engine
) -> None:
    item = statement_item("help_now", created_at=just_now())
    push(as_person(world.south_yp), item)

    page = as_person(world.south_pa).client.get(f"{QUEUE}/{item['id']}").json()

    assert page["safeguarding_steps"] == ViewsSettings().safeguarding_steps
    assert page["contact"]["contact_phone"] is None


# --- acknowledge and reply in one step ----------------------------------------------------------


def pulled_replies(person: SignedIn) -> list[str]:
    return [reply["text"] for reply in person.client.get(PULL).json()["replies"]]


def test_acknowledging_with_a_reply_does_both_at_once(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = help_now(views, as_person)
    pa = as_person(views.world.pa1).client

    response = pa.post(f"{QUEUE}/{statement}/acknowledge", json={"reply": "I'm calling you now."})

    page = response.json()
    assert response.status_code == 200
    assert page["acknowledged_by"]["display_name"] == "Asha PA"
    assert [r["text"] for r in page["replies"]] == ["I'm calling you now."]
    assert page["answered_by"] == "Asha"  # the reply stopped the clock
    assert pulled_replies(as_person(views.world.yp1)) == ["I'm calling you now."]
    (state,) = as_person(views.world.yp1).client.get(PULL).json()["statements"]
    assert (state["read_by"], state["status"]) == ("Asha", "replied")
    assert audit_actions(engine, statement) == [
        "statement_acknowledged",
        "statement_replied",
    ]
    assert pa.get(f"{QUEUE}/alerts").json()["items"] == []


@pytest.mark.parametrize(
    "body",
    [{"reply": ""}, {"reply": "a\x00b"}, {"reply": "x" * 10_001}, {"reply": 5}],
)
def test_a_bad_reply_leaves_it_unacknowledged_naming_the_reply(
    views: Views, as_person: AsPerson, engine: Engine, body: dict[str, Any]
) -> None:
    statement = help_now(views, as_person)
    pa = as_person(views.world.pa1).client

    response = pa.post(f"{QUEUE}/{statement}/acknowledge", json=body)

    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["body.reply"]
    row = stored(engine)[statement]
    assert (row.acknowledged_at, row.responded_at) == (None, None)
    assert pulled_replies(as_person(views.world.yp1)) == []
    assert [i["id"] for i in pa.get(f"{QUEUE}/alerts").json()["items"]] == [str(statement)]


def test_acknowledging_alone_still_works_and_unknown_fields_are_refused(
    views: Views, as_person: AsPerson
) -> None:
    statement = help_now(views, as_person)
    pa = as_person(views.world.pa1).client

    unknown = pa.post(f"{QUEUE}/{statement}/acknowledge", json={"note": "x"})
    empty = pa.post(f"{QUEUE}/{statement}/acknowledge", json={})

    assert unknown.status_code == 422
    assert [f["field"] for f in unknown.json()["error"]["fields"]] == ["body.note"]
    assert empty.status_code == 200
    assert empty.json()["acknowledged"] is True
    assert empty.json()["replies"] == []


def test_a_reply_with_an_acknowledgement_is_404_to_people_who_may_not_see_it(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement = help_now(views, as_person)

    for person in (world.pa3, world.south_pa, world.south_admin, world.yp1, world.yp2):
        response = as_person(person).client.post(
            f"{QUEUE}/{statement}/acknowledge", json={"reply": "Hello"}
        )
        assert response.status_code == 404, person

    assert stored(engine)[statement].acknowledged_at is None
    assert pulled_replies(as_person(world.yp1)) == []
