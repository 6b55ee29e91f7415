"""Helpers for the health passport tests: pushing edits from the young person's phone,
pulling them back, and the staff routes' addresses."""

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.audit.models import AuditEvent
from tests.people import SignedIn

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"

AsPerson = Callable[..., SignedIn]


def passport_url(young_person_id: uuid.UUID, part: str = "") -> str:
    return f"/api/v1/young-people/{young_person_id}/passport{part}"


def push(person: SignedIn, *items: dict[str, Any]) -> list[dict[str, Any]]:
    response = person.client.post(PUSH, json={"items": list(items)})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def pull(person: SignedIn, since: int = 0) -> dict[str, Any]:
    response = person.client.get(PULL, params={"since": since})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


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
