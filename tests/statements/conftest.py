"""People for the "My views" tests: the shared two-council world (tests/people.py), plus
Northdale's participation and IRO teams that its pack's recipients name."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import StaffRole
from harbour.audit.models import AuditEvent
from harbour.statements.models import Statement
from tests.people import SignedIn, World, make_staff, make_team

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
QUEUE = "/api/v1/statements"


@dataclass
class Views:
    world: World
    participation: StaffMember  # in Northdale's "Participation team"
    iro: StaffMember  # in Northdale's "IRO team"
    participation_team: uuid.UUID


@pytest.fixture
def views(world: World, engine: Engine) -> Views:
    participation_team = make_team(engine, world.north, "Participation team")
    iro_team = make_team(engine, world.north, "IRO team")
    return Views(
        world=world,
        participation=make_staff(
            engine, world.north, StaffRole.personal_adviser, "Pat Participation", participation_team
        ),
        iro=make_staff(engine, world.north, StaffRole.personal_adviser, "Ira Reviewer", iro_team),
        participation_team=participation_team,
    )


def push(person: SignedIn, *items: dict[str, Any]) -> list[dict[str, Any]]:
    response = person.client.post(PUSH, json={"items": list(items)})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def stored(engine: Engine) -> dict[uuid.UUID, Statement]:
    with Session(engine) as session:
        rows = session.exec(select(Statement)).all()
        for row in rows:
            session.expunge(row)
        return {row.id: row for row in rows}


def audit_actions(engine: Engine, subject_id: uuid.UUID) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.subject_id == subject_id).order_by(AuditEvent.at)  # type: ignore[arg-type]
        ).all()
        return [row.action for row in rows]


def queue_ids(person: SignedIn, **params: Any) -> list[str]:
    response = person.client.get(QUEUE, params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


AsPerson = Callable[..., SignedIn]
