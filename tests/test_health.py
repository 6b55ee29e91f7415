"""The probes: /healthz/live answers while the process runs, whatever the database does;
/healthz/ready answers 200 only while the database answers in time and is migrated."""

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient

from harbour.app import create_app
from harbour.config import Settings
from harbour.migrate import alembic_config


def test_live_and_ready_on_a_migrated_database(client: TestClient) -> None:
    assert client.get("/healthz/live").json() == {"status": "ok"}
    ready = client.get("/healthz/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "reason": None})


def test_the_old_probe_addresses_still_answer(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ready"


def probes(settings: Settings, **changes: object) -> tuple[TestClient, Settings]:
    changed = settings.model_copy(update=changes)
    return TestClient(create_app(changed)), changed


def test_not_ready_while_the_schema_is_behind_the_code(tmp_path: Path, settings: Settings) -> None:
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    command.upgrade(alembic_config(url), "head-1")  # the deploy's `harbour migrate` not yet run
    client, _ = probes(settings, database_url=url)

    ready = client.get("/healthz/ready")

    assert (ready.status_code, ready.json()) == (
        503,
        {"status": "not ready", "reason": "migrations"},
    )
    assert client.get("/healthz/live").status_code == 200


def test_not_ready_on_an_empty_database(tmp_path: Path, settings: Settings) -> None:
    client, _ = probes(settings, database_url=f"sqlite:///{tmp_path / 'empty.db'}")

    assert client.get("/healthz/ready").json() == {"status": "not ready", "reason": "migrations"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens there once the socket closes


def test_not_ready_while_the_database_is_down_and_live_all_the_same(settings: Settings) -> None:
    down = f"postgresql+psycopg://harbour@127.0.0.1:{closed_port()}/harbour"
    client, _ = probes(settings, database_url=down)

    ready = client.get("/healthz/ready")

    assert (ready.status_code, ready.json()) == (503, {"status": "not ready", "reason": "database"})
    assert client.get("/healthz/live").json() == {"status": "ok"}


@pytest.fixture
def silent_database() -> Iterator[str]:
    """A server that takes connections and never answers: a database that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"postgresql+psycopg://harbour@127.0.0.1:{listener.getsockname()[1]}/harbour"


def test_a_database_that_does_not_answer_is_not_ready_after_the_short_timeout(
    settings: Settings, silent_database: str
) -> None:
    client, changed = probes(
        settings,
        database_url=silent_database,
        database_connect_timeout_seconds=60,  # the connection alone would wait a minute
        ready_timeout_seconds=0.5,
    )

    started = time.monotonic()
    ready = client.get("/healthz/ready")

    assert (ready.status_code, ready.json()["reason"]) == (503, "database")
    assert time.monotonic() - started < changed.database_connect_timeout_seconds / 2
