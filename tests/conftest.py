"""Fixtures for the API tests. They run on SQLite, and on PostgreSQL when
HARBOUR_TEST_DATABASE_URL names a server (the tests make and drop their own database)."""

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, select

from harbour import models_registry  # noqa: F401  (every table)
from harbour.accounts.models import StaffMember, YoungPerson
from harbour.app import create_app
from harbour.config import Settings
from harbour.content import load_pack
from harbour.db import make_engine
from harbour.migrate import upgrade_to_head
from harbour.subscriptions import subscribe_all
from harbour.tenants.models import Tenant
from tests import people

PACKS = Path(__file__).parent / "packs"

# CI runs a fixed set of generated examples, so a submission lands or not on its own merits;
# local runs keep exploring new examples each time.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


@contextmanager
def empty_database(directory: Path) -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file in `directory`, or on the PostgreSQL
    server HARBOUR_TEST_DATABASE_URL names (dropped afterwards)."""
    server = os.environ.get("HARBOUR_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{directory / 'harbour-test.db'}"
        return
    name = f"harbour_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def _domain_event_handlers() -> None:
    """Tests that call services without an app publish events too (see harbour.kernel.events)."""
    subscribe_all()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with empty_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    upgrade_to_head(database_url)  # the schema comes from the migrations, as in production
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "engine" in request.fixturenames:
        engine: Engine = request.getfixturevalue("engine")
        with engine.begin() as connection:
            for table in reversed(SQLModel.metadata.sorted_tables):
                connection.execute(table.delete())


def settings_for(database_url: str, data_dir: Path) -> Settings:
    """A test's settings: this database, keys made in `data_dir`, no front end."""
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        static_dir=data_dir / "no-frontend",
        content_dir=PACKS,
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return settings_for(database_url, tmp_path)


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def load(engine: Engine, path: Path) -> None:
    with Session(engine) as session:
        load_pack(session, path)


@pytest.fixture
def northdale(engine: Engine) -> Tenant:
    load(engine, PACKS / "northdale.yaml")
    with Session(engine) as session:
        council = session.exec(select(Tenant).where(Tenant.slug == "northdale")).one()
        session.expunge(council)
        return council


@pytest.fixture
def two_councils(engine: Engine, northdale: Tenant) -> None:
    load(engine, PACKS / "southmere.yaml")


@pytest.fixture
def world(engine: Engine, two_councils: None) -> people.World:
    """Staff and young people in two councils (see tests/people.py)."""
    return people.build_world(engine)


@pytest.fixture
def as_person(app: FastAPI, engine: Engine, settings: Settings) -> Callable[..., people.SignedIn]:
    """`as_person(world.pa1)`: a client signed in as that person."""

    def sign_in(person: StaffMember | YoungPerson, **kwargs: str) -> people.SignedIn:
        return people.sign_in_as(app, engine, settings, person, **kwargs)

    return sign_in


@pytest.fixture
def pa(world: people.World, as_person: Callable[..., people.SignedIn]) -> people.SignedIn:
    """Asha (world.pa1), Northdale's first PA, signed in."""
    return as_person(world.pa1)


@pytest.fixture
def jordan(world: people.World, as_person: Callable[..., people.SignedIn]) -> people.SignedIn:
    """Jordan (world.yp1), on Asha's caseload, signed in."""
    return as_person(world.yp1)
