"""Migrations are the only way the schema changes: `upgrade head` must equal the models.
On SQLite, migrating (and the running server) also gathers the query planner's statistics."""

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import BigInteger, Engine, Uuid, column, create_engine, table, text
from sqlmodel import SQLModel

from harbour import models_registry  # noqa: F401
from harbour.app import create_app
from harbour.config import Settings
from harbour.db import make_engine
from harbour.migrate import alembic_config, upgrade_to_head
from harbour.statements.models import Statement
from tests.conftest import PACKS, empty_database, load
from tests.people import build_world, make_statement, pull, sign_in_as


def test_upgrade_head_gives_exactly_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)

    assert differences == []


def test_migration_files_sort_in_the_order_they_run() -> None:
    """Named date_time_revision, so `ls migrations/versions` reads as the history does."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    chain = [Path(script.path).name for script in scripts.walk_revisions()][::-1]

    assert chain == sorted(chain)


STATEMENT_INDEXES = {index.name for index in Statement.__table__.indexes}  # type: ignore[attr-defined]


def _statistics(engine: Engine) -> set[str]:
    """The statement indexes SQLite's planner has statistics for."""
    with engine.connect() as connection:
        if not connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first():
            return set()
        rows = connection.exec_driver_sql(
            "SELECT idx FROM sqlite_stat1 WHERE tbl = 'statement'"
        ).all()
    return {idx for (idx,) in rows} & STATEMENT_INDEXES


@pytest.fixture
def sqlite_with_statements(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A migrated SQLite database holding a few statements and no planner statistics."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    command.upgrade(alembic_config(url), "head")  # upgrading alone gathers nothing
    engine = make_engine(url)
    for pack in ("northdale.yaml", "southmere.yaml"):
        load(engine, PACKS / pack)
    world = build_world(engine)
    for person in (world.yp1, world.yp2, world.yp3):
        make_statement(engine, person)
    assert _statistics(engine) == set()
    yield url, engine
    engine.dispose()


def test_migrating_sqlite_gathers_planner_statistics(
    sqlite_with_statements: tuple[str, Engine],
) -> None:
    url, engine = sqlite_with_statements

    upgrade_to_head(url)  # as every deploy runs `harbour migrate`, with or without changes

    assert _statistics(engine) == STATEMENT_INDEXES


def test_the_server_refreshes_sqlite_statistics_when_it_starts(
    sqlite_with_statements: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = sqlite_with_statements
    settings = Settings(database_url=url, data_dir=tmp_path, static_dir=tmp_path / "none")

    with TestClient(create_app(settings, engine)):
        for _ in range(100):  # the refresh runs beside the server, not before it answers
            if _statistics(engine):
                break
            time.sleep(0.05)

    assert _statistics(engine) == STATEMENT_INDEXES


NOTES_ON_TASKS = "75a4192f658f"


def test_staff_who_saved_their_settings_get_notes_on_tasks_as_everyone_else(
    tmp_path: Path,
) -> None:
    """A new staff reminder kind is on by default, also for staff whose stored choices
    predate it; a young person's choices are left alone."""
    url = f"sqlite:///{tmp_path / 'before.db'}"
    config = alembic_config(url)
    command.upgrade(config, f"{NOTES_ON_TASKS}-1")
    engine = create_engine(url)  # SQLite checks no foreign keys here: no tenant needed
    rows = {"staff": ["digest"], "young_person": ["reply"]}
    with engine.begin() as connection:
        for kind, kinds in rows.items():
            connection.execute(
                text(
                    "INSERT INTO reminder_preference (id, tenant_id, person_kind, person_id,"
                    " enabled_kinds, quiet_start, quiet_end, updated_at) VALUES (:id, :id,"
                    " :kind, :id, :kinds, '21:00', '08:00', '2026-12-01 00:00:00')"
                ),
                {"id": uuid.uuid4().hex, "kind": kind, "kinds": json.dumps(kinds)},
            )

    def stored() -> dict[str, list[str]]:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT person_kind, enabled_kinds FROM reminder_preference")
            ).all()
        return {kind: json.loads(kinds) for kind, kinds in found}

    command.upgrade(config, NOTES_ON_TASKS)
    assert stored() == {"staff": ["digest", "task_note"], "young_person": ["reply"]}
    command.downgrade(config, f"{NOTES_ON_TASKS}-1")
    assert stored() == rows
    engine.dispose()


PER_YOUNG_PERSON = "c4e7a1f09d35"
COUNTER = table("change_counter", column("tenant_id", Uuid), column("last", BigInteger))


def _counters(engine: Engine) -> dict[uuid.UUID | None, int]:
    """The counters by young person; None for a council's own (before the upgrade)."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM change_counter")).mappings().all()
    return {_person(row.get("young_person_id")): row["last"] for row in rows}


def _person(stored: object) -> uuid.UUID | None:
    return uuid.UUID(str(stored)) if stored else None  # SQLite keeps a UUID as hex text


def test_a_phones_cursor_from_before_numbers_were_per_young_person_still_works(
    tmp_path: Path,
) -> None:
    """Each young person starts from their council's number (decision 021): the cursor a
    phone kept from its last pull stays valid, nothing it had comes again, and what changes
    next does. Downgrading gives the council the highest of its young people's numbers."""
    with empty_database(tmp_path) as url:
        config = alembic_config(url)
        command.upgrade(config, f"{PER_YOUNG_PERSON}-1")
        engine = make_engine(url)
        for pack in ("northdale.yaml", "southmere.yaml"):
            load(engine, PACKS / pack)
        world = build_world(engine)
        with engine.begin() as connection:
            connection.execute(COUNTER.insert().values(tenant_id=world.north.id, last=57))

        command.upgrade(config, PER_YOUNG_PERSON)
        upgraded = _counters(engine)
        command.upgrade(config, "head")  # the app runs on the schema its models have
        settings = Settings(database_url=url, data_dir=tmp_path, static_dir=tmp_path / "none")
        app = create_app(settings, engine)
        jordan = sign_in_as(app, engine, settings, world.yp1)
        before = pull(jordan, since=57)
        statement = make_statement(engine, world.yp1)
        after = pull(jordan, since=57)
        jordan.client.close()
        command.downgrade(config, f"{PER_YOUNG_PERSON}-1")
        downgraded = _counters(engine)
        engine.dispose()

    northdale = (world.yp1, world.yp2, world.yp3)
    assert upgraded == {person.id: 57 for person in northdale}  # Southmere had no changes
    assert (before["cursor"], before["statements"]) == (57, [])
    assert after["cursor"] == 58
    assert [state["id"] for state in after["statements"]] == [str(statement)]
    assert downgraded == {None: 58}
