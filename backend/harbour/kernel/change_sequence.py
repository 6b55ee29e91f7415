"""Each council's change sequence: the numbers phones pull from (`GET /api/v1/sync/pull`).

Every write a phone may need to see takes the council's next number inside its own
transaction. The counter row stays locked until that transaction commits, so numbers are
handed out in commit order, and the lock also serialises the council's writes to records two
people change (statements, plans, passports): a check made after taking a number cannot race.
"""

import uuid

from sqlalchemy import BigInteger, Column, update
from sqlmodel import Field, Session, SQLModel, col, select

from harbour.db import insert_once


class ChangeCounter(SQLModel, table=True):
    """One row per council. Every write that a phone may need to pull takes the next number
    with `UPDATE ... SET last = last + 1 RETURNING last` inside its own transaction: the row
    lock makes the numbers' order the order the writes commit in."""

    __tablename__ = "change_counter"

    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True)
    last: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


def next_change(session: Session, tenant_id: uuid.UUID) -> int:
    """The council's next change number, taken inside the caller's transaction."""
    bump = (
        update(ChangeCounter)
        .where(col(ChangeCounter.tenant_id) == tenant_id)
        .values(last=col(ChangeCounter.last) + 1)
        .returning(col(ChangeCounter.last))
    )
    taken = session.execute(bump).scalar()
    if taken is None:  # the council's first change: make its counter, then take from it
        insert_once(session, ChangeCounter, {"tenant_id": tenant_id, "last": 0})
        taken = session.execute(bump).scalar_one()
    return int(taken)


def current_change(session: Session, tenant_id: uuid.UUID) -> int:
    """The last number handed out: every change numbered up to it has committed."""
    return (
        session.exec(select(ChangeCounter.last).where(ChangeCounter.tenant_id == tenant_id)).first()
        or 0
    )
