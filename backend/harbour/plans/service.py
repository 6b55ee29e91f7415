"""Pathway-plan rules: who may change which field, adding tasks and notes, edits through
the field edit engine (harbour.field_edits), what staff and phones read back.

Every write takes the young person's next change number first (`next_change`), which
serialises the writes to their plan, then reads the plan or task again, then checks and
changes it: what another request just committed is what each check and edit builds on.
"""

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import Principal
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.field_edits import (
    STAFF,
    YOUNG_PERSON,
    Actor,
    Change,
    Edit,
    EditorRef,
    FieldEdit,
    FieldEditOut,
    RecordKind,
    actor_for,
    apply_edit,
    changes_out,
    earlier_result,
    editor_ref,
    history_out,
    staff_actor,
    write_history,
)
from harbour.kernel.change_sequence import ChangeWindow, next_change
from harbour.kernel.errors import ApiError, invalid
from harbour.kernel.events import publish
from harbour.kernel.time import utc_now
from harbour.offer.models import OfferItem
from harbour.plans.events import PlanChanged, TaskNoted
from harbour.plans.models import Plan, PlanTask, TaskNote, TaskTemplate
from harbour.plans.schemas import (
    MAX_TASKS,
    OPEN,
    CaseloadOut,
    CaseloadRow,
    OwnTaskIn,
    PlanEditResult,
    PlanHeader,
    PlanOut,
    PlanPull,
    TaskChanges,
    TaskEditResult,
    TaskIn,
    TaskNoteOut,
    TaskOut,
    TaskOwner,
    TaskStatus,
    TaskTemplateOut,
    TaskTemplatePack,
    TemplateList,
)
from harbour.tenancy import council_today, scoped, scoped_delete
from harbour.tenants.models import Tenant

# What the young person may change: the status of any task of theirs, and more of their own.
ANY_TASK_FIELDS = frozenset({"status"})
OWN_TASK_FIELDS = frozenset({"status", "title", "description", "domain", "due_on"})
RECENTLY = timedelta(days=14)


# --- who is changing it ---------------------------------------------------------------------


def refused_field(task: PlanTask, actor: Actor, fields: Iterable[str]) -> str | None:
    """The first field `actor` may not set on `task`, if any. Staff who reach the task may
    set every field; the young person the status, and more on tasks they made themselves."""
    if actor.kind == STAFF:
        return None
    allowed = OWN_TASK_FIELDS if task.created_by_kind == YOUNG_PERSON else ANY_TASK_FIELDS
    return next((name for name in sorted(fields) if name not in allowed), None)


def _audit(
    session: Session,
    council: Tenant,
    who: Principal,
    action: AuditAction,
    kind: str,
    subject: uuid.UUID | None,
    **detail: Any,
) -> None:
    """Staff reads and changes of a plan are audited, naming fields, never their values."""
    if who.is_staff:
        audit.record(
            session, council.id, action, who, subject_kind=kind, subject_id=subject, detail=detail
        )


# --- reading out ----------------------------------------------------------------------------
# `young_person_name` below: the young person's preferred name for staff, so the history and
# "Added by" name them; None on their own phone, which says "You" (field_edits.editor_ref).


def preferred_name(session: Session, young_person_id: uuid.UUID) -> str:
    person = session.get(YoungPerson, young_person_id)
    assert person is not None  # a task or plan is never without its young person
    return person.preferred_name


def note_out(row: TaskNote, young_person_name: str | None = None) -> TaskNoteOut:
    return TaskNoteOut(
        id=row.id,
        text=row.text,
        by=editor_ref(row.author_kind, row.author_name, row.author_role, young_person_name),
        device=row.device,
        created_at=row.created_at,
    )


def _offer_titles(session: Session, tenant_id: uuid.UUID) -> dict[str, str]:
    """The council's published offer items, pack id to title."""
    rows = session.exec(
        select(OfferItem.key, OfferItem.title).where(
            OfferItem.tenant_id == tenant_id, col(OfferItem.live)
        )
    ).all()
    return dict(rows)


def _title(titles: dict[str, str], offer_item_id: str | None) -> str | None:
    return titles.get(offer_item_id) if offer_item_id else None


def _as_stored(row: SQLModel, shape: type[BaseModel]) -> dict[str, Any]:
    """The row's columns that `shape` shows as they are stored (by the same name)."""
    columns = type(row).model_fields
    return {name: getattr(row, name) for name in shape.model_fields if name in columns}


def _notes(
    session: Session,
    tenant_id: uuid.UUID,
    task_ids: Sequence[uuid.UUID],
    young_person_name: str | None,
) -> dict[uuid.UUID, list[TaskNoteOut]]:
    """Every note of these tasks (of one council: ids are unique only there), oldest first,
    in one query."""
    found: dict[uuid.UUID, list[TaskNoteOut]] = {task_id: [] for task_id in task_ids}
    if task_ids:
        rows = session.exec(
            select(TaskNote)
            .where(TaskNote.tenant_id == tenant_id, col(TaskNote.task_id).in_(task_ids))
            .order_by(col(TaskNote.change_seq))  # arrival order, whatever the clocks say
        ).all()
        for row in rows:
            found[row.task_id].append(note_out(row, young_person_name))
    return found


def _is_overdue(task: PlanTask, today: date) -> bool:
    return task.status in OPEN and task.due_on is not None and task.due_on < today


def _added_by(
    session: Session, tasks: Sequence[PlanTask], young_person_name: str | None
) -> dict[uuid.UUID, EditorRef]:
    """Who added each task: staff by first name and role (one query), the young person as
    `young_person_name`."""
    staff_ids = {task.created_by_id for task in tasks if task.created_by_kind == STAFF}
    staff = (
        session.exec(select(StaffMember).where(col(StaffMember.id).in_(staff_ids))).all()
        if staff_ids
        else []
    )
    names = {row.id: staff_actor(row) for row in staff}

    def ref(task: PlanTask) -> EditorRef:
        actor = names.get(task.created_by_id)
        if task.created_by_kind == STAFF and actor is not None:
            return editor_ref(STAFF, actor.name, actor.role)
        return editor_ref(task.created_by_kind, None, None, young_person_name)

    return {task.id: ref(task) for task in tasks}


def tasks_out(
    session: Session,
    tasks: Sequence[PlanTask],
    today: date,
    young_person_name: str | None = None,
) -> list[TaskOut]:
    """Tasks with their notes, offer items' titles and who added them, in four queries
    however many."""
    if not tasks:
        return []
    notes = _notes(session, tasks[0].tenant_id, [task.id for task in tasks], young_person_name)
    titles = _offer_titles(session, tasks[0].tenant_id)
    added_by = _added_by(session, tasks, young_person_name)
    return [
        TaskOut(
            **_as_stored(task, TaskOut),
            offer_item_title=_title(titles, task.offer_item_id),
            created_by=task.created_by_kind,
            added_by=added_by[task.id],
            overdue=_is_overdue(task, today),
            notes=notes[task.id],
        )
        for task in tasks
    ]


def _find_plan(session: Session, young_person_id: uuid.UUID) -> Plan | None:
    # populate_existing: after taking a change number, what is committed, not what was cached.
    query = select(Plan).where(Plan.young_person_id == young_person_id)
    return session.exec(query.execution_options(populate_existing=True)).first()


def review_date(session: Session, young_person_id: uuid.UUID) -> date | None:
    """The plan's next review date, if it has one (for calendars and reminders)."""
    plan = _find_plan(session, young_person_id)
    return plan.review_due if plan else None


def _due_order(task: PlanTask) -> tuple[bool, date, datetime]:
    return (task.due_on is None, task.due_on or date.min, task.created_at)


def plan_out(session: Session, council: Tenant, young_person_id: uuid.UUID) -> PlanOut:
    """Their plan as staff see it."""
    today = council_today(council)
    plan = _find_plan(session, young_person_id)
    tasks = session.exec(
        scoped(PlanTask, council).where(PlanTask.young_person_id == young_person_id)
    ).all()
    review_due = plan.review_due if plan else None
    name = preferred_name(session, young_person_id)
    return PlanOut(
        young_person_id=young_person_id,
        review_due=review_due,
        review_overdue=review_due is not None and review_due < today,
        version=plan.version if plan else 0,
        tasks=tasks_out(session, sorted(tasks, key=_due_order), today, name),
        today=today,
    )


def read_plan(session: Session, council: Tenant, person: YoungPerson, who: Principal) -> PlanOut:
    out = plan_out(session, council, person.id)
    _audit(session, council, who, AuditAction.plan_read, "young_person", person.id)
    session.commit()
    return out


def task_history(
    session: Session, council: Tenant, task: PlanTask, who: Principal
) -> list[FieldEditOut]:
    rows = session.exec(
        scoped(FieldEdit, council)
        .where(FieldEdit.record_id == task.id, FieldEdit.record_kind == RecordKind.task.value)
        .order_by(col(FieldEdit.change_seq))  # arrival order, whatever the clocks say
    ).all()
    name = preferred_name(session, task.young_person_id)
    out = [history_out(row, name) for row in rows]
    _audit(session, council, who, AuditAction.plan_history_read, "task", task.id)
    session.commit()
    return out


# --- the caseload at a glance ---------------------------------------------------------------


def caseload(
    session: Session,
    council: Tenant,
    visible: SelectOfScalar[YoungPerson],
    who: Principal,
    now: datetime,
) -> CaseloadOut:
    """Each visible young person's plan in numbers, audited: three queries, however many."""
    people = session.execute(visible.with_only_columns(col(YoungPerson.id))).scalars().all()
    out = glance(session, council, list(people), now)
    audit_glance(session, council, who, len(out.young_people))
    session.commit()
    return out


def audit_glance(session: Session, council: Tenant, who: Principal, count: int) -> None:
    """The audit row for plans at a glance (the caller commits)."""
    _audit(session, council, who, AuditAction.plan_caseload_listed, "plan", None, count=count)


def glance(
    session: Session, council: Tenant, people: list[uuid.UUID], now: datetime
) -> CaseloadOut:
    """These young people's plans in numbers, in their order: two queries, however many
    (review dates, then the tasks counted per person). Unaudited: the caller audits."""
    today = council_today(council, now)
    if not people:
        return CaseloadOut(today=today, young_people=[])
    plans = select(col(Plan.young_person_id), col(Plan.review_due)).where(
        col(Plan.tenant_id) == council.id, col(Plan.young_person_id).in_(people)
    )
    reviews: dict[uuid.UUID, date | None] = dict(session.execute(plans).all())
    is_open = col(PlanTask.status).in_([status.value for status in OPEN])
    is_done = col(PlanTask.status) == TaskStatus.done.value

    def how_many(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    counts = {
        row[0]: row[1:]
        for row in session.execute(
            # SQLAlchemy's own select: SQLModel's takes at most four columns.
            sa_select(
                col(PlanTask.young_person_id),
                how_many(is_open),
                how_many(is_open & (col(PlanTask.due_on) < today)),
                how_many(is_done & (col(PlanTask.done_at) >= now - RECENTLY)),
                func.max(case((is_done, col(PlanTask.done_at)))),
            )
            .where(col(PlanTask.tenant_id) == council.id, col(PlanTask.young_person_id).in_(people))
            .group_by(col(PlanTask.young_person_id))
        )
    }
    rows = []
    for person_id in people:
        review_due = reviews.get(person_id)
        open_tasks, overdue, done_recently, last_done = counts.get(person_id, (0, 0, 0, None))
        rows.append(
            CaseloadRow(
                young_person_id=person_id,
                review_due=review_due,
                review_overdue=review_due is not None and review_due < today,
                open_tasks=open_tasks,
                overdue_tasks=overdue,
                done_recently=done_recently,
                last_done_at=last_done,
            )
        )
    return CaseloadOut(today=today, young_people=rows)


# --- task templates -------------------------------------------------------------------------


def replace_templates(session: Session, tenant: Tenant, templates: list[TaskTemplatePack]) -> None:
    """Swap the council's templates for a pack's, inside the caller's transaction. Tasks made
    from a template keep its pack id, and their own words."""
    session.execute(scoped_delete(TaskTemplate, tenant))
    session.add_all(
        TaskTemplate(
            tenant_id=tenant.id,
            id=template.id,
            position=position,
            offer_item_id=template.offer_item,
            **template.model_dump(exclude={"id", "offer_item"}),
        )
        for position, template in enumerate(templates)
    )


def list_templates(session: Session, council: Tenant) -> TemplateList:
    rows = session.exec(scoped(TaskTemplate, council).order_by(col(TaskTemplate.position))).all()
    titles = _offer_titles(session, council.id)
    return TemplateList(
        templates=[
            TaskTemplateOut(
                **_as_stored(row, TaskTemplateOut),
                offer_item_title=_title(titles, row.offer_item_id),
            )
            for row in rows
        ]
    )


# --- adding tasks ---------------------------------------------------------------------------


def _digest(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plan_for(session: Session, council: Tenant, young_person_id: uuid.UUID, change: int) -> Plan:
    """Their plan, made now if they have none (after `next_change`, so made once)."""
    plan = _find_plan(session, young_person_id)
    if plan is None:
        plan = Plan(tenant_id=council.id, young_person_id=young_person_id, change_seq=change)
        session.add(plan)
        session.flush()
    return plan


def _check_offer_item(session: Session, council: Tenant, key: str | None, field: str) -> None:
    if key is not None and key not in _offer_titles(session, council.id):
        raise invalid(field, "There is no item with this id in the council's local offer.")


def _check_owner(owner: str, owner_name: str | None, field: str) -> None:
    if owner == TaskOwner.other.value and owner_name is None:
        raise invalid(field, "Say who does this task when its owner is someone else (other).")


@dataclass(frozen=True)
class NewTask:
    """A task's words and who it is for; `by` made it, `digest` is what they sent."""

    id: uuid.UUID
    values: dict[str, Any]
    by: Actor
    digest: str


def _resent(
    session: Session, council: Tenant, young_person_id: uuid.UUID, new: NewTask
) -> PlanTask | None:
    """The stored task when this is a resend of it (checked before anything else, so a
    resend answers as the first send did); None for an id new in this council. Another task
    under the same id is a 409: an id is never reused within a council (decision 012)."""
    stored = session.get(PlanTask, {"id": new.id, "tenant_id": council.id})
    if stored is None:
        return None
    if stored.young_person_id == young_person_id and stored.body_sha256 == new.digest:
        return stored
    raise ApiError(409, "conflict", "That task id was already used for another task.")


def _create(
    session: Session,
    council: Tenant,
    young_person_id: uuid.UUID,
    new: NewTask,
    change: int,
    now: datetime,
) -> PlanTask:
    """Store a checked new task under the change number the caller took."""
    plan = _plan_for(session, council, young_person_id, change)
    count = session.exec(select(func.count()).where(PlanTask.plan_id == plan.id)).one()
    if count >= MAX_TASKS:
        raise invalid("body", f"A plan can hold at most {MAX_TASKS} tasks.")
    task = PlanTask(
        id=new.id,
        tenant_id=council.id,
        plan_id=plan.id,
        young_person_id=young_person_id,
        created_by_kind=new.by.kind,
        created_by_id=new.by.id,
        body_sha256=new.digest,
        change_seq=change,
        created_at=now,
        updated_at=now,
        **new.values,
    )
    session.add(task)
    publish(session, PlanChanged(council, young_person_id, now))
    return task


def add_task(
    session: Session,
    council: Tenant,
    person: YoungPerson,
    who: Principal,
    data: TaskIn,
    now: datetime,
) -> tuple[TaskOut, bool]:
    """A task a PA adds; True when made now, False for a resend of the same one."""
    sent = data.model_dump(mode="json", exclude_unset=True)
    digest = _digest({"for": person.id, "by": who.id, "task": sent})
    new = NewTask(
        data.id, data.model_dump(exclude={"id"}), actor_for(session, who, who.device), digest
    )
    change = next_change(session, council.id, person.id)
    task = _resent(session, council, person.id, new)
    made = task is None
    if task is None:
        template = (
            session.get(TaskTemplate, (council.id, data.template_id)) if data.template_id else None
        )
        if data.template_id and template is None:
            raise invalid("body.template_id", "This council has no task template with this id.")
        _check_offer_item(session, council, data.offer_item_id, "body.offer_item_id")
        _check_owner(data.owner, data.owner_name, "body.owner_name")
        if "due_on" not in data.model_fields_set and template and template.due_in_days is not None:
            new.values["due_on"] = council_today(council, now) + timedelta(template.due_in_days)
        task = _create(session, council, person.id, new, change, now)
    _audit(session, council, who, AuditAction.plan_task_added, "task", task.id)
    session.commit()
    return tasks_out(session, [task], council_today(council, now), person.preferred_name)[0], made


def add_own_task(
    session: Session,
    council: Tenant,
    who: Principal,
    task_id: uuid.UUID,
    data: OwnTaskIn,
    now: datetime,
) -> None:
    """A task the young person sets themselves, from their phone (caller commits). Their
    phone's resends stop at the sync receipt; a task id already used is refused."""
    values = data.model_dump() | {"owner": TaskOwner.young_person.value}
    sent = data.model_dump(mode="json", exclude_unset=True)
    digest = _digest({"for": who.id, "by": who.id, "task": sent})
    new = NewTask(task_id, values, actor_for(session, who, None), digest)
    change = next_change(session, council.id, who.id)
    if _resent(session, council, who.id, new) is None:
        _create(session, council, who.id, new, change, now)


# --- edits ----------------------------------------------------------------------------------


def _edit_values(changes: TaskChanges) -> dict[str, Any]:
    return {name: getattr(changes, name) for name in changes.model_fields_set}


def _fields(row: FieldEdit) -> list[str]:
    """The fields an edit changed: what its audit row names (never their values)."""
    return [entry["field"] for entry in row.changes]


def edit_task(
    session: Session,
    council: Tenant,
    task: PlanTask,
    who: Principal,
    op_id: uuid.UUID,
    base_version: int,
    changes: TaskChanges,
    now: datetime,
    acted_at: datetime | None = None,
) -> FieldEdit:
    """Apply one edit to a task (see harbour.field_edits for the merge rules). A resend of
    an applied edit returns what it did then and changes nothing. `acted_at`: when a phone
    made it, offline perhaps. Caller commits."""
    if not changes.model_fields_set:
        raise invalid("body.set", "Set at least one field.")
    actor = actor_for(session, who, who.device)
    edit = Edit(op_id, base_version, _edit_values(changes), acted_at)
    change = next_change(session, council.id, task.young_person_id)
    session.refresh(task)
    stored = earlier_result(session, council.id, RecordKind.task, task.id, actor, edit)
    if stored is not None:
        return stored
    refused = refused_field(task, actor, edit.values)
    if refused is not None:
        raise invalid(f"body.set.{refused}", "Your PA can change this for you.")
    _check_offer_item(session, council, edit.values.get("offer_item_id"), "body.set.offer_item_id")
    merged = {"owner": task.owner, "owner_name": task.owner_name} | dict(edit.values)
    _check_owner(merged["owner"], merged["owner_name"], "body.set.owner_name")
    row = apply_edit(session, task, RecordKind.task, actor, edit, change)
    changed = _fields(row)
    if "status" in changed:
        task.done_at = now if task.status == TaskStatus.done.value else None
    publish(session, PlanChanged(council, task.young_person_id, now))
    _audit(session, council, who, AuditAction.plan_task_changed, "task", task.id, fields=changed)
    return row


def edit_task_out(
    session: Session, council: Tenant, task: PlanTask, row: FieldEdit, now: datetime
) -> TaskEditResult:
    name = preferred_name(session, task.young_person_id)
    record = tasks_out(session, [task], council_today(council, now), name)[0]
    return TaskEditResult(version=row.version, changes=changes_out(row), record=record)


def edit_plan(
    session: Session,
    council: Tenant,
    person: YoungPerson,
    who: Principal,
    op_id: uuid.UUID,
    base_version: int,
    review_due: date | None,
) -> PlanEditResult:
    """Staff change the plan's review date; the plan is made by its first change."""
    change = next_change(session, council.id, person.id)
    plan = _plan_for(session, council, person.id, change)
    edit = Edit(op_id, base_version, {"review_due": review_due})
    row = _change_review(session, council, person, who, who.device, plan, edit, change)
    session.commit()
    return PlanEditResult(
        version=row.version, changes=changes_out(row), record=plan_out(session, council, person.id)
    )


def set_review_from_record(
    session: Session, council: Tenant, person: YoungPerson, who: Principal, review_due: date | None
) -> None:
    """The review date changed on the young person's record screen: the same change as on
    the plan (history, the phone's pull, reminders), made on the version stored now.
    Caller commits."""
    change = next_change(session, council.id, person.id)
    plan = _plan_for(session, council, person.id, change)
    edit = Edit(uuid.uuid4(), plan.version, {"review_due": review_due})
    _change_review(session, council, person, who, None, plan, edit, change)


def _change_review(
    session: Session,
    council: Tenant,
    person: YoungPerson,
    who: Principal,
    device: str | None,
    plan: Plan,
    edit: Edit,
    change: int,
) -> FieldEdit:
    row = apply_edit(session, plan, RecordKind.plan, actor_for(session, who, device), edit, change)
    publish(session, PlanChanged(council, person.id, utc_now()))
    _audit(session, council, who, AuditAction.plan_changed, "plan", plan.id, fields=_fields(row))
    return row


# --- notes ----------------------------------------------------------------------------------


def add_note(
    session: Session,
    council: Tenant,
    task: PlanTask,
    who: Principal,
    note_id: uuid.UUID,
    text: str,
    acted_at: datetime | None = None,
) -> tuple[TaskNoteOut, bool]:
    """A note both people see; in the task's history as field `note`, from null to the
    note's id, written at `acted_at` when a phone sent it; a young person's alerts their PA.
    True when made now, False for a resend of the same note. Caller commits."""
    actor = actor_for(session, who, who.device)
    change = next_change(session, council.id, task.young_person_id)
    session.refresh(task)
    stored = session.get(TaskNote, {"id": note_id, "tenant_id": council.id})
    if stored is not None:
        if (stored.task_id, stored.author_id, stored.text) == (task.id, who.id, text):
            return note_out(stored), False
        raise ApiError(409, "conflict", "That note id was already used for another note.")
    if session.get(FieldEdit, {"op_id": note_id, "tenant_id": council.id}) is not None:
        raise ApiError(409, "conflict", "That id was already used for another change.")
    now = utc_now()
    note = TaskNote(
        id=note_id,
        task_id=task.id,
        tenant_id=council.id,
        **actor.columns("author"),
        text=text,
        created_at=acted_at or now,  # when it was written; its arrival is in the history
        change_seq=change,
    )
    # The task counts as changed, so phones pull it again with its new note.
    task.change_seq, task.updated_at = change, now
    session.add_all([note, task])
    note_edit = Edit(note_id, task.version, {"note": str(note_id)}, acted_at)
    added = [Change("note", None, str(note_id), replaced_unseen=False)]
    write_history(session, task, RecordKind.task, actor, note_edit, added, change)
    _audit(session, council, who, AuditAction.plan_task_noted, "task", task.id)
    publish(session, TaskNoted(council, task, note))
    return note_out(note), True


# --- what a young person pulls --------------------------------------------------------------


def changes_for(
    session: Session, council: Tenant, person: Principal, window: ChangeWindow
) -> PlanPull:
    """Their plan, tasks (with notes) and history entries that changed in the window.
    History holds every record of theirs kept through the field edit engine (plan, tasks,
    health passport)."""
    plan = session.exec(
        select(Plan).where(Plan.young_person_id == person.id, window.of(Plan.change_seq))
    ).first()
    tasks = session.exec(
        scoped(PlanTask, council)
        .where(PlanTask.young_person_id == person.id, window.of(PlanTask.change_seq))
        .order_by(col(PlanTask.change_seq))
    ).all()
    history = session.exec(
        scoped(FieldEdit, council)
        .where(FieldEdit.young_person_id == person.id, window.of(FieldEdit.change_seq))
        .order_by(col(FieldEdit.change_seq))
    ).all()
    return PlanPull(
        plan=PlanHeader(review_due=plan.review_due, version=plan.version) if plan else None,
        tasks=tasks_out(session, tasks, council_today(council)),
        history=[history_out(row) for row in history],
    )
