"""A person's reminder settings and their inbox."""

import uuid
from collections.abc import Callable
from datetime import datetime

import time_machine
from sqlalchemy import Engine

from tests.people import SignedIn, World, make_reminder
from tests.plans.conftest import field_errors, plan_url
from tests.reminders.conftest import pending

AsPerson = Callable[..., SignedIn]
SETTINGS, INBOX = "/api/v1/reminders/settings", "/api/v1/inbox"


def test_settings_start_from_the_councils_quiet_hours_with_every_kind_on(
    world: World, as_person: AsPerson
) -> None:
    assert as_person(world.yp1).client.get(SETTINGS).json() == {
        "quiet_start": "21:00",
        "quiet_end": "08:00",
        "kinds": {"plan_review": True, "health": True, "task_due": True, "reply": True},
    }
    assert as_person(world.pa1).client.get(SETTINGS).json()["kinds"] == {
        "digest": True,
        "task_note": True,
    }


def test_changed_settings_are_kept_and_kinds_left_out_keep_their_value(
    world: World, as_person: AsPerson
) -> None:
    yp = as_person(world.yp1).client
    body = {"quiet_start": "22:00", "quiet_end": "07:30", "kinds": {"health": False}}
    assert yp.put(SETTINGS, json=body).status_code == 200
    assert yp.put(SETTINGS, json=body | {"kinds": {"reply": False}}).json() == {
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "kinds": {"plan_review": True, "health": False, "task_due": True, "reply": False},
    }


def test_bad_settings_are_refused_naming_the_field_and_nothing_is_stored(
    world: World, as_person: AsPerson
) -> None:
    yp, pa = as_person(world.yp1).client, as_person(world.pa1).client
    good = {"quiet_start": "21:00", "quiet_end": "08:00", "kinds": {}}
    assert field_errors(yp.put(SETTINGS, json=good | {"quiet_start": "25:00"})) == {
        "body.quiet_start"
    }
    assert field_errors(yp.put(SETTINGS, json=good | {"quiet_end": "8am"})) == {"body.quiet_end"}
    assert "body.kinds.digest" in field_errors(
        yp.put(SETTINGS, json=good | {"kinds": {"digest": False}})
    )
    assert "body.kinds.reply" in field_errors(
        pa.put(SETTINGS, json=good | {"kinds": {"reply": False}})
    )
    assert field_errors(yp.put(SETTINGS, json=good | {"kinds": {"reply": 0}})) == {
        "body.kinds.reply"
    }
    assert yp.get(SETTINGS).json()["quiet_start"] == "21:00"


def test_turning_a_kind_off_cancels_its_pending_reminders_and_on_makes_them_again(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    yp, pa = as_person(world.yp1).client, as_person(world.pa1).client
    quiet = {"quiet_start": "21:00", "quiet_end": "08:00"}
    with time_machine.travel(datetime.fromisoformat("2026-11-01T10:00:00+00:00"), tick=False):
        body = {"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": "2026-12-01"}}
        assert pa.post(plan_url(world.yp1.id, "/edits"), json=body).status_code == 200
        yp.put(SETTINGS, json=quiet | {"kinds": {"plan_review": False}})
        assert pending(engine) == []
        yp.put(SETTINGS, json=quiet | {"kinds": {"plan_review": True}})
    assert len(pending(engine)) == 3


def test_the_inbox_shows_what_is_due_and_counts_the_unseen(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    mine = as_person(world.yp1).client
    reminder_id = make_reminder(engine, world.yp1)
    inbox = mine.get(INBOX).json()
    assert inbox["unseen"] == 1
    assert inbox["items"][0]["id"] == str(reminder_id)
    assert inbox["items"][0]["kind"] == "reminder"

    assert mine.post(f"{INBOX}/{reminder_id}/seen").status_code == 204
    assert mine.post(f"{INBOX}/{reminder_id}/seen").status_code == 204  # again: no change
    after = mine.get(INBOX).json()
    assert after["unseen"] == 0
    assert after["items"][0]["seen_at"] is not None
    assert as_person(world.yp2).client.get(INBOX).json() == {"items": [], "unseen": 0}


def test_the_inbox_leaves_out_what_is_not_due_yet(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    mine = as_person(world.yp1).client
    make_reminder(engine, world.yp1)  # due 17 November 2026
    with time_machine.travel(datetime.fromisoformat("2026-11-16T10:00:00+00:00"), tick=False):
        assert mine.get(INBOX).json()["items"] == []
