"""Plans under concurrent writes: the phone and the PA's browser changing the same task at
once, the same edit sent several times at once, and two first tasks for a plan that does
not exist yet. Nothing is lost, nothing is applied twice, one plan is made."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.field_edits import FieldEdit
from harbour.plans.models import Plan
from tests.people import SignedIn, World, push
from tests.plans.conftest import AsPerson, add_task, edit_task, item, plan_url, task_body


def history(engine: Engine) -> list[FieldEdit]:
    with Session(engine) as session:
        rows = session.exec(select(FieldEdit)).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def test_the_phone_and_the_pa_changing_one_task_at_once_lose_nothing(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    pa, phone = as_person(world.pa1), as_person(world.yp1)
    task_id = add_task(pa, world.yp1.id, due_on="2027-01-01")["id"]
    statuses = ["in_progress", "done", "to_do", "in_progress", "done", "not_needed"]
    dates = [f"2027-02-{day:02d}" for day in range(1, 7)]

    def from_phone(n: int) -> Any:
        note = item("task_note", {"task_id": task_id, "text": f"Note {n}"})
        body = {"task_id": task_id, "base_version": 1, "set": {"status": statuses[n]}}
        return push(phone, item("task_edit", body), note)

    def from_desk(n: int) -> Any:
        return edit_task(pa, world.yp1.id, task_id, 1, due_on=dates[n]).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        phone_results = pool.map(from_phone, range(6))
        desk_results = pool.map(from_desk, range(6))
        assert all(r["status"] == "accepted" for batch in phone_results for r in batch)
        assert list(desk_results) == [200] * 6

    rows = history(engine)
    changed = [row for row in rows if row.changes and row.changes[0]["field"] != "note"]
    assert len(rows) == 18  # six edits from each, six notes
    assert len({row.change_seq for row in rows}) == 18
    task = pa.client.get(plan_url(world.yp1.id)).json()["tasks"][0]
    assert task["version"] == 1 + len(changed)
    assert len(task["notes"]) == 6
    for field in ("status", "due_on"):  # the last arrival that set each field wins
        setting = [r for r in rows if any(c["field"] == field for c in r.changes)]
        final = max(setting, key=lambda row: row.change_seq).changes
        assert task[field] == next(c["after"] for c in final if c["field"] == field)


def test_the_same_edit_sent_at_once_is_applied_once(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    pa = as_person(world.pa1)
    task_id = add_task(pa, world.yp1.id)["id"]
    op_id = str(uuid.uuid4())
    browsers = [as_person(world.pa1) for _ in range(4)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(
                lambda browser: edit_task(browser, world.yp1.id, task_id, 1, op_id, status="done"),
                browsers,
            )
        )

    assert [a.status_code for a in answers] == [200] * 4
    assert len({str(a.json()) for a in answers}) == 1
    assert [row.op_id for row in history(engine)] == [uuid.UUID(op_id)]


def test_two_first_tasks_at_once_make_one_plan(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    staff = [as_person(world.pa1), as_person(world.manager_a), as_person(world.north_admin)]

    def add(person: SignedIn) -> int:
        url = plan_url(world.yp1.id, "/tasks")
        return person.client.post(url, json=task_body()).status_code

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert list(pool.map(add, staff)) == [201] * 3

    with Session(engine) as session:
        assert len(session.exec(select(Plan)).all()) == 1
    assert len(staff[0].client.get(plan_url(world.yp1.id)).json()["tasks"]) == 3
