"""A sync item kind added the way docs/architecture.md ("Adding a sync item kind") says
(tests/sync/example_kind), registered into an app of its own: pushed exactly once, and
pulled back."""

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.app import SYNC_KINDS, create_app
from harbour.config import Settings
from harbour.reminders.models import ReminderPreference
from harbour.sync.kinds import SyncKinds
from harbour.sync.models import SyncConflict
from tests.people import PUSH, SignedIn, World, just_now, pull, push, sign_in_as
from tests.sync.example_kind import sync as example

# The registration lines: the app's kinds and sections, and the example's.
WITH_EXAMPLE = SyncKinds(
    kinds=[*SYNC_KINDS.kinds.values(), *example.KINDS],
    sections=[*SYNC_KINDS.sections, example.PULL],
)


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine, sync_kinds=WITH_EXAMPLE)


@pytest.fixture
def jordan(app: FastAPI, engine: Engine, settings: Settings, world: World) -> SignedIn:
    return sign_in_as(app, engine, settings, world.yp1)


def settings_item(**body: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "reminder_settings",
        "created_at": just_now(),
        "body": {"quiet_start": "22:00", "quiet_end": "07:30", "kinds": {"health": False}} | body,
    }


def stored_preferences(engine: Engine) -> list[tuple[str, str, list[str]]]:
    with Session(engine) as session:
        rows = session.exec(select(ReminderPreference)).all()
        return [(row.quiet_start, row.quiet_end, row.enabled_kinds) for row in rows]


def test_the_example_kind_is_stored_once_and_pulled_back(jordan: SignedIn, engine: Engine) -> None:
    sent = settings_item()

    assert push(jordan, sent) == [{"id": sent["id"], "status": "accepted", "errors": []}]
    assert push(jordan, sent)[0]["status"] == "duplicate"

    assert stored_preferences(engine) == [("22:00", "07:30", ["plan_review", "reply", "task_due"])]
    assert pull(jordan)["reminder_settings"] == {
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "kinds": {"plan_review": True, "health": False, "task_due": True, "reply": True},
    }


def test_the_example_kind_reusing_an_id_is_a_conflict_never_applied(
    jordan: SignedIn, engine: Engine
) -> None:
    sent = settings_item()
    push(jordan, sent)

    changed = sent | {"body": sent["body"] | {"quiet_start": "23:00"}}

    assert push(jordan, changed)[0]["status"] == "conflict"
    assert stored_preferences(engine)[0][0] == "22:00"
    with Session(engine) as session:
        assert session.exec(select(SyncConflict.kind)).all() == ["reminder_settings"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quiet_start": "25:00"}, "body.quiet_start"),  # read by its body model
        ({"kinds": {"digest": True}}, "body.kinds.digest"),  # refused by the domain's service
    ],
)
def test_a_bad_example_item_is_rejected_naming_the_field(
    jordan: SignedIn, engine: Engine, body: dict[str, Any], field: str
) -> None:
    bad, good = settings_item(**body), settings_item()

    results = push(jordan, bad, good)

    assert results[0]["status"] == "rejected"
    assert [error["field"] for error in results[0]["errors"]] == [field]
    assert results[1]["status"] == "accepted"
    assert len(stored_preferences(engine)) == 1


def test_the_example_kind_needs_a_young_persons_session(app: FastAPI, world: World) -> None:
    with TestClient(app) as phone:
        response = phone.post(PUSH, json={"items": [settings_item()]})

    assert response.status_code == 401


def test_the_apps_own_kinds_do_not_include_the_example(
    settings: Settings, engine: Engine, world: World
) -> None:
    """Registered into the example's app only: the app itself refuses the kind."""
    with TestClient(create_app(settings, engine)) as phone:
        result = phone.post(PUSH, json={"items": [settings_item()]}).json()["results"][0]

    assert result["status"] == "rejected"
    assert [error["field"] for error in result["errors"]] == ["kind"]
