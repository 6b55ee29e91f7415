"""Pathway plans API for staff: the caseload at a glance, a young person's plan, its tasks,
notes and history, and the council's task templates. Who reaches which plan or task is
decided in plans.access only; the young person's phone uses `/api/v1/sync` instead."""

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, Response
from fastapi.types import DecoratedCallable
from pydantic import BaseModel

from harbour.access.caseload import visible_young_people
from harbour.access.session import Caseworker
from harbour.db import SessionDep
from harbour.field_edits import HistoryOut
from harbour.kernel.errors import SIGNED_IN_RESPONSES, stored_once
from harbour.kernel.time import utc_now
from harbour.plans import service
from harbour.plans.access import PlanTaskDep, PlanYoungPerson
from harbour.plans.schemas import (
    CaseloadOut,
    NoteIn,
    PlanEditIn,
    PlanEditResult,
    PlanOut,
    TaskEditIn,
    TaskEditResult,
    TaskIn,
    TaskNoteOut,
    TaskOut,
    TemplateList,
)

router = APIRouter(prefix="/api/v1", tags=["plans"], responses=SIGNED_IN_RESPONSES)
PLAN = "/young-people/{young_person_id}/plan"
TASK = PLAN + "/tasks/{task_id}"
Stored = TypeVar("Stored", bound=BaseModel)


def _stores_once(
    path: str, out: type[Stored], summary: str
) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """A route that stores each id once: 201 with what it stored now, or 200 with what was
    stored the first time when the same request comes again (`_answer`)."""
    return router.post(path, status_code=201, responses=stored_once(out), summary=summary)


def _answer(response: Response, stored: tuple[Stored, bool]) -> Stored:
    out, made = stored
    if not made:
        response.status_code = 200
    return out


@router.get("/task-templates", summary="Your council's task templates")
def list_templates(caller: Caseworker, session: SessionDep) -> TemplateList:
    """Ready-made tasks from the council's content pack, in its order, to add to a plan
    (and change) in two clicks."""
    return service.list_templates(session, caller.council)


@router.get("/plans/caseload", summary="Plans at a glance, for the young people you support")
def caseload(caller: Caseworker, session: SessionDep) -> CaseloadOut:
    """For each young person you see: the plan's review date (and whether it has passed),
    open and overdue tasks, tasks done in the last 14 days. Dates are in the council's time
    zone. Audited."""
    visible = visible_young_people(caller.principal)
    return service.caseload(session, caller.council, visible, caller.principal, utc_now())


@router.get(PLAN, summary="A young person's pathway plan")
def get_plan(young_person: PlanYoungPerson, caller: Caseworker, session: SessionDep) -> PlanOut:
    """The review date and every task with its notes. Someone with no plan yet gets an empty
    one (version 0). Audited."""
    return service.read_plan(session, caller.council, young_person, caller.principal)


@router.post(PLAN + "/edits", summary="Change the plan's review date")
def edit_plan(
    data: PlanEditIn, young_person: PlanYoungPerson, caller: Caseworker, session: SessionDep
) -> PlanEditResult:
    """`{op_id, base_version, set: {review_due}}`. Sending the same `op_id` again answers
    what it did the first time; the same `op_id` for another change is a 409."""
    return service.edit_plan(
        session,
        caller.council,
        young_person,
        caller.principal,
        data.op_id,
        data.base_version,
        data.set.review_due,
    )


@_stores_once(PLAN + "/tasks", TaskOut, "Add a task to the plan")
def add_task(
    data: TaskIn,
    young_person: PlanYoungPerson,
    caller: Caseworker,
    session: SessionDep,
    response: Response,
) -> TaskOut:
    """201 with the task. The same `id` and body again answers 200 with the stored task;
    the same `id` with another body is a 409. At most 200 tasks in a plan."""
    task = service.add_task(
        session, caller.council, young_person, caller.principal, data, utc_now()
    )
    return _answer(response, task)


@router.post(TASK + "/edits", summary="Change a task")
def edit_task(
    data: TaskEditIn, task: PlanTaskDep, caller: Caseworker, session: SessionDep
) -> TaskEditResult:
    """`{op_id, base_version, set: {field: value}}`, any of title, description, domain,
    owner, owner_name, due_on, status, offer_item_id. Each field set takes the new value;
    one the young person changed after `base_version` is replaced, and its history entry
    says so (`replaced_unseen`) and keeps the value. The same `op_id` again answers what it
    did the first time."""
    now = utc_now()
    row = service.edit_task(
        session,
        caller.council,
        task,
        caller.principal,
        data.op_id,
        data.base_version,
        data.set,
        now,
    )
    session.commit()
    return service.edit_task_out(session, caller.council, task, row, now)


@_stores_once(TASK + "/notes", TaskNoteOut, "Add a note to a task")
def add_note(
    data: NoteIn, task: PlanTaskDep, caller: Caseworker, session: SessionDep, response: Response
) -> TaskNoteOut:
    """The young person sees it on their phone. The same `id` and text again answers 200."""
    note = service.add_note(session, caller.council, task, caller.principal, data.id, data.text)
    session.commit()
    return _answer(response, note)


@router.get(TASK + "/history", summary="Who changed a task, what and when")
def task_history(task: PlanTaskDep, caller: Caseworker, session: SessionDep) -> HistoryOut:
    """Every edit and note in the order they arrived, with who made it (staff by first name
    and role, the young person by their preferred name), on which device, when it was made
    by that device's clock (`acted_at`) and when it arrived (`at`). Audited."""
    return HistoryOut(history=service.task_history(session, caller.council, task, caller.principal))
