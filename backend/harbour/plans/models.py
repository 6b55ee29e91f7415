"""Pathway plans: one plan per young person, its tasks and their notes, and each council's
task templates (from its content pack)."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, SQLModel

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


def _timestamp(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


def _date() -> Any:
    return Column(Date, nullable=True)


def _versions() -> Any:
    return Column(JSON, nullable=False)


class Plan(CouncilOwned, table=True):
    """A young person's pathway plan: its review date; its tasks hang off it. Made by the
    first change to it, or the first task added."""

    __tablename__ = "plan"
    # The PAs' morning digest: a council's plans with a review due soon (reminders.service).
    __table_args__ = (Index("ix_plan_review_due", "tenant_id", "review_due"),)

    young_person_id: uuid.UUID = Field(foreign_key="young_person.id", unique=True)
    review_due: date | None = Field(default=None, sa_column=_date())
    version: int = Field(default=0, description="0 until the plan itself is first changed.")
    field_versions: dict[str, int] = Field(default_factory=dict, sa_column=_versions())
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class PlanTask(SQLModel, table=True):
    """One task, stored under the id the phone or browser made: unique within its council
    (decision 012), so another council's id is as good as a fresh one."""

    __tablename__ = "plan_task"
    __table_args__ = (
        Index("ix_plan_task_plan", "plan_id", "due_on"),
        # A young person's pull, and the caseload's counts per young person.
        Index("ix_plan_task_young_person_seq", "young_person_id", "change_seq"),
        # The PAs' morning digest: a council's open tasks past their due date.
        Index("ix_plan_task_due", "tenant_id", "status", "due_on"),
    )

    id: uuid.UUID = Field(primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, primary_key=True)
    plan_id: uuid.UUID = Field(foreign_key="plan.id")
    young_person_id: uuid.UUID = Field(foreign_key="young_person.id")
    title: str = Field(max_length=120)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    domain: str = Field(max_length=20)
    owner: str = Field(max_length=20)
    owner_name: str | None = Field(default=None, max_length=80)
    due_on: date | None = Field(default=None, sa_column=_date())
    status: str = Field(default="to_do", max_length=20)
    offer_item_id: str | None = Field(default=None, max_length=60, description="A pack id.")
    template_id: str | None = Field(default=None, max_length=60, description="A pack id.")
    created_by_kind: str = Field(max_length=20)
    created_by_id: uuid.UUID
    body_sha256: str = Field(max_length=64, description="What was asked, to tell a resend apart.")
    done_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    version: int = 1
    field_versions: dict[str, int] = Field(default_factory=dict, sa_column=_versions())
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class TaskNote(SQLModel, table=True):
    """A note on a task, by the young person or staff; both see it. Never changed."""

    __tablename__ = "task_note"
    __table_args__ = (
        ForeignKeyConstraint(["task_id", "tenant_id"], ["plan_task.id", "plan_task.tenant_id"]),
    )

    id: uuid.UUID = Field(primary_key=True)
    task_id: uuid.UUID = Field(index=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, primary_key=True)
    author_kind: str = Field(max_length=20)
    author_id: uuid.UUID
    author_name: str | None = Field(default=None, max_length=120)
    author_role: str | None = Field(default=None, max_length=30)
    text: str = Field(sa_column=Column(Text, nullable=False))
    device: str | None = Field(default=None, max_length=60)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    change_seq: int = Field(sa_column=Column(BigInteger, nullable=False))


class TaskTemplate(SQLModel, table=True):
    """A ready-made task from the council's content pack, replaced whole at each load."""

    __tablename__ = "task_template"

    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    id: str = Field(primary_key=True, max_length=60, description="The template's pack id.")
    position: int
    domain: str = Field(max_length=20)
    title: str = Field(max_length=120)
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner: str = Field(max_length=20)
    due_in_days: int | None = None
    offer_item_id: str | None = Field(default=None, max_length=60)
