"""The pathway plan's sync kinds and pull section: a young person's own tasks, edits and
notes come in as `task_create`, `task_edit` and `task_note` items; their plan, tasks and
history go back in each pull."""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.kernel.errors import ApiError, FieldError, Rejected
from harbour.kernel.time import utc_now
from harbour.plans import service
from harbour.plans.access import own_task
from harbour.plans.models import PlanTask
from harbour.plans.schemas import NoteItem, OnATask, OwnTaskIn, PlanPull, TaskEditItem
from harbour.sync.kinds import (
    Author,
    ItemKind,
    PullSection,
    authors_council,
    body_of,
    signed_in,
    young_persons_kind,
)
from harbour.sync.schemas import PushItem
from harbour.tenants.models import Tenant


def _their_task(session: Session, author: Author, task_id: uuid.UUID) -> Tenant:
    """Their council, when the task is in their own plan; anyone else's is a made-up id."""
    if own_task(session, signed_in(author), task_id) is None:
        raise Rejected.at("body.task_id", "There is no task with this id in your plan.")
    return authors_council(session, author)


def _task(session: Session, council: Tenant, task_id: uuid.UUID) -> PlanTask:
    task = session.get(PlanTask, {"id": task_id, "tenant_id": council.id})
    assert task is not None  # checked to be theirs; tasks are never deleted
    return task


def _as_rejected(change: Callable[[], object]) -> None:
    """Run a plan change; a refusal becomes the item's `rejected`, naming the same field."""
    try:
        change()
    except ApiError as error:
        raise Rejected(error.fields or [FieldError(field="id", message=error.message)]) from None


def _add_task(
    session: Session, item: PushItem, council: Tenant, body: OwnTaskIn, author: Author
) -> None:
    who = signed_in(author)
    _as_rejected(lambda: service.add_own_task(session, council, who, item.id, body, utc_now()))


TASK_CREATE = young_persons_kind(
    "task_create",
    """A task the signed-in young person sets themselves in their pathway plan
(the item's id is the task's id; its owner is the young person).""",
    OwnTaskIn,
    _add_task,
)

OnTask = TypeVar("OnTask", bound=OnATask)


def _on_their_task(
    name: str,
    description: str,
    body: type[OnTask],
    change: Callable[[Session, PushItem, Tenant, PlanTask, OnTask, Principal], object],
) -> ItemKind[OnTask]:
    """A kind that changes one of their tasks (checked to be theirs), as them on this device:
    its history shows when it was made."""

    def apply(
        session: Session, item: PushItem, council: Tenant, sent: OnTask, author: Author
    ) -> None:
        task = _task(session, council, sent.task_id)
        _as_rejected(lambda: change(session, item, council, task, sent, signed_in(author)))

    return ItemKind[OnTask](
        name=name,
        description=f"""{description} A task that is not in their plan is `rejected` naming
`body.task_id`, the same as a made-up id.""",
        body=body,
        parse=body_of(body),
        check=lambda session, _item, body, author: _their_task(session, author, body.task_id),
        apply=apply,
        needs_young_person=True,
        keeps_action_time=True,
    )


TASK_EDIT = _on_their_task(
    "task_edit",
    """A change to a task of the signed-in young person's (the item's id is the edit's id).
They may set `status` on any of their tasks, and `title`, `description`, `domain`, `due_on`
on tasks they made; any other field is `rejected` naming it (`body.set.owner`). Each field
set takes the new value; the history keeps what it replaced (see the pull's `history`).""",
    TaskEditItem,
    lambda session, item, council, task, edit, who: service.edit_task(
        session,
        council,
        task,
        who,
        item.id,
        edit.base_version,
        edit.set,
        utc_now(),
        acted_at=item.created_at,
    ),
)

TASK_NOTE = _on_their_task(
    "task_note",
    """A note on a task of the signed-in young person's (the item's id is the note's id).""",
    NoteItem,
    lambda session, item, council, task, note, who: service.add_note(
        session, council, task, who, item.id, note.text, acted_at=item.created_at
    ),
)

KINDS: list[ItemKind[Any]] = [TASK_CREATE, TASK_EDIT, TASK_NOTE]


PULL = PullSection(
    shape=PlanPull,
    read=service.changes_for,
    unchanged=PlanPull(plan=None, tasks=[], history=[]),
)
