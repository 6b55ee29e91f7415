"""Field-level edits to records that two people change, online or offline (ARCHITECTURE §3).

A pathway-plan task or a health passport can be changed by the young person on a phone with no
signal and by their PA at a desk, at the same time. Each change is an edit: the fields it sets
and the version of the record its sender last saw. Edits are applied one at a time in the
order they arrive, field by field:

- a field nobody else changed since that version simply takes the new value, so the young
  person's status change and the PA's due-date change on the same task both survive;
- a field someone else changed since (the sender had not seen it) still takes the new value:
  the later arrival wins, and its history entry keeps the value it replaced, marked
  `replaced_unseen`, so nothing is lost silently.

Every edit is stored once in `field_edit`, under the id its sender made: that row is both the
record's history (who, what, when, from which device) and what makes a resent edit a no-op.
"When" is two times: `acted_at`, the sender's device clock when the person made the change
(a tick made offline at 17:18 says 17:18), and `at`, when it reached the server.
Callers take the young person's next change number first (`change_sequence.next_change`),
which serialises the writes about them, then re-read the record, then call `apply_edit`.
"""

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from pydantic import Field as Described
from sqlalchemy import JSON, BigInteger, Column, DateTime, Index
from sqlmodel import Field, Session, SQLModel

from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import Principal, StaffRole
from harbour.db import UtcDatetime
from harbour.kernel.errors import ApiError
from harbour.kernel.text import first_name
from harbour.kernel.time import utc_now


class RecordKind(StrEnum):
    plan = "plan"
    task = "task"
    passport = "passport"


class FieldEdit(SQLModel, table=True):
    """One edit, as applied: the history of plans, tasks and passports."""

    __tablename__ = "field_edit"
    __table_args__ = (
        Index("ix_field_edit_record", "record_id", "at"),
        Index("ix_field_edit_young_person_seq", "young_person_id", "change_seq"),
    )

    op_id: uuid.UUID = Field(
        primary_key=True, description="Made by the sender; sent once; unique in its council."
    )
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, primary_key=True)
    young_person_id: uuid.UUID = Field(foreign_key="young_person.id")
    record_kind: str = Field(max_length=20)
    record_id: uuid.UUID
    actor_kind: str = Field(max_length=20)
    actor_id: uuid.UUID
    actor_name: str | None = Field(default=None, max_length=120)
    actor_role: str | None = Field(default=None, max_length=30)
    device: str | None = Field(default=None, max_length=60)
    base_version: int
    version: int = Field(description="The record's version after this edit.")
    changes: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    digest: str = Field(max_length=64, description="What was asked, to tell a resend apart.")
    at: datetime = Field(
        default_factory=utc_now,
        sa_column=Column(DateTime(timezone=True), nullable=False),
        description="When it reached the server.",
    )
    acted_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False),
        description="When it was made, by the sender's device clock (checked on arrival).",
    )
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))


class Editable(Protocol):
    """A record edited through this module: its fields are plain attributes."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    young_person_id: uuid.UUID
    version: int
    field_versions: dict[str, int]
    change_seq: int
    updated_at: datetime


@dataclass(frozen=True)
class Edit:
    """What a sender asks: set these fields, having last seen `base_version`. `values` are
    already checked by the record's own rules. `acted_at` is when a phone made it (its sync
    item's checked `created_at`); None for a change made online, which acts as it arrives."""

    op_id: uuid.UUID
    base_version: int
    values: Mapping[str, Any]
    acted_at: datetime | None = None


@dataclass(frozen=True)
class Actor:
    kind: str  # "young_person" or "staff"
    id: uuid.UUID
    name: str | None = None  # staff only: the first word of their display name
    role: str | None = None
    device: str | None = None

    def columns(self, prefix: str) -> dict[str, Any]:
        """Who acted, as a row keeps them: `<prefix>_kind`, `_id`, `_name`, `_role`, `device`
        (the history's actor, a note's author)."""
        return {
            f"{prefix}_kind": self.kind,
            f"{prefix}_id": self.id,
            f"{prefix}_name": self.name,
            f"{prefix}_role": self.role,
            "device": self.device,
        }


STAFF, YOUNG_PERSON = "staff", "young_person"


def staff_actor(staff: StaffMember, device: str | None = None) -> Actor:
    return Actor(STAFF, staff.id, first_name(staff.display_name), staff.role, device)


def actor_for(session: Session, who: Principal, device: str | None = None) -> Actor:
    """How history names someone: staff by first name and role, the young person by kind
    only (their phone says "You")."""
    if not who.is_staff:
        return Actor(YOUNG_PERSON, who.id, device=device)
    staff = session.get(StaffMember, who.id)
    assert staff is not None  # their session was checked moments ago
    return staff_actor(staff, device)


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any
    replaced_unseen: bool


def as_json(value: Any) -> Any:
    """Values as history keeps them: dates as YYYY-MM-DD, everything else as it is."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def merge(
    current: Mapping[str, Any], field_versions: Mapping[str, int], edit: Edit
) -> list[Change]:
    """The changes `edit` makes to a record holding `current`, in field order. Pure: the
    rules in one place, tested on their own."""
    return [
        Change(
            field=name,
            before=as_json(current[name]),
            after=as_json(value),
            replaced_unseen=field_versions.get(name, 0) > edit.base_version,
        )
        for name, value in sorted(edit.values.items())
        if as_json(value) != as_json(current[name])
    ]


def digest_of(kind: RecordKind, record_id: uuid.UUID, actor: Actor, edit: Edit) -> str:
    content = {
        "record": [kind.value, str(record_id)],
        "actor": str(actor.id),
        "base_version": edit.base_version,
        "set": {name: as_json(value) for name, value in edit.values.items()},
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def earlier_result(
    session: Session,
    tenant_id: uuid.UUID,
    kind: RecordKind,
    record_id: uuid.UUID,
    actor: Actor,
    edit: Edit,
) -> FieldEdit | None:
    """The stored edit when this op id was applied before with the same content; None when
    it is new in this council. The same id with other content is a 409: an id is never
    reused within a council (another council's id is a fresh one: decision 012)."""
    stored = session.get(FieldEdit, {"op_id": edit.op_id, "tenant_id": tenant_id})
    if stored is None:
        return None
    if stored.digest != digest_of(kind, record_id, actor, edit):
        raise ApiError(409, "conflict", "That change id was already used for another change.")
    return stored


def apply_edit(
    session: Session,
    record: Editable,
    kind: RecordKind,
    actor: Actor,
    edit: Edit,
    change_seq: int,
) -> FieldEdit:
    """Apply `edit` to `record` (already re-read after taking `change_seq`) and write its
    history row. A resend of an applied edit returns the stored row and changes nothing."""
    stored = earlier_result(session, record.tenant_id, kind, record.id, actor, edit)
    if stored is not None:
        return stored
    current = {name: getattr(record, name) for name in edit.values}
    changes = merge(current, record.field_versions, edit)
    if changes:
        record.version += 1
        versions = dict(record.field_versions)
        for change in changes:
            setattr(record, change.field, edit.values[change.field])
            versions[change.field] = record.version
        record.field_versions = versions
        record.change_seq, record.updated_at = change_seq, utc_now()
        session.add(record)
    return write_history(session, record, kind, actor, edit, changes, change_seq)


def write_history(
    session: Session,
    record: Editable,
    kind: RecordKind,
    actor: Actor,
    edit: Edit,
    changes: list[Change],
    change_seq: int,
) -> FieldEdit:
    """The history row of one edit, at the record's version now. Also for changes that are
    not field values, such as a note added to a task (`Change("note", None, <note id>,
    False)`)."""
    arrived = utc_now()
    row = FieldEdit(
        op_id=edit.op_id,
        tenant_id=record.tenant_id,
        young_person_id=record.young_person_id,
        record_kind=kind.value,
        record_id=record.id,
        **actor.columns("actor"),
        base_version=edit.base_version,
        version=record.version,
        changes=[change.__dict__ for change in changes],
        digest=digest_of(kind, record.id, actor, edit),
        at=arrived,
        acted_at=edit.acted_at or arrived,
        change_seq=change_seq,
    )
    session.add(row)
    return row


# --- history, as the API shows it -------------------------------------------------------------


class EditorRef(BaseModel):
    kind: Literal["young_person", "staff"]
    name: str | None = Described(
        description="Staff: the first word of their name. The young person: their preferred "
        'name for staff; null on their own phone (it says "You").'
    )
    role: StaffRole | None = Described(description="Staff: their role.")


class ChangeOut(BaseModel):
    field: str
    before: Any
    after: Any
    replaced_unseen: bool = Described(
        description="The value replaced was set by someone else after the version the sender "
        "saw: it is kept here so it is not lost silently."
    )


class FieldEditOut(BaseModel):
    op_id: uuid.UUID
    at: UtcDatetime = Described(description="When it reached the server.")
    acted_at: UtcDatetime = Described(
        description="When the person made it, by their device's clock: a change made offline "
        "is older than `at`. The same as `at` for a change made online."
    )
    by: EditorRef
    device: str | None
    record: RecordKind
    record_id: uuid.UUID
    changes: list[ChangeOut] = Described(
        description="A note added shows as field `note`, from null to the note's id."
    )


class HistoryOut(BaseModel):
    history: list[FieldEditOut] = Described(description="Oldest first.")


def editor_ref(
    kind: str, name: str | None, role: str | None, young_person_name: str | None = None
) -> EditorRef:
    """Who made a change or wrote a note. Staff by the first name kept with the change; the
    young person by `young_person_name`: their preferred name now, for staff who see their
    record, and None on their own phone (which says "You")."""
    if kind == STAFF:
        return EditorRef(kind="staff", name=name, role=role)
    return EditorRef(kind="young_person", name=young_person_name, role=None)


def changes_out(row: FieldEdit) -> list[ChangeOut]:
    return [ChangeOut.model_validate(change) for change in row.changes]


def history_out(row: FieldEdit, young_person_name: str | None = None) -> FieldEditOut:
    """One history entry; `young_person_name` as `editor_ref` takes it."""
    return FieldEditOut(
        op_id=row.op_id,
        at=row.at,
        acted_at=row.acted_at,
        by=editor_ref(row.actor_kind, row.actor_name, row.actor_role, young_person_name),
        device=row.device,
        record=RecordKind(row.record_kind),
        record_id=row.record_id,
        changes=changes_out(row),
    )
