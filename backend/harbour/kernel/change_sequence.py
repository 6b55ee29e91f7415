"""Each young person's change numbers: what their phone pulls by (`GET /api/v1/sync/pull`).

Everything a phone pulls is about one young person (their statements, replies, plan, tasks,
history, passport). Every write of such a row takes that young person's next number inside
its own transaction and stamps the rows it changes with it. Their counter row stays locked
until that transaction ends, so:

- a young person's numbers are handed out in the order their changes commit: once number N
  is committed, every smaller one of theirs has committed too (a pull reads the counter
  first, then the rows numbered up to it, and never misses one committed late);
- no other change about them can land between taking a number and the commit, so a check
  made after taking it (is it read yet? who holds it?) cannot race;
- changes about different young people never wait for each other: a council's phones sync
  in parallel (decision 021; decision 005 had one counter, one lock, per council).
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Column, ColumnElement, and_, update
from sqlmodel import Field, Session, SQLModel, col, select

from harbour.db import insert_once


class ChangeCounter(SQLModel, table=True):
    """One row per young person with a change, holding the last number handed out. Taken
    with `UPDATE ... SET last = last + 1 RETURNING last` inside the writing transaction."""

    __tablename__ = "change_counter"

    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    young_person_id: uuid.UUID = Field(foreign_key="young_person.id", primary_key=True)
    last: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


def _theirs(tenant_id: uuid.UUID, young_person_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        col(ChangeCounter.tenant_id) == tenant_id,
        col(ChangeCounter.young_person_id) == young_person_id,
    )


def next_change(session: Session, tenant_id: uuid.UUID, young_person_id: uuid.UUID) -> int:
    """The young person's next change number, taken inside the caller's transaction, which
    holds their counter's row lock until it ends. Take it before reading what the change
    builds on."""
    bump = (
        update(ChangeCounter)
        .where(_theirs(tenant_id, young_person_id))
        .values(last=col(ChangeCounter.last) + 1)
        .returning(col(ChangeCounter.last))
    )
    taken = session.execute(bump).scalar()
    if taken is None:  # their first change: make their counter, then take from it
        counter = {"tenant_id": tenant_id, "young_person_id": young_person_id, "last": 0}
        insert_once(session, ChangeCounter, counter)
        taken = session.execute(bump).scalar_one()
    return int(taken)


def current_change(session: Session, tenant_id: uuid.UUID, young_person_id: uuid.UUID) -> int:
    """Their last number handed out and committed: every change of theirs numbered up to it
    has committed, and any change still running has a higher one."""
    last = session.exec(
        select(ChangeCounter.last).where(_theirs(tenant_id, young_person_id))
    ).first()
    return last or 0


@dataclass(frozen=True)
class ChangeWindow:
    """The numbers one pull covers: after `since` (the phone's cursor), up to `upto` (the
    counter, read before the rows). Consecutive pulls' windows meet end to end, so each
    version of a row is sent once: in the window holding the number it was stamped with."""

    since: int
    upto: int

    @property
    def is_empty(self) -> bool:
        """Nothing of theirs changed after the cursor: their counter still equals it."""
        return self.since == self.upto

    def holds(self, number: int) -> bool:
        return self.since < number <= self.upto

    def of(self, number: Any) -> ColumnElement[bool]:
        """The rows whose change number column `number` falls in the window. Rows numbered
        above `upto` committed after the counter was read: the next window has them."""
        return and_(col(number) > self.since, col(number) <= self.upto)


def moved_since(
    session: Session, tenant_id: uuid.UUID, seen: Mapping[uuid.UUID, int]
) -> dict[uuid.UUID, ChangeWindow]:
    """The council's young people whose numbers moved past `seen` (-1 for one never seen),
    each with the window of numbers they moved through."""
    counters = session.exec(
        select(ChangeCounter.young_person_id, ChangeCounter.last).where(
            ChangeCounter.tenant_id == tenant_id
        )
    ).all()
    return {
        person: ChangeWindow(seen.get(person, -1), last)
        for person, last in counters
        if last > seen.get(person, -1)
    }
