"""Task history keeps when the person acted (their device's clock, sent with the change) as
well as when it arrived, and names people: the PA by first name, the young person by their
preferred name for staff ("You" on their own phone, so null there)."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from harbour.kernel.time import utc_now
from tests.people import SignedIn, World, passport_item, pull, push
from tests.plans.conftest import add_task, edit_task, item, plan_url


def at(moment: datetime) -> str:
    return moment.isoformat()


def parsed(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def made_at(kind: str, body: dict[str, Any], moment: datetime) -> dict[str, Any]:
    return item(kind, body) | {"created_at": at(moment)}


def tick_made(task: dict[str, Any], ago: timedelta) -> tuple[dict[str, Any], datetime]:
    """Ticking `task` off on the phone `ago` before now: the outbox item, and that time."""
    ticked = utc_now() - ago
    body = {"task_id": task["id"], "base_version": 1, "set": {"status": "done"}}
    return made_at("task_edit", body, ticked), ticked


def history(pa: SignedIn, world: World, task_id: str) -> list[dict[str, Any]]:
    found = pa.client.get(plan_url(world.yp1.id, f"/tasks/{task_id}/history")).json()
    entries: list[dict[str, Any]] = found["history"]
    return entries


def test_a_tick_made_offline_keeps_the_phones_time_and_the_arrival_time(
    world: World, pa: SignedIn, jordan: SignedIn
) -> None:
    task = add_task(pa, world.yp1.id)
    tick, ticked = tick_made(task, timedelta(minutes=42))

    assert push(jordan, tick)[0]["status"] == "accepted"
    arrived = utc_now()
    (entry,) = history(pa, world, task["id"])
    (phone_entry,) = pull(jordan)["history"]

    assert parsed(entry["acted_at"]) == ticked
    assert abs(parsed(entry["at"]) - arrived) < timedelta(seconds=30)
    assert entry["by"] == {"kind": "young_person", "name": "Jordan", "role": None}
    assert phone_entry["acted_at"] == entry["acted_at"]
    assert phone_entry["by"] == {"kind": "young_person", "name": None, "role": None}


def test_a_note_written_offline_keeps_the_phones_time(
    world: World, pa: SignedIn, jordan: SignedIn
) -> None:
    task = add_task(pa, world.yp1.id)
    written = utc_now() - timedelta(hours=3)

    note = made_at("task_note", {"task_id": task["id"], "text": "Booked for Monday"}, written)
    assert push(jordan, note)[0]["status"] == "accepted"
    (entry,) = history(pa, world, task["id"])

    assert entry["changes"][0]["field"] == "note"
    assert parsed(entry["acted_at"]) == written
    assert parsed(entry["at"]) > written + timedelta(hours=2)
    # The note itself says when it was written; its arrival is in the history.
    (shown,) = pa.client.get(plan_url(world.yp1.id)).json()["tasks"][0]["notes"]
    assert parsed(shown["created_at"]) == written


def test_a_change_made_online_acts_as_it_arrives_and_names_the_pa(
    world: World, pa: SignedIn
) -> None:
    task = add_task(pa, world.yp1.id)

    edit_task(pa, world.yp1.id, task["id"], 1, status="in_progress")
    (entry,) = history(pa, world, task["id"])

    assert entry["acted_at"] == entry["at"]
    assert entry["by"] == {"kind": "staff", "name": "Asha", "role": "personal_adviser"}


def test_who_added_a_task_is_named(world: World, pa: SignedIn, jordan: SignedIn) -> None:
    from_pa = add_task(pa, world.yp1.id)
    theirs = item("task_create", {"title": "Learn to cook", "domain": "skills"})
    push(jordan, theirs)

    staff_view = {t["id"]: t for t in pa.client.get(plan_url(world.yp1.id)).json()["tasks"]}
    phone_view = {t["id"]: t for t in pull(jordan)["tasks"]}

    pa_ref = {"kind": "staff", "name": "Asha", "role": "personal_adviser"}
    assert from_pa["added_by"] == staff_view[from_pa["id"]]["added_by"] == pa_ref
    assert phone_view[from_pa["id"]]["added_by"] == pa_ref
    assert staff_view[theirs["id"]]["added_by"] == {
        "kind": "young_person",
        "name": "Jordan",
        "role": None,
    }
    assert phone_view[theirs["id"]]["added_by"]["name"] is None


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (timedelta(minutes=4), True),  # a phone clock a little fast is fine
        (timedelta(minutes=10), False),
        (-timedelta(days=365), True),  # offline for most of a year
        (-timedelta(days=400), False),
    ],
    ids=["slightly fast", "future", "months old", "years old"],
)
@pytest.mark.parametrize("kind", ["task_edit", "task_note", "passport_edit"])
def test_the_devices_time_is_checked_and_a_bad_one_names_created_at(
    world: World,
    pa: SignedIn,
    jordan: SignedIn,
    kind: str,
    offset: timedelta,
    accepted: bool,
) -> None:
    task = add_task(pa, world.yp1.id)
    bodies: dict[str, dict[str, Any]] = {
        "task_edit": item(
            "task_edit", {"task_id": task["id"], "base_version": 1, "set": {"status": "done"}}
        ),
        "task_note": item("task_note", {"task_id": task["id"], "text": "Done it"}),
        "passport_edit": dict(passport_item(gp_name="Dr Okafor")),
    }
    sent = bodies[kind] | {"created_at": at(utc_now() + offset)}

    (result,) = push(jordan, sent)
    pulled = pull(jordan)

    if accepted:
        assert result["status"] == "accepted"
    else:
        assert result["status"] == "rejected"
        assert [e["field"] for e in result["errors"]] == ["created_at"]
        assert pulled["history"] == []  # nothing stored, nothing half-changed
        assert pulled["passport"] is None or pulled["passport"]["exists"] is False
        assert pulled["tasks"][0]["status"] == "to_do"
        assert pulled["tasks"][0]["notes"] == []


def test_a_resent_change_keeps_its_first_times(
    world: World, pa: SignedIn, jordan: SignedIn
) -> None:
    task = add_task(pa, world.yp1.id)
    tick, _ = tick_made(task, timedelta(minutes=5))
    tick["id"] = str(uuid.uuid4())

    push(jordan, tick)
    (first,) = history(pa, world, task["id"])
    assert push(jordan, tick)[0]["status"] == "duplicate"
    (again,) = history(pa, world, task["id"])

    assert again == first
