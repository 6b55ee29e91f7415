"""Plan shapes: tasks as staff and phones send and see them, edits and their history, the
caseload at a glance, and the council's task templates."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from harbour.db import UtcDatetime
from harbour.field_edits import ChangeOut, EditorRef, FieldEditOut
from harbour.kernel.text import FREE_TEXT, PLAIN_TEXT, IsoDate, refuse_null
from harbour.tenants.schemas import SLUG_PATTERN

MAX_TASKS = 200


class Domain(StrEnum):
    accommodation = "accommodation"
    eet = "eet"  # education, employment and training
    health = "health"
    money = "money"
    skills = "skills"
    relationships = "relationships"
    identity = "identity"
    safety = "safety"
    leisure = "leisure"
    legal = "legal"
    transition = "transition"
    parenting = "parenting"


class TaskOwner(StrEnum):
    young_person = "young_person"
    pa = "pa"
    social_worker = "social_worker"
    carer = "carer"
    other = "other"


class TaskStatus(StrEnum):
    to_do = "to_do"
    in_progress = "in_progress"
    done = "done"
    not_needed = "not_needed"


OPEN = (TaskStatus.to_do, TaskStatus.in_progress)

Title = Annotated[str, Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)]
Description = Annotated[str, Field(max_length=2_000, pattern=FREE_TEXT)]
NoteText = Annotated[str, Field(min_length=1, max_length=2_000, pattern=FREE_TEXT)]
OwnerName = Annotated[str, Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)]
PackId = Annotated[str, Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)]


# --- what is sent ---------------------------------------------------------------------------


class TaskIn(BaseModel):
    """A task a PA adds. From a template, the page fills these from the template (and may
    change them) and sends `template_id`; leaving `due_on` out then means today plus the
    template's `due_in_days`."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID = Field(
        description="Made by the browser; the idempotency key, unique within the council."
    )
    template_id: PackId | None = None
    title: Title
    description: Description = ""
    domain: Domain
    owner: TaskOwner
    owner_name: OwnerName | None = Field(default=None, description="Needed when owner is other.")
    due_on: IsoDate | None = None
    offer_item_id: PackId | None = Field(
        default=None, description="An item of the council's published local offer (its pack id)."
    )


class OwnTaskIn(BaseModel):
    """The body of a `task_create` sync item: a task the young person sets themselves."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description = ""
    domain: Domain
    due_on: IsoDate | None = None


class TaskChanges(BaseModel):
    """The fields an edit sets; leave out what stays the same. Only `owner_name`, `due_on`
    and `offer_item_id` may be null."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    description: Description | None = None
    domain: Domain | None = None
    owner: TaskOwner | None = None
    owner_name: OwnerName | None = None
    due_on: IsoDate | None = None
    status: TaskStatus | None = None
    offer_item_id: PackId | None = None

    _not_null = refuse_null("title", "description", "domain", "owner", "status")


class PlanChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")

    review_due: IsoDate | None = Field(description="The next review of the plan; null for none.")


class _EditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op_id: uuid.UUID = Field(
        description="Made by the sender, unique in the council; sending it again changes nothing."
    )
    base_version: int = Field(
        strict=True, ge=0, le=2**31, description="The version the sender last saw."
    )


class TaskEditIn(_EditIn):
    set: TaskChanges


class PlanEditIn(_EditIn):
    set: PlanChanges


class OnATask(BaseModel):
    """A sync item's body about one of the young person's tasks."""

    model_config = ConfigDict(extra="forbid")

    task_id: uuid.UUID


class TaskEditItem(OnATask):
    """The body of a `task_edit` sync item (the item's id is the edit's id)."""

    base_version: int = Field(ge=0, le=2**31)
    set: TaskChanges


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID = Field(
        description="Made by the browser; the idempotency key, unique within the council."
    )
    text: NoteText


class NoteItem(OnATask):
    """The body of a `task_note` sync item (the item's id is the note's id)."""

    text: NoteText


# --- what comes back ------------------------------------------------------------------------


class TaskNoteOut(BaseModel):
    id: uuid.UUID
    text: str
    by: EditorRef
    device: str | None
    created_at: UtcDatetime = Field(
        description="When it was written: the phone's time for a note sent from a phone "
        "(its arrival time is in the task's history)."
    )


class TaskOut(BaseModel):
    id: uuid.UUID
    title: str
    description: str
    domain: Domain
    owner: TaskOwner
    owner_name: str | None
    due_on: date | None
    status: TaskStatus
    done_at: UtcDatetime | None
    offer_item_id: str | None
    offer_item_title: str | None = Field(description="Null when the item is no longer offered.")
    template_id: str | None
    created_by: str = Field(description="young_person or staff")
    added_by: EditorRef = Field(
        description="Who added it: staff by first name and role; for staff, the young person "
        "by their preferred name (null on their own phone)."
    )
    version: int
    overdue: bool = Field(description="Not done or not needed, and due before today.")
    notes: list[TaskNoteOut] = Field(description="Oldest first.")
    updated_at: UtcDatetime


class PlanOut(BaseModel):
    young_person_id: uuid.UUID
    review_due: date | None
    review_overdue: bool
    version: int = Field(description="0 for a plan nobody has changed yet.")
    tasks: list[TaskOut] = Field(description="By due date, undated last.")
    today: date = Field(description="Today in the council's time zone.")


class PlanHeader(BaseModel):
    review_due: date | None
    version: int


class PlanPull(BaseModel):
    """The plan part of a young person's pull (harbour.plans.sync)."""

    plan: PlanHeader | None = Field(description="The plan's review date, when it changed.")
    tasks: list[TaskOut] = Field(description="Tasks that changed (a new note counts), with notes.")
    history: list[FieldEditOut] = Field(
        description="Edits and notes to your plan, tasks and health passport, in order."
    )


class TaskEditResult(BaseModel):
    version: int
    changes: list[ChangeOut]
    record: TaskOut


class PlanEditResult(BaseModel):
    version: int
    changes: list[ChangeOut]
    record: PlanOut


class CaseloadRow(BaseModel):
    young_person_id: uuid.UUID
    review_due: date | None
    review_overdue: bool
    open_tasks: int
    overdue_tasks: int
    done_recently: int = Field(description="Done in the last 14 days.")
    last_done_at: UtcDatetime | None


class CaseloadOut(BaseModel):
    today: date
    young_people: list[CaseloadRow]


# --- task templates -------------------------------------------------------------------------


class TaskTemplateFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domain: Domain
    title: Title
    description: Description = ""
    owner: TaskOwner
    due_in_days: int | None = Field(default=None, ge=0, le=3_650)


class TaskTemplatePack(TaskTemplateFields):
    """One entry under `task_templates:` in a content pack."""

    id: PackId
    offer_item: PackId | None = Field(default=None, description="An id under `offer:`.")


class TaskTemplateOut(TaskTemplateFields):
    id: str
    offer_item_id: str | None
    offer_item_title: str | None = Field(description="Null when the item is no longer offered.")


class TemplateList(BaseModel):
    templates: list[TaskTemplateOut] = Field(description="In the council's order.")
