"""A statement is a thread: the young person rereads their own words (GET
/api/v1/my-views/statements/{id}, nobody else's), writes back through the outbox
(`statement_message`, exactly once), tells the server which replies they have seen, and
their caseworkers see it all in order with read receipts both ways."""

import json
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.statements.models import StatementMessage, StatementReply
from harbour.statements.schemas import TYPE_TITLES, StatementType
from tests.people import just_now, statement_item
from tests.statements.conftest import PULL, QUEUE, AsPerson, Views, audit_actions, push, stored

MINE = "/api/v1/my-views/statements"
EN = Path(__file__).parents[2] / "frontend" / "src" / "messages" / "en.json"


def message_item(statement_id: object, text: str = "Thanks, Friday works.") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "statement_message",
        "created_at": just_now(),
        "body": {"statement_id": str(statement_id), "text": text},
    }


def messages(engine: Engine) -> list[StatementMessage]:
    with Session(engine) as session:
        rows = session.exec(select(StatementMessage)).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def replies(engine: Engine) -> dict[uuid.UUID, StatementReply]:
    with Session(engine) as session:
        rows = session.exec(select(StatementReply)).all()
        for row in rows:
            session.expunge(row)
        return {row.id: row for row in rows}


def pull(client: TestClient, since: int = 0) -> dict[str, Any]:
    response = client.get(PULL, params={"since": since})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def sent_and_replied(views: Views, as_person: AsPerson) -> tuple[str, str]:
    """Jordan says how they feel; Asha (their PA) replies. Returns the statement and reply ids."""
    item = statement_item("feeling", feeling=2, text="Struggling with college.")
    push(as_person(views.world.yp1), item)
    reply = as_person(views.world.pa1).client.post(
        f"{QUEUE}/{item['id']}/replies", json={"text": "Shall we meet on Friday?"}
    )
    assert reply.status_code == 201, reply.text
    return str(item["id"]), str(reply.json()["id"])


def test_the_young_person_rereads_their_words_with_the_replies_never_cached(
    views: Views, as_person: AsPerson
) -> None:
    statement, reply = sent_and_replied(views, as_person)

    response = as_person(views.world.yp1).client.get(f"{MINE}/{statement}")

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    thread = response.json()
    assert thread["answers"] == {"feeling": 2, "text": "Struggling with college."}
    assert (thread["type"], thread["status"], thread["read_by"]) == ("feeling", "replied", "Asha")
    assert thread["recipient_label"] == "Your personal adviser"
    assert [(r["id"], r["from"], r["text"], r["read_at"]) for r in thread["replies"]] == [
        (reply, "Asha", "Shall we meet on Friday?", None)
    ]
    assert thread["messages"] == []


def test_nobody_else_reaches_a_thread_and_each_refusal_is_audited(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    statement, reply = sent_and_replied(views, as_person)
    made_up = f"{MINE}/{uuid.uuid4()}"
    for person in (world.yp2, world.south_yp, world.pa1, world.north_admin):
        client = as_person(person).client
        read = client.get(f"{MINE}/{statement}")
        seen = client.post(f"{MINE}/{statement}/seen", json={"reply_ids": [reply]})
        for answer, absent in ((read, client.get(made_up)), (seen, client.get(made_up))):
            assert answer.status_code == 404, (person.id, answer.text)
            assert answer.json()["error"] == absent.json()["error"]
    refusals = audit_actions(engine, uuid.UUID(statement)).count("not_found_or_not_allowed")
    assert refusals == 8
    assert replies(engine)[uuid.UUID(reply)].read_at is None  # nobody else marked it seen


def test_seeing_replies_counts_once_and_reaches_staff_and_the_other_phone(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement, reply = sent_and_replied(views, as_person)
    jordan = as_person(views.world.yp1).client
    before = pull(jordan)["cursor"]

    first = jordan.post(f"{MINE}/{statement}/seen", json={"reply_ids": [reply]})
    read_at = replies(engine)[uuid.UUID(reply)].read_at
    again = jordan.post(f"{MINE}/{statement}/seen", json={"reply_ids": [reply]})

    assert (first.status_code, again.status_code) == (204, 204)
    assert read_at is not None
    assert replies(engine)[uuid.UUID(reply)].read_at == read_at  # the first time counts
    staff_view = as_person(views.world.pa1).client.get(f"{QUEUE}/{statement}").json()
    assert [r["read_at"] is not None for r in staff_view["replies"]] == [True]
    pulled = pull(jordan, before)  # another phone of theirs learns it too
    assert [(r["id"], r["read_at"] is not None) for r in pulled["replies"]] == [(reply, True)]


def test_a_reply_read_in_the_thread_is_no_longer_new_in_the_inbox(
    views: Views, as_person: AsPerson
) -> None:
    statement, reply = sent_and_replied(views, as_person)
    other, _ = sent_and_replied(views, as_person)  # not opened: still new
    jordan = as_person(views.world.yp1).client
    assert jordan.get("/api/v1/inbox").json()["unseen"] == 2

    jordan.post(f"{MINE}/{statement}/seen", json={"reply_ids": [reply]})

    inbox = jordan.get("/api/v1/inbox").json()
    assert inbox["unseen"] == 1
    still_new = [item["open"] for item in inbox["items"] if item["seen_at"] is None]
    assert [link.endswith(other) for link in still_new] == [True]


def test_seeing_a_reply_of_another_statement_refuses_the_lot_naming_the_field(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement, reply = sent_and_replied(views, as_person)
    other, elsewhere = sent_and_replied(views, as_person)
    jordan = as_person(views.world.yp1).client

    wrong = jordan.post(f"{MINE}/{statement}/seen", json={"reply_ids": [reply, elsewhere]})
    empty = jordan.post(f"{MINE}/{statement}/seen", json={"reply_ids": []})
    not_ids = jordan.post(f"{MINE}/{statement}/seen", json={"reply_ids": ["x"]})

    assert wrong.status_code == 422
    assert [f["field"] for f in wrong.json()["error"]["fields"]] == ["body.reply_ids"]
    assert empty.status_code == not_ids.status_code == 422
    assert {f["field"].split(".")[1] for f in empty.json()["error"]["fields"]} == {"reply_ids"}
    assert {f["field"].split(".")[1] for f in not_ids.json()["error"]["fields"]} == {"reply_ids"}
    assert all(row.read_at is None for row in replies(engine).values())  # nothing half-marked
    assert other != statement


def test_writing_back_is_stored_once_and_brings_the_statement_back_to_the_pa(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement, _ = sent_and_replied(views, as_person)
    asha = as_person(views.world.pa1).client
    asha.patch(f"{QUEUE}/{statement}", json={"status": "done"})
    jordan = as_person(views.world.yp1)
    item = message_item(statement)

    results = push(jordan, item, item)  # the phone sends it twice (a lost answer)

    assert [r["status"] for r in results] == ["accepted", "duplicate"]
    assert [(m.text, m.read_at) for m in messages(engine)] == [("Thanks, Friday works.", None)]
    row = stored(engine)[uuid.UUID(statement)]
    assert (row.status, row.new_message_at is not None) == ("in_progress", True)
    queued = asha.get(QUEUE).json()["items"]
    assert [(q["id"], q["new_message"]) for q in queued] == [(statement, True)]

    opened = asha.get(f"{QUEUE}/{statement}").json()

    assert [(m["text"], m["read_by"]["display_name"]) for m in opened["messages"]] == [
        ("Thanks, Friday works.", "Asha PA")
    ]
    assert [q["new_message"] for q in asha.get(QUEUE).json()["items"]] == [False]
    mine = pull(jordan.client)["statement_messages"]
    assert [(m["id"], m["text"], m["read_by"]) for m in mine] == [
        (item["id"], "Thanks, Friday works.", "Asha")
    ]
    thread = jordan.client.get(f"{MINE}/{statement}").json()
    assert [(m["id"], m["read_by"]) for m in thread["messages"]] == [(item["id"], "Asha")]


def test_the_same_id_with_other_words_is_a_conflict_changing_nothing(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement, _ = sent_and_replied(views, as_person)
    jordan = as_person(views.world.yp1)
    item = message_item(statement)
    push(jordan, item)

    changed = {**item, "body": {**item["body"], "text": "Something else"}}

    assert [r["status"] for r in push(jordan, changed)] == ["conflict"]
    assert [m.text for m in messages(engine)] == ["Thanks, Friday works."]


def test_writing_back_to_someone_elses_statement_is_refused_like_a_made_up_one(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    theirs = statement_item("problem", text="Kai's words")
    push(as_person(world.yp2), theirs)
    south = statement_item("problem", text="Southmere words")
    push(as_person(world.south_yp), south)
    jordan = as_person(world.yp1)

    results = push(
        jordan, message_item(theirs["id"]), message_item(south["id"]), message_item(uuid.uuid4())
    )

    assert [r["status"] for r in results] == ["rejected"] * 3
    assert {r["errors"][0]["field"] for r in results} == {"body.statement_id"}
    assert len({r["errors"][0]["message"] for r in results}) == 1  # nothing tells them apart
    assert messages(engine) == []


def test_bad_words_are_refused_naming_the_field_without_holding_back_the_next(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement, _ = sent_and_replied(views, as_person)
    jordan = as_person(views.world.yp1)
    good = message_item(statement, "OK")
    extra = message_item(statement)
    extra["body"]["mood"] = "fine"

    results = push(
        jordan,
        message_item(statement, ""),
        message_item(statement, "x" * 10_001),
        message_item(statement, "bell\x07"),
        extra,
        good,
    )

    fields = [[e["field"] for e in r.get("errors") or []] for r in results]
    assert fields == [["body.text"], ["body.text"], ["body.text"], ["body.mood"], []]
    assert [r["status"] for r in results][-1] == "accepted"
    assert [m.text for m in messages(engine)] == ["OK"]


def test_alarming_words_written_back_make_the_statement_urgent(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement, _ = sent_and_replied(views, as_person)

    push(as_person(views.world.yp1), message_item(statement, "I don't feel safe at home"))

    row = stored(engine)[uuid.UUID(statement)]
    assert (row.urgent, row.urgent_reason, row.acknowledged_at) == (True, "phrase", None)


def test_the_inbox_titles_use_the_app_s_statement_titles() -> None:
    words = json.loads(EN.read_text())
    app_titles = {kind.value: words[f"views.type.{kind.value}.title"] for kind in StatementType}
    assert app_titles == TYPE_TITLES
