"""Whose pathway plan and tasks a caller reaches (the caseload rule in harbour.access)."""

import uuid
from typing import Annotated

from fastapi import Depends, Path
from sqlmodel import Session

from harbour.access.refused import refused
from harbour.access.session import CallerDep
from harbour.access.young_people import VisibleYoungPerson
from harbour.accounts.models import YoungPerson
from harbour.accounts.schemas import PersonKind, Principal
from harbour.db import SessionDep
from harbour.kernel.errors import Forbidden
from harbour.plans.models import PlanTask
from harbour.tenancy import scoped_to


def plan_young_person(caller: CallerDep, young_person: VisibleYoungPerson) -> YoungPerson:
    """A young person's plan, for the staff who see them (their PA, the PA's manager, an
    admin). The young person's own plan reaches their phone through sync instead."""
    if not caller.principal.is_staff:
        raise Forbidden("Your plan comes to your phone through sync.")
    return young_person


PlanYoungPerson = Annotated[YoungPerson, Depends(plan_young_person)]
TaskId = Annotated[uuid.UUID, Path(description="The task's id.")]


def task_from_path(
    task_id: TaskId, young_person: PlanYoungPerson, caller: CallerDep, session: SessionDep
) -> PlanTask:
    """A task of the young person in the path: another young person's is not there."""
    row = session.exec(
        scoped_to(PlanTask, caller.council.id).where(
            PlanTask.id == task_id, PlanTask.young_person_id == young_person.id
        )
    ).first()
    if row is None:
        raise refused(session, caller, "task", task_id)
    return row


PlanTaskDep = Annotated[PlanTask, Depends(task_from_path)]


def own_task(session: Session, person: Principal, task_id: uuid.UUID) -> PlanTask | None:
    """A task in this young person's own plan, for what their phone sends; None for anyone
    else's (or a made-up id): the phone is told the same for both. A plain function, for
    the sync service."""
    if person.kind is not PersonKind.young_person:
        return None
    return session.exec(
        scoped_to(PlanTask, person.tenant_id).where(
            PlanTask.id == task_id, PlanTask.young_person_id == person.id
        )
    ).first()
