"""A council's pledge (its promises, grouped by theme) and young people's answers to it."""

import uuid
from datetime import datetime

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from harbour.editing.models import Editable
from harbour.kernel.time import utc_now


class Pledge(SQLModel, table=True):
    __tablename__ = "pledge"

    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    introduction: str = Field(sa_column=Column(Text, nullable=False))


class PledgeTheme(Editable, table=True):
    __tablename__ = "pledge_theme"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    title: str = Field(max_length=80)
    position: int


class PledgePromise(Editable, table=True):
    __tablename__ = "pledge_promise"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    theme_id: uuid.UUID = Field(foreign_key="pledge_theme.id", index=True)
    text: str = Field(max_length=400)
    position: int
    safety: bool = Field(default=False, description="Set by the pack, not by editors.")


class PledgeAnswer(SQLModel, table=True):
    """One "Is this happening for you?" answer. Its id was made on the phone.

    `promise_key` is not a foreign key on purpose: a promise may leave a later content pack,
    and the answers given to it still count in the history.
    """

    __tablename__ = "pledge_answer"

    id: uuid.UUID = Field(primary_key=True, description="Unique within its council.")
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, primary_key=True)
    promise_key: str = Field(max_length=60, index=True)
    respondent: uuid.UUID = Field(description="Random per phone; says nothing about who.")
    answer: str = Field(max_length=10)
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    answered_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    received_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
