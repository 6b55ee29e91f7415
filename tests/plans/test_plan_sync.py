"""The young person's side of pathway plans: their task kinds in sync push (what they may
change, tasks that are not theirs, resends) and what the pull brings back."""

import uuid
from typing import Any

import pytest

from tests.people import SignedIn, World, pull, push
from tests.plans.conftest import AsPerson, add_task, edit_task, item, plan_url


def own_task(person: SignedIn, **body: Any) -> str:
    task = item("task_create", {"title": "Learn to cook three meals", "domain": "skills"} | body)
    assert push(person, task) == [{"id": task["id"], "status": "accepted", "errors": []}]
    return str(task["id"])


def task_edit(task_id: str, base_version: int, **changes: Any) -> dict[str, Any]:
    return item("task_edit", {"task_id": task_id, "base_version": base_version, "set": changes})


def test_their_own_task_comes_back_in_the_pull_with_the_plan(
    world: World, jordan: SignedIn, pa: SignedIn
) -> None:
    task_id = own_task(jordan, due_on="2027-01-31", description="Pasta, curry, soup")

    pulled = pull(jordan)
    (task,) = pulled["tasks"]

    assert pulled["plan"] == {"review_due": None, "version": 0}
    assert task["id"] == task_id
    assert (task["owner"], task["created_by"], task["status"]) == (
        "young_person",
        "young_person",
        "to_do",
    )
    assert (task["due_on"], task["description"]) == ("2027-01-31", "Pasta, curry, soup")
    assert pa.client.get(plan_url(world.yp1.id)).json()["tasks"][0]["id"] == task_id
    assert pull(jordan, pulled["cursor"])["tasks"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Cook", "domain": "cooking"}, "body.domain"),
        ({"title": "Cook", "domain": "skills", "due_on": "tomorrow"}, "body.due_on"),
        ({"title": "x" * 121, "domain": "skills"}, "body.title"),
        ({"title": "Cook", "domain": "skills", "owner": "pa"}, "body.owner"),
        ({"domain": "skills"}, "body.title"),
    ],
)
def test_a_bad_task_is_rejected_naming_the_field(
    jordan: SignedIn, body: dict[str, Any], field: str
) -> None:
    (result,) = push(jordan, item("task_create", body))

    assert result["status"] == "rejected"
    assert field in {e["field"] for e in result["errors"]}
    assert pull(jordan)["tasks"] == []


def test_they_change_the_status_of_any_task_and_more_of_their_own(
    world: World, jordan: SignedIn, pa: SignedIn
) -> None:
    theirs = own_task(jordan)
    from_pa = add_task(pa, world.yp1.id, due_on="2027-01-10")["id"]

    results = push(
        jordan,
        task_edit(from_pa, 1, status="done"),
        task_edit(from_pa, 1, due_on="2027-03-01"),
        task_edit(theirs, 1, title="Cook four meals", due_on="2027-02-01", status="in_progress"),
        task_edit(theirs, 2, owner="pa"),
    )

    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted", "rejected"]
    assert results[1]["errors"][0]["field"] == "body.set.due_on"
    assert results[3]["errors"][0]["field"] == "body.set.owner"
    tasks = {t["id"]: t for t in pull(jordan)["tasks"]}
    assert (tasks[from_pa]["status"], tasks[from_pa]["due_on"]) == ("done", "2027-01-10")
    assert tasks[from_pa]["done_at"] is not None
    assert (tasks[theirs]["title"], tasks[theirs]["version"]) == ("Cook four meals", 2)


def test_a_task_that_is_not_theirs_is_rejected_like_a_made_up_one(
    world: World, jordan: SignedIn, as_person: AsPerson
) -> None:
    kais = add_task(as_person(world.pa2), world.yp2.id)["id"]

    results = push(
        jordan,
        task_edit(kais, 1, status="done"),
        task_edit(str(uuid.uuid4()), 1, status="done"),
        item("task_note", {"task_id": kais, "text": "Hello"}),
    )

    assert [r["status"] for r in results] == ["rejected"] * 3
    assert results[0]["errors"] == results[1]["errors"] == results[2]["errors"]
    assert results[0]["errors"][0]["field"] == "body.task_id"
    kai_task = as_person(world.pa2).client.get(plan_url(world.yp2.id)).json()["tasks"][0]
    assert (kai_task["status"], kai_task["notes"]) == ("to_do", [])


def test_items_are_stored_once_and_a_reused_id_is_a_conflict(jordan: SignedIn) -> None:
    task_id = own_task(jordan)
    edit = task_edit(task_id, 1, status="in_progress")
    note = item("task_note", {"task_id": task_id, "text": "Asked my carer to help"})

    first = push(jordan, edit, note)
    again = push(jordan, edit, note)
    reused = push(jordan, edit | {"body": edit["body"] | {"set": {"status": "done"}}})

    assert [r["status"] for r in first] == ["accepted", "accepted"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert reused[0]["status"] == "conflict"
    pulled = pull(jordan)
    (task,) = pulled["tasks"]
    assert (task["status"], task["version"], len(task["notes"])) == ("in_progress", 2, 1)
    assert [h["op_id"] for h in pulled["history"]] == [edit["id"], note["id"]]


def test_notes_and_staff_changes_come_back_with_who_made_them(
    world: World, jordan: SignedIn, pa: SignedIn
) -> None:
    task = add_task(pa, world.yp1.id, due_on="2027-01-10")
    cursor = pull(jordan)["cursor"]
    note = item("task_note", {"task_id": task["id"], "text": "I need help with ID"})
    push(jordan, note, task_edit(task["id"], 1, status="done"))
    # The PA, who last saw version 1, moves the due date and sets the status back.
    edit_task(pa, world.yp1.id, task["id"], 1, due_on="2027-02-01", status="in_progress")

    pulled = pull(jordan, cursor)
    (shown,) = pulled["tasks"]

    assert (shown["status"], shown["due_on"], shown["version"]) == ("in_progress", "2027-02-01", 3)
    assert shown["notes"][0]["by"] == {"kind": "young_person", "name": None, "role": None}
    assert shown["notes"][0]["device"] == "Test device"
    by = [(h["by"]["kind"], h["by"]["name"]) for h in pulled["history"]]
    assert by == [("young_person", None), ("young_person", None), ("staff", "Asha")]
    staff_changes = pulled["history"][2]["changes"]
    assert staff_changes == [
        {
            "field": "due_on",
            "before": "2027-01-10",
            "after": "2027-02-01",
            "replaced_unseen": False,
        },
        {"field": "status", "before": "done", "after": "in_progress", "replaced_unseen": True},
    ]


def test_the_plans_review_date_reaches_the_phone(
    world: World, jordan: SignedIn, pa: SignedIn
) -> None:
    cursor = pull(jordan)["cursor"]
    body = {"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": "2027-05-01"}}
    pa.client.post(plan_url(world.yp1.id, "/edits"), json=body)

    pulled = pull(jordan, cursor)

    assert pulled["plan"] == {"review_due": "2027-05-01", "version": 1}
    assert pulled["history"][0]["record"] == "plan"
    assert pull(jordan, pulled["cursor"])["plan"] is None
