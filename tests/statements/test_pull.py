"""A young person's phone pulls what changed for them since its cursor: each statement's
state (received, read by whom, replied, done) and the replies, and nobody else's."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.people import statement_item
from tests.statements.conftest import PULL, QUEUE, AsPerson, Views, push


def pull(client: TestClient, since: int) -> dict[str, Any]:
    response = client.get(PULL, params={"since": since})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_statement_goes_from_received_to_read_to_replied_to_done(
    views: Views, as_person: AsPerson
) -> None:
    world = views.world
    jordan = as_person(world.yp1).client
    pa = as_person(world.pa1).client
    item = statement_item("problem", text="Landlord won't fix the damp.")
    push(as_person(world.yp1), item)

    received = pull(jordan, 0)
    pa.get(f"{QUEUE}/{item['id']}")
    read = pull(jordan, received["cursor"])
    unchanged = pull(jordan, read["cursor"])
    pa.post(f"{QUEUE}/{item['id']}/replies", json={"text": "I'll call them today."})
    replied = pull(jordan, read["cursor"])
    pa.patch(f"{QUEUE}/{item['id']}", json={"status": "done"})
    done = pull(jordan, replied["cursor"])
    everything = pull(jordan, 0)

    assert [s["status"] for s in received["statements"]] == ["received"]
    assert received["statements"][0]["read_by"] is None
    assert [(s["status"], s["read_by"]) for s in read["statements"]] == [("read", "Asha")]
    assert read["statements"][0]["read_at"] is not None
    assert unchanged == {
        "cursor": read["cursor"],
        "me": read["me"],
        "inbox_unseen": read["inbox_unseen"],
        "content_version": read["content_version"],
        "statements": [],
        "replies": [],
        "statement_messages": [],
        "passport": None,
        "plan": None,
        "tasks": [],
        "history": [],
    }
    assert [s["status"] for s in replied["statements"]] == ["replied"]
    assert [(r["text"], r["from"]) for r in replied["replies"]] == [
        ("I'll call them today.", "Asha")
    ]
    assert replied["replies"][0]["statement_id"] == item["id"]
    assert [s["status"] for s in done["statements"]] == ["done"]
    assert done["replies"] == []  # the reply itself did not change
    assert received["cursor"] < read["cursor"] < replied["cursor"] < done["cursor"]
    assert len(everything["statements"]) == 1
    assert len(everything["replies"]) == 1


def test_the_state_has_the_agreed_shape(views: Views, as_person: AsPerson) -> None:
    push(as_person(views.world.yp1), statement_item(urgent=True))

    state = pull(as_person(views.world.yp1).client, 0)["statements"][0]

    assert set(state) == {
        "id",
        "type",
        "status",
        "recipient",
        "received_at",
        "read_at",
        "read_by",
        "replied_at",
        "urgent",
        "young_person_update",  # "I'm OK now" from the help screen (issue 13)
    }
    assert state["urgent"] is True
    assert state["type"] == "feeling"  # so the phone can title it without its words


def test_a_young_person_pulls_only_their_own(views: Views, as_person: AsPerson) -> None:
    world = views.world
    mine = statement_item(text="mine")
    push(as_person(world.yp1), mine)
    push(as_person(world.yp2), statement_item(text="theirs"))
    push(as_person(world.south_yp), statement_item(text="another council"))
    for person in (world.pa2, world.south_pa):  # replies to the other two
        client = as_person(person).client
        for row in client.get(QUEUE).json()["items"]:
            client.post(f"{QUEUE}/{row['id']}/replies", json={"text": "hello"})

    pulled = pull(as_person(world.yp1).client, 0)

    assert [s["id"] for s in pulled["statements"]] == [mine["id"]]
    assert pulled["replies"] == []
    assert len(pull(as_person(world.yp2).client, 0)["replies"]) == 1  # the replies were sent


def test_changes_by_other_young_people_neither_show_nor_move_the_cursor(
    views: Views, as_person: AsPerson
) -> None:
    """Each young person has their own change numbers (decision 021)."""
    world = views.world
    jordan = as_person(world.yp1).client
    push(as_person(world.yp1), statement_item())
    before = pull(jordan, 0)["cursor"]
    push(as_person(world.yp2), statement_item())

    after = pull(jordan, before)

    assert after["cursor"] == before == 1
    assert after["statements"] == after["replies"] == []


@pytest.mark.parametrize("since", ["-1", "abc", "1.5", "99999999999999999999999"])
def test_a_cursor_that_cannot_be_right_is_422_naming_since(
    views: Views, as_person: AsPerson, since: str
) -> None:
    response = as_person(views.world.yp1).client.get(PULL, params={"since": since})

    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["query.since"]


def test_a_cursor_ahead_of_the_server_is_422_naming_since(
    views: Views, as_person: AsPerson
) -> None:
    jordan = as_person(views.world.yp1)
    push(jordan, statement_item())
    cursor = pull(jordan.client, 0)["cursor"]

    response = jordan.client.get(PULL, params={"since": cursor + 1})

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "query.since"


def test_pull_is_for_signed_in_young_people(
    views: Views, as_person: AsPerson, client: TestClient
) -> None:
    assert client.get(PULL).status_code == 401
    assert as_person(views.world.pa1).client.get(PULL).status_code == 403


def test_a_phone_that_pulls_again_from_an_old_cursor_gets_the_same_ids(
    views: Views, as_person: AsPerson
) -> None:
    jordan = as_person(views.world.yp1)
    items = [statement_item(text=str(n)) for n in range(3)]
    push(jordan, *items)

    first, again = pull(jordan.client, 0), pull(jordan.client, 0)

    assert [s["id"] for s in first["statements"]] == [s["id"] for s in again["statements"]]
    assert sorted(s["id"] for s in first["statements"]) == sorted(str(i["id"]) for i in items)
    assert uuid.UUID(first["statements"][0]["id"])
