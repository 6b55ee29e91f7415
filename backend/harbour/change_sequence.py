"""Each council's change sequence: the numbers phones pull from (`GET /api/v1/sync/pull`).

Every write a phone may need to see takes the council's next number inside its own
transaction. The counter row stays locked until that transaction commits, so numbers are
handed out in commit order, and the lock also serialises the council's writes to records two
people change (statements, plans, passports): a check made after taking a number cannot race.
"""

import uuid

from sqlalchemy import update
from sqlmodel import Session, col, select

from harbour.db import insert_once
from harbour.sync.models import ChangeCounter


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
