"""Helpers for the reminder tests: a recording delivery in place of web push (the push
layer's own tests use the fake push service), and reading reminder rows."""

import base64
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.push.schemas import SENT, PushMessage, SendOutcome
from harbour.push.service import Nudge
from harbour.reminders.models import Reminder


@dataclass
class Recorder:
    """Records each push attempt (one per reminder sent to a person's devices); answers
    `answer` for each (default: one device took it)."""

    sent: list[tuple[str, uuid.UUID, PushMessage]] = field(default_factory=list)
    answer: list[SendOutcome] = field(default_factory=lambda: [SENT])

    async def __call__(
        self, _session: Session, nudges: Sequence[Nudge], _deadline: float
    ) -> list[list[SendOutcome]]:
        self.sent += [(n.person_kind, n.person_id, n.message) for n in nudges]
        return [list(self.answer) for _ in nudges]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def reminder_of(message: PushMessage) -> uuid.UUID:
    """The reminder a push was for: its Topic is the reminder id, base64url-encoded."""
    assert message.topic is not None
    return uuid.UUID(bytes=base64.urlsafe_b64decode(message.topic + "=="))


def reminders(engine: Engine, **where: object) -> list[Reminder]:
    with Session(engine) as session:
        query = select(Reminder).order_by(col(Reminder.due_at), col(Reminder.offset_days))
        for name, value in where.items():
            query = query.where(getattr(Reminder, name) == value)
        rows = session.exec(query).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def pending(engine: Engine, **where: object) -> list[tuple[str, str, int]]:
    """(event kind, event date, offset) of pending rows."""
    return [
        (row.event_kind, row.event_date.isoformat(), row.offset_days)
        for row in reminders(engine, status="pending", **where)
    ]
