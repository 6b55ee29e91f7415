"""Helpers for the health passport tests: pushing edits from the young person's phone,
pulling them back, and the staff routes' addresses."""

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.audit.models import AuditEvent
from tests.people import SignedIn

AsPerson = Callable[..., SignedIn]


def passport_url(young_person_id: uuid.UUID, part: str = "") -> str:
    return f"/api/v1/young-people/{young_person_id}/passport{part}"


def audit_actions(engine: Engine, subject_id: uuid.UUID) -> list[tuple[str, str]]:
    """(action, actor kind) of the audit rows about one young person, oldest first."""
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_id == subject_id)
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        ).all()
        return [(row.action, row.actor_kind) for row in rows]


def without_request_id(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != "request_id"}
