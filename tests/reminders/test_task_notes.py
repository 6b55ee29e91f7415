"""A young person's note on a task alerts their PA: a message in the PA's inbox at once and,
by the PA's settings, a push (generic words, quiet hours as for other reminders)."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import time_machine
from sqlalchemy import Engine

from harbour.reminders.worker import Worker
from tests.people import SignedIn, World, make_young_person, push
from tests.plans.conftest import add_task, item, plan_url
from tests.reminders.conftest import Recorder, reminder_of, reminders

AsPerson = Callable[..., SignedIn]
SETTINGS, INBOX = "/api/v1/reminders/settings", "/api/v1/inbox"
QUIET = {"quiet_start": "21:00", "quiet_end": "08:00"}


def at(text: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(text), tick=False)


def note_item(task_id: str, text: str = "Can you check it?") -> dict[str, Any]:
    return item("task_note", {"task_id": task_id, "text": text})


def jordan_notes_a_new_task(world: World, pa: SignedIn, jordan: SignedIn) -> None:
    """The PA adds a task to Jordan's plan ("Open a bank account"); Jordan writes a note on it."""
    task = add_task(pa, world.yp1.id)
    assert push(jordan, note_item(task["id"]))[0]["status"] == "accepted"


def inbox(person: SignedIn) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = person.client.get(INBOX).json()["items"]
    return items


def test_a_young_persons_note_is_a_message_for_their_pa_that_opens_the_plan(
    world: World,
    as_person: AsPerson,
    engine: Engine,
    recorder: Recorder,
    pa: SignedIn,
    jordan: SignedIn,
) -> None:
    with at("2026-11-20T14:00:00+00:00"):
        jordan_notes_a_new_task(world, pa, jordan)
        (item,) = inbox(pa)
        assert Worker(engine, recorder).run_once() == 1
    assert (item["kind"], item["event_kind"], item["seen_at"]) == ("message", "task_note", None)
    assert item["title"] == "Jordan added a note to “Open a bank account”"
    assert item["open"] == f"/staff/young-people/{world.yp1.id}/plan"
    ((kind, person, message),) = recorder.sent
    assert (kind, person, message.kind) == ("staff", world.pa1.id, "message")
    # The push names only the inbox entry: never the note, the young person or the task.
    assert message.open == f"/staff/inbox/{item['id']}"
    assert reminder_of(message) == uuid.UUID(item["id"])
    for other in (as_person(world.pa2), as_person(world.manager_a), jordan):
        assert inbox(other) == []


def test_a_note_sent_again_alerts_once(world: World, pa: SignedIn, jordan: SignedIn) -> None:
    task = add_task(pa, world.yp1.id)
    note = note_item(task["id"])
    assert push(jordan, note)[0]["status"] == "accepted"
    assert push(jordan, note)[0]["status"] == "duplicate"
    assert push(jordan, note, note)[1]["status"] == "duplicate"
    assert len(inbox(pa)) == 1
    assert push(jordan, note_item(task["id"], "And this?"))[0]["status"] == "accepted"
    assert len(inbox(pa)) == 2


def test_a_pas_own_note_alerts_nobody(world: World, pa: SignedIn, engine: Engine) -> None:
    task = add_task(pa, world.yp1.id)
    body = {"id": str(uuid.uuid4()), "text": "I've booked the bank for Tuesday"}
    response = pa.client.post(plan_url(world.yp1.id, f"/tasks/{task['id']}/notes"), json=body)
    assert response.status_code == 201, response.text
    assert reminders(engine) == []


def test_a_pa_who_turned_notes_on_tasks_off_gets_none(
    world: World, engine: Engine, pa: SignedIn, jordan: SignedIn
) -> None:
    assert pa.client.get(SETTINGS).json()["kinds"]["task_note"] is True
    changed = pa.client.put(SETTINGS, json=QUIET | {"kinds": {"task_note": False}})
    assert changed.json()["kinds"] == {"digest": True, "task_note": False}
    jordan_notes_a_new_task(world, pa, jordan)
    assert reminders(engine) == []


def test_a_young_person_without_a_pa_alerts_nobody(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    unallocated = make_young_person(engine, world.north, None, "Rory")
    rory = as_person(unallocated)
    task = item("task_create", {"title": "Learn to cook", "domain": "skills"})
    note = note_item(task["id"])
    assert [r["status"] for r in push(rory, task, note)] == ["accepted", "accepted"]
    assert reminders(engine) == []


def test_quiet_hours_hold_the_push_but_not_the_inbox(
    world: World, engine: Engine, recorder: Recorder, pa: SignedIn, jordan: SignedIn
) -> None:
    with at("2026-11-20T22:30:00+00:00"):
        jordan_notes_a_new_task(world, pa, jordan)
        assert len(inbox(pa)) == 1
        Worker(engine, recorder).run_once()
    assert recorder.sent == []
    (row,) = reminders(engine)
    assert row.next_attempt_at.replace(tzinfo=UTC) == datetime(2026, 11, 21, 8, tzinfo=UTC)
    with at("2026-11-21T08:00:00+00:00"):
        assert Worker(engine, recorder).run_once() == 1
    assert len(recorder.sent) == 1
