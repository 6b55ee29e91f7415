"""The staff side of pathway plans: templates, the plan, tasks, edits, notes, history, the
caseload at a glance; bad input named by field; resends; audit rows without text."""

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.offer.models import OfferItem
from harbour.plans import service
from harbour.tenancy import council_today
from tests.people import SignedIn, World
from tests.plans.conftest import (
    AsPerson,
    add_task,
    audit_rows,
    edit_task,
    field_errors,
    plan_url,
    task_body,
)
from tests.sql import statements_run


def today(world: World) -> date:
    return council_today(world.north)


def test_staff_see_their_own_councils_templates_in_pack_order(
    world: World, as_person: AsPerson, pa: SignedIn
) -> None:
    north = pa.client.get("/api/v1/task-templates").json()["templates"]
    south = as_person(world.south_pa).client.get("/api/v1/task-templates").json()["templates"]

    assert [t["id"] for t in north][:3] == [
        "open-bank-account",
        "setting-up-home-list",
        "register-with-gp",
    ]
    assert north[1]["offer_item_id"] == "setting-up-home"
    assert north[1]["offer_item_title"] == "Setting up home grant"
    assert north[0]["due_in_days"] == 28
    assert {t["id"] for t in south} == {
        "open-bank-account",
        "setting-up-home-list",
        "write-cv",
        "book-dentist",
    }
    young_person = as_person(world.yp1).client.get("/api/v1/task-templates")
    assert young_person.status_code == 403


def test_a_young_person_with_no_plan_gets_an_empty_one(
    world: World, pa: SignedIn, engine: Engine
) -> None:
    response = pa.client.get(plan_url(world.yp1.id))

    assert response.status_code == 200
    assert response.json() == {
        "young_person_id": str(world.yp1.id),
        "review_due": None,
        "review_overdue": False,
        "version": 0,
        "tasks": [],
        "today": today(world).isoformat(),
    }
    (row,) = audit_rows(engine, "plan_read")
    assert row.subject_id == world.yp1.id
    assert row.detail == {}


def test_a_task_from_a_template_is_due_its_days_from_today_and_links_the_offer(
    world: World, pa: SignedIn
) -> None:
    task = add_task(
        pa,
        world.yp1.id,
        template_id="setting-up-home-list",
        title="Make a list for your flat",
        domain="accommodation",
        offer_item_id="setting-up-home",
    )

    assert task["due_on"] == (today(world) + timedelta(days=14)).isoformat()
    assert task["template_id"] == "setting-up-home-list"
    assert task["offer_item_title"] == "Setting up home grant"
    assert (task["status"], task["version"], task["created_by"]) == ("to_do", 1, "staff")
    assert (task["overdue"], task["done_at"], task["notes"]) == (False, None, [])
    plan = pa.client.get(plan_url(world.yp1.id)).json()
    assert [t["id"] for t in plan["tasks"]] == [task["id"]]


def test_a_template_due_date_can_be_cleared_or_chosen(world: World, pa: SignedIn) -> None:
    cleared = add_task(pa, world.yp1.id, template_id="open-bank-account", due_on=None)
    chosen = add_task(pa, world.yp1.id, template_id="open-bank-account", due_on="2027-03-01")

    assert cleared["due_on"] is None
    assert chosen["due_on"] == "2027-03-01"


def test_sending_a_task_again_answers_the_stored_one_and_another_body_is_a_conflict(
    world: World, pa: SignedIn
) -> None:
    body = task_body(due_on="2027-01-10")
    url = plan_url(world.yp1.id, "/tasks")

    first = pa.client.post(url, json=body)
    again = pa.client.post(url, json=body)
    other = pa.client.post(url, json=body | {"title": "Something else"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert other.status_code == 409
    assert len(pa.client.get(plan_url(world.yp1.id)).json()["tasks"]) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"domain": "hobbies"}, "body.domain"),
        ({"due_on": "next Tuesday"}, "body.due_on"),
        ({"due_on": "2027-02-30"}, "body.due_on"),
        ({"title": "x" * 121}, "body.title"),
        ({"title": ""}, "body.title"),
        ({"title": "bad\u0000title"}, "body.title"),
        ({"description": "x" * 2001}, "body.description"),
        ({"owner": "nobody"}, "body.owner"),
        ({"owner": "other"}, "body.owner_name"),
        ({"owner": "other", "owner_name": "x" * 81}, "body.owner_name"),
        ({"offer_item_id": "no-such-item"}, "body.offer_item_id"),
        ({"template_id": "no-such-template"}, "body.template_id"),
        ({"colour": "red"}, "body.colour"),
    ],
)
def test_bad_tasks_are_refused_naming_the_field_and_nothing_is_stored(
    world: World, pa: SignedIn, fields: dict[str, object], field: str
) -> None:
    response = pa.client.post(plan_url(world.yp1.id, "/tasks"), json=task_body(**fields))

    assert response.status_code == 422, response.text
    assert field in field_errors(response)
    assert pa.client.get(plan_url(world.yp1.id)).json()["tasks"] == []


def test_someone_else_owns_a_task_when_named(world: World, pa: SignedIn) -> None:
    task = add_task(pa, world.yp1.id, owner="other", owner_name="Kingsmead College")
    assert (task["owner"], task["owner_name"]) == ("other", "Kingsmead College")


def test_a_plan_holds_at_most_so_many_tasks(
    world: World, pa: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "MAX_TASKS", 2)
    add_task(pa, world.yp1.id)
    add_task(pa, world.yp1.id)

    response = pa.client.post(plan_url(world.yp1.id, "/tasks"), json=task_body())

    assert response.status_code == 422
    assert field_errors(response) == {"body"}


def test_editing_a_task_changes_its_fields_and_done_at_follows_the_status(
    world: World, pa: SignedIn, engine: Engine
) -> None:
    task = add_task(pa, world.yp1.id, due_on="2027-01-10")

    done = edit_task(pa, world.yp1.id, task["id"], 1, status="done", due_on="2027-02-01")
    reopened = edit_task(pa, world.yp1.id, task["id"], 2, status="in_progress")

    assert done.status_code == 200, done.text
    assert done.json()["version"] == 2
    assert done.json()["changes"] == [
        {
            "field": "due_on",
            "before": "2027-01-10",
            "after": "2027-02-01",
            "replaced_unseen": False,
        },
        {"field": "status", "before": "to_do", "after": "done", "replaced_unseen": False},
    ]
    assert done.json()["record"]["done_at"] is not None
    assert reopened.json()["record"]["done_at"] is None
    assert reopened.json()["record"]["status"] == "in_progress"
    rows = audit_rows(engine, "plan_task_changed")
    assert [row.detail for row in rows] == [
        {"fields": ["due_on", "status"]},
        {"fields": ["status"]},
    ]


def test_an_edit_sent_again_changes_nothing_and_its_id_cannot_be_reused(
    world: World, pa: SignedIn
) -> None:
    task = add_task(pa, world.yp1.id)
    op_id = str(uuid.uuid4())

    first = edit_task(pa, world.yp1.id, task["id"], 1, op_id, status="in_progress")
    again = edit_task(pa, world.yp1.id, task["id"], 1, op_id, status="in_progress")
    reused = edit_task(pa, world.yp1.id, task["id"], 1, op_id, status="done")

    assert again.status_code == 200
    assert again.json() == first.json()
    assert reused.status_code == 409
    history = pa.client.get(plan_url(world.yp1.id, f"/tasks/{task['id']}/history")).json()
    assert [entry["op_id"] for entry in history["history"]] == [op_id]


def test_setting_a_field_to_its_value_changes_nothing(world: World, pa: SignedIn) -> None:
    task = add_task(pa, world.yp1.id)
    same = edit_task(pa, world.yp1.id, task["id"], 1, title=task["title"])
    assert (same.json()["version"], same.json()["changes"]) == (1, [])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"domain": "hobbies"}, "body.set.domain"),
        ({"due_on": "soon"}, "body.set.due_on"),
        ({"title": "x" * 121}, "body.set.title"),
        ({"title": None}, "body.set.title"),
        ({"status": "finished"}, "body.set.status"),
        ({"owner": "other"}, "body.set.owner_name"),
        ({"offer_item_id": "no-such-item"}, "body.set.offer_item_id"),
        ({"done_at": "2026-11-24T10:00:00Z"}, "body.set.done_at"),
        ({}, "body.set"),
    ],
)
def test_bad_edits_are_refused_naming_the_field(
    world: World, pa: SignedIn, changes: dict[str, object], field: str
) -> None:
    task = add_task(pa, world.yp1.id)

    response = edit_task(pa, world.yp1.id, task["id"], 1, **changes)

    assert response.status_code == 422, response.text
    assert field in field_errors(response)
    assert pa.client.get(plan_url(world.yp1.id)).json()["tasks"][0]["version"] == 1


def test_the_review_date_is_set_through_edits_and_says_when_it_has_passed(
    world: World, pa: SignedIn, engine: Engine
) -> None:
    past = (today(world) - timedelta(days=1)).isoformat()
    body = {"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": past}}

    response = pa.client.post(plan_url(world.yp1.id, "/edits"), json=body)
    again = pa.client.post(plan_url(world.yp1.id, "/edits"), json=body)
    bad = pa.client.post(
        plan_url(world.yp1.id, "/edits"),
        json={"op_id": str(uuid.uuid4()), "base_version": 1, "set": {"review_due": "May"}},
    )
    not_a_number = pa.client.post(
        plan_url(world.yp1.id, "/edits"),
        json=body | {"op_id": str(uuid.uuid4()), "base_version": False},
    )

    assert response.status_code == 200, response.text
    result = response.json()
    assert result["version"] == 1
    assert result["changes"] == [
        {"field": "review_due", "before": None, "after": past, "replaced_unseen": False}
    ]
    assert (result["record"]["review_due"], result["record"]["review_overdue"]) == (past, True)
    assert again.json() == result
    assert bad.status_code == 422
    assert field_errors(bad) == {"body.set.review_due"}
    assert field_errors(not_a_number) == {"body.base_version"}
    assert [row.detail for row in audit_rows(engine, "plan_changed")] == [
        {"fields": ["review_due"]},
        {"fields": ["review_due"]},
    ]


def test_notes_are_added_once_and_show_in_the_tasks_history(
    world: World, pa: SignedIn, engine: Engine
) -> None:
    task = add_task(pa, world.yp1.id)
    note = {"id": str(uuid.uuid4()), "text": "Bring your passport to the bank."}
    url = plan_url(world.yp1.id, f"/tasks/{task['id']}/notes")

    first = pa.client.post(url, json=note)
    again = pa.client.post(url, json=note)
    other = pa.client.post(url, json=note | {"text": "Something else"})
    empty = pa.client.post(url, json={"id": str(uuid.uuid4()), "text": ""})
    long = pa.client.post(url, json={"id": str(uuid.uuid4()), "text": "x" * 2001})

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert first.json()["by"] == {"kind": "staff", "name": "Asha", "role": "personal_adviser"}
    assert first.json()["device"] == "Test device"
    assert field_errors(empty) == {"body.text"}
    assert field_errors(long) == {"body.text"}
    plan = pa.client.get(plan_url(world.yp1.id)).json()
    assert [n["text"] for n in plan["tasks"][0]["notes"]] == ["Bring your passport to the bank."]
    assert plan["tasks"][0]["version"] == 1  # a note is not a change of the task's fields
    history = pa.client.get(plan_url(world.yp1.id, f"/tasks/{task['id']}/history")).json()
    (entry,) = history["history"]
    assert entry["changes"] == [
        {"field": "note", "before": None, "after": note["id"], "replaced_unseen": False}
    ]
    rows = audit_rows(engine, "plan_task_noted")
    assert len(rows) == 1
    assert "Bring" not in str(rows[0].detail)


def test_a_task_is_reached_only_under_its_own_young_person(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    admin = as_person(world.north_admin)
    task = add_task(admin, world.yp1.id)

    wrong_person = admin.client.get(plan_url(world.yp2.id, f"/tasks/{task['id']}/history"))
    made_up = admin.client.get(plan_url(world.yp1.id, f"/tasks/{uuid.uuid4()}/history"))

    assert wrong_person.status_code == made_up.status_code == 404
    assert wrong_person.json()["error"] == made_up.json()["error"]
    refused = audit_rows(engine, "not_found_or_not_allowed")
    assert {row.subject_id for row in refused} >= {uuid.UUID(task["id"])}


def test_young_people_and_other_councils_cannot_use_the_staff_routes(
    world: World, as_person: AsPerson
) -> None:
    own = as_person(world.yp1).client.get(plan_url(world.yp1.id))
    south = as_person(world.south_admin).client.get(plan_url(world.yp1.id))
    assert own.status_code == 403
    assert south.status_code == 404


def test_the_caseload_shows_each_young_persons_plan_in_numbers(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    manager = as_person(world.manager_a)
    yesterday = (today(world) - timedelta(days=1)).isoformat()
    add_task(manager, world.yp1.id, due_on=yesterday)  # overdue
    add_task(manager, world.yp1.id, due_on="2099-01-01")
    done = add_task(manager, world.yp1.id, due_on=yesterday)
    edit_task(manager, world.yp1.id, done["id"], 1, status="done")
    manager.client.post(
        plan_url(world.yp2.id, "/edits"),
        json={"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": yesterday}},
    )
    with statements_run(engine) as queries:
        response = manager.client.get("/api/v1/plans/caseload")
    rows = {row["young_person_id"]: row for row in response.json()["young_people"]}

    assert response.status_code == 200
    assert set(rows) == {str(world.yp1.id), str(world.yp2.id)}  # team A only
    jordan, kai = rows[str(world.yp1.id)], rows[str(world.yp2.id)]
    assert (jordan["open_tasks"], jordan["overdue_tasks"], jordan["done_recently"]) == (2, 1, 1)
    assert jordan["last_done_at"] is not None
    assert jordan["review_due"] is None
    assert (kai["review_due"], kai["review_overdue"], kai["open_tasks"]) == (yesterday, True, 0)
    assert audit_rows(engine, "plan_caseload_listed")[0].detail == {"count": 2}
    # One query for the plans and one for the tasks, however many young people.
    assert sum(bool(re.search(r"FROM plan_task\b", q)) for q in queries) == 1
    assert sum(bool(re.search(r"FROM \"?plan\b(?!_)", q)) for q in queries) == 1
    pa_rows = as_person(world.pa1).client.get("/api/v1/plans/caseload").json()["young_people"]
    assert [row["young_person_id"] for row in pa_rows] == [str(world.yp1.id)]


def test_the_offer_items_title_goes_when_the_item_is_retired(
    world: World, pa: SignedIn, engine: Engine
) -> None:
    body = task_body(offer_item_id="setting-up-home")
    url = plan_url(world.yp1.id, "/tasks")
    assert pa.client.post(url, json=body).status_code == 201
    with Session(engine) as session:
        for row in session.exec(select(OfferItem).where(OfferItem.key == "setting-up-home")):
            row.live = False
            session.add(row)
        session.commit()

    shown = pa.client.get(plan_url(world.yp1.id)).json()["tasks"][0]
    resent = pa.client.post(url, json=body)
    again = pa.client.post(url, json=body | {"id": str(uuid.uuid4())})

    assert (shown["offer_item_id"], shown["offer_item_title"]) == ("setting-up-home", None)
    assert resent.status_code == 200  # a resend answers as the first send did
    assert again.status_code == 422
    assert field_errors(again) == {"body.offer_item_id"}
