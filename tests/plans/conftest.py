"""Helpers for the pathway-plan tests: the shared two-council world (tests/people.py), staff
calls to the plan routes and the young person's pushes and pulls."""

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.audit.models import AuditEvent
from tests.people import SignedIn, just_now

AsPerson = Callable[..., SignedIn]


def plan_url(young_person_id: uuid.UUID, rest: str = "") -> str:
    return f"/api/v1/young-people/{young_person_id}/plan{rest}"


def task_body(**fields: Any) -> dict[str, Any]:
    """A task as the PA's browser sends it, with a new id."""
    return {
        "id": str(uuid.uuid4()),
        "title": "Open a bank account",
        "domain": "money",
        "owner": "young_person",
    } | fields


def add_task(staff: SignedIn, young_person_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    response = staff.client.post(plan_url(young_person_id, "/tasks"), json=task_body(**fields))
    assert response.status_code == 201, response.text
    task: dict[str, Any] = response.json()
    return task


def edit_task(
    staff: SignedIn,
    young_person_id: uuid.UUID,
    task_id: str,
    base_version: int,
    op_id: str | None = None,
    **changes: Any,
) -> Any:
    body = {"op_id": op_id or str(uuid.uuid4()), "base_version": base_version, "set": changes}
    return staff.client.post(plan_url(young_person_id, f"/tasks/{task_id}/edits"), json=body)


def item(kind: str, body: dict[str, Any], item_id: str | None = None) -> dict[str, Any]:
    return {
        "id": item_id or str(uuid.uuid4()),
        "kind": kind,
        "created_at": just_now(),
        "body": body,
    }


def field_errors(response: Any) -> set[str]:
    return {f["field"] for f in response.json()["error"]["fields"]}


def audit_rows(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.at))
        ).all()
        for row in rows:
            session.expunge(row)
        return list(rows)
