"""The merge rules as a property: whatever two devices do to the same tasks (the young
person's phone through sync push, the PA's browser through the REST routes), delivered in
any interleaving and order, with any resends, the server, the phone's pull and the PA's
view agree; each field holds the value of the last edit (by first arrival) that set it;
every edit and note is in the history exactly once; and resends change nothing."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.people import SignedIn, World, make_young_person, pull, push
from tests.plans.conftest import item, plan_url

FIELDS = {
    "status": st.sampled_from(["to_do", "in_progress", "done", "not_needed"]),
    "due_on": st.sampled_from([None, date(2027, 1, 10), date(2027, 2, 1), date(2027, 3, 15)]),
    "title": st.sampled_from(["Open a bank account", "Bank account", "See the bank"]),
}


@dataclass(frozen=True)
class Op:
    device: str  # "phone" (the young person, sync push) or "desk" (the PA, REST)
    task: int
    base_version: int
    changes: dict[str, Any] | None  # None: a note
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def sent(self, task_id: str) -> dict[str, Any]:
        """What the device sends, the same each time it sends it."""
        changes = {
            k: v.isoformat() if isinstance(v, date) else v for k, v in (self.changes or {}).items()
        }
        if self.device == "phone":
            if self.changes is None:
                return item("task_note", {"task_id": task_id, "text": f"Note {self.id}"}, self.id)
            body = {"task_id": task_id, "base_version": self.base_version, "set": changes}
            return item("task_edit", body, self.id)
        if self.changes is None:
            return {"id": self.id, "text": f"Note {self.id}"}
        return {"op_id": self.id, "base_version": self.base_version, "set": changes}


def ops(tasks: int) -> st.SearchStrategy[Op]:
    changes = st.sets(st.sampled_from(sorted(FIELDS)), min_size=1).flatmap(
        lambda names: st.fixed_dictionaries({name: FIELDS[name] for name in sorted(names)})
    )
    return st.builds(
        Op,
        device=st.sampled_from(["phone", "desk"]),
        task=st.integers(0, tasks - 1),
        base_version=st.integers(1, 4),
        changes=st.one_of(st.none(), changes),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[int, list[Op], list[int], list[bool]]:
    """Tasks, operations, the order they arrive in (each at least once, some again) and
    after which arrivals the phone pulls."""
    tasks = draw(st.integers(1, 3))
    sequence = draw(st.lists(ops(tasks), min_size=1, max_size=8))
    resends = draw(st.lists(st.integers(0, len(sequence) - 1), max_size=4))
    arrivals = draw(st.permutations(list(range(len(sequence))) + resends))
    pulls = draw(st.lists(st.booleans(), min_size=len(arrivals), max_size=len(arrivals)))
    return tasks, sequence, arrivals, pulls


def deliver(phone: SignedIn, desk: SignedIn, person_id: uuid.UUID, op: Op, task_id: str) -> None:
    if op.device == "phone":
        (result,) = push(phone, op.sent(task_id))
        assert result["status"] in ("accepted", "duplicate"), result
        return
    action = "/edits" if op.changes is not None else "/notes"
    response = desk.client.post(
        plan_url(person_id, f"/tasks/{task_id}{action}"), json=op.sent(task_id)
    )
    assert response.status_code in (200, 201), response.text


def expected(tasks: int, sequence: list[Op], arrivals: list[int]) -> list[dict[str, Any]]:
    """The tasks as the rules say they must end: each edit applied once, at first arrival."""
    state: list[dict[str, Any]] = [
        {"status": "to_do", "due_on": None, "title": "Task", "version": 1, "notes": []}
        for _ in range(tasks)
    ]
    seen: set[int] = set()
    for index in arrivals:
        if index in seen:
            continue
        seen.add(index)
        op, task = sequence[index], state[sequence[index].task]
        if op.changes is None:
            task["notes"].append(op.id)
            continue
        values = {k: v.isoformat() if isinstance(v, date) else v for k, v in op.changes.items()}
        if any(task[name] != value for name, value in values.items()):
            task["version"] += 1
        task.update(values)
    return state


def shown(task: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": task["status"],
        "due_on": task["due_on"],
        "title": task["title"],
        "version": task["version"],
        "notes": [note["id"] for note in task["notes"]],
        "done": task["done_at"] is not None,
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_any_interleaving_of_two_devices_ends_in_one_state_with_every_op_in_history(
    world: World,
    engine: Engine,
    as_person: Callable[..., SignedIn],
    scenario: tuple[int, list[Op], list[int], list[bool]],
) -> None:
    tasks, sequence, arrivals, pulls = scenario
    person = make_young_person(engine, world.north, world.pa1.id, "Robin")
    phone, desk = as_person(person), as_person(world.pa1)
    task_ids = []
    for _ in range(tasks):  # the young person's own tasks: both may set every field tested
        created = item("task_create", {"title": "Task", "domain": "money"})
        assert push(phone, created)[0]["status"] == "accepted"
        task_ids.append(created["id"])
    on_phone: dict[str, dict[str, Any]] = {}
    history: list[dict[str, Any]] = []
    cursor = 0

    def phone_pulls() -> None:
        nonlocal cursor
        pulled = pull(phone, cursor)
        cursor = pulled["cursor"]
        on_phone.update({task["id"]: task for task in pulled["tasks"]})
        history.extend(pulled["history"])

    for index, pulls_now in zip(arrivals, pulls, strict=True):
        op = sequence[index]
        deliver(phone, desk, person.id, op, task_ids[op.task])
        if pulls_now:
            phone_pulls()
    phone_pulls()

    at_desk = {t["id"]: t for t in desk.client.get(plan_url(person.id)).json()["tasks"]}
    want = expected(tasks, sequence, arrivals)
    for number, task_id in enumerate(task_ids):
        server = shown(at_desk[task_id])
        assert shown(on_phone[task_id]) == server
        assert server == want[number] | {"done": want[number]["status"] == "done"}
        desk_history = desk.client.get(plan_url(person.id, f"/tasks/{task_id}/history")).json()
        applied = [sequence[i].id for i in dict.fromkeys(arrivals) if sequence[i].task == number]
        assert [entry["op_id"] for entry in desk_history["history"]] == applied
    # Every op once in what the phone pulled, whatever was resent or pulled twice.
    pulled_ops = [entry["op_id"] for entry in history]
    assert sorted(pulled_ops) == sorted(op.id for op in sequence)
