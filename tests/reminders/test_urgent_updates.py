""" "I'm OK now" / "Sent by mistake" on an urgent statement: a message at once, in the inbox
of whoever the statement alerts and whoever acknowledged it, pushed with the generic words
even in quiet hours, once per statement and day."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import time_machine
from sqlalchemy import Engine

from harbour.reminders.worker import Worker
from tests.people import SignedIn, World, push, statement_item
from tests.reminders.conftest import Recorder

AsPerson = Callable[..., SignedIn]
INBOX = "/api/v1/inbox"


def at(text: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(text), tick=False)


def update(statement_id: str, said: str, created_at: str) -> dict[str, Any]:
    body = {"statement_id": statement_id, "said": said}
    item = {"kind": "statement_update", "created_at": created_at, "body": body}
    return {"id": str(uuid.uuid4())} | item


def titles(person: SignedIn, event_kind: str) -> list[str]:
    items = person.client.get(INBOX).json()["items"]
    return [item["title"] for item in items if item["event_kind"] == event_kind]


NIGHT = "2026-11-20T23:30:00+00:00"  # inside the default quiet hours


def acknowledged_call_for_help(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder, jordan: SignedIn
) -> tuple[dict[str, Any], SignedIn]:
    """Jordan taps "I need help now"; a manager acknowledges it; its alerts go out and are
    forgotten, so a test sees only what follows."""
    help_item = statement_item("help_now", created_at=NIGHT)
    push(jordan, help_item)
    manager = as_person(world.manager_a)
    manager.client.post(f"/api/v1/statements/{help_item['id']}/acknowledge")
    Worker(engine, recorder).run_once()
    recorder.sent.clear()
    return help_item, manager


def test_im_ok_now_is_a_message_for_those_acting_on_it_even_at_night(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder, jordan: SignedIn
) -> None:
    with at(NIGHT):
        help_item, manager = acknowledged_call_for_help(world, as_person, engine, recorder, jordan)
        assert push(jordan, update(help_item["id"], "ok_now", NIGHT))[0]["status"] == "accepted"
        sent = Worker(engine, recorder).run_once()
        # A second update the same day changes the words, not the number of nudges.
        push(jordan, update(help_item["id"], "by_mistake", NIGHT))
        again = Worker(engine, recorder).run_once()
        pa, manager_titles = as_person(world.pa1), titles(manager, "urgent_update")
        pa_titles, others = (
            titles(pa, "urgent_update"),
            titles(as_person(world.pa2), "urgent_update"),
        )

    assert (sent, again) == (2, 0)  # the PA and the manager who acknowledged it
    assert {person for _, person, _ in recorder.sent} == {world.pa1.id, world.manager_a.id}
    assert {message.kind for _, _, message in recorder.sent} == {"message"}
    assert pa_titles == manager_titles == ["Jordan says: I sent it by mistake"]
    assert others == []


def message(statement_id: str, text: str, created_at: str) -> dict[str, Any]:
    body = {"statement_id": statement_id, "text": text}
    item = {"kind": "statement_message", "created_at": created_at, "body": body}
    return {"id": str(uuid.uuid4())} | item


def test_writing_back_after_help_was_acknowledged_reaches_them_at_once_even_at_night(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder, jordan: SignedIn
) -> None:
    with at(NIGHT):
        help_item, manager = acknowledged_call_for_help(world, as_person, engine, recorder, jordan)
        written = push(jordan, message(help_item["id"], "He is back. I'm scared.", NIGHT))
        sent = Worker(engine, recorder).run_once()
        pa_titles = titles(as_person(world.pa1), "young_person_message")
        manager_titles = titles(manager, "young_person_message")
        others = titles(as_person(world.pa2), "young_person_message")

    assert written[0]["status"] == "accepted"
    assert sent == 2  # not held for the morning: the PA and the manager acting on it
    assert {person for _, person, _ in recorder.sent} == {world.pa1.id, world.manager_a.id}
    assert {note.kind for _, _, note in recorder.sent} == {"message"}  # generic words
    assert pa_titles == manager_titles == ["Jordan wrote back about “I need help now”"]
    assert others == []


def test_writing_back_on_a_calm_statement_waits_for_the_end_of_quiet_hours(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder, jordan: SignedIn
) -> None:
    with at(NIGHT):
        item = statement_item("feeling", feeling=3, created_at=NIGHT)
        push(jordan, item)
        push(jordan, message(item["id"], "Also, college was fine.", NIGHT))
        claimed = Worker(engine, recorder).run_once()
        in_inbox = titles(as_person(world.pa1), "young_person_message")

    assert (claimed, recorder.sent) == (1, [])  # claimed, then held; the inbox has it at once
    assert in_inbox == ["Jordan wrote back about “How I'm feeling”"]
