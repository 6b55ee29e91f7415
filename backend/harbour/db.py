"""Database engine and per-request session: embedded SQLite by default, PostgreSQL by URL."""

import asyncio
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Protocol, cast
from weakref import WeakKeyDictionary

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AfterValidator
from sqlalchemy import CursorResult, Engine, Executable, MetaData, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlmodel import Field, Session, SQLModel, create_engine

# Named constraints, so Alembic's SQLite batch mode can find them again later.
SQLModel.metadata.naming_convention = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
).naming_convention


class CouncilOwned(SQLModel):
    """The columns most tables start with: a row's own id and the council it belongs to
    (every query of such a table is scoped to the council: `harbour.tenancy`)."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# This request's SQL statements, counted for its log line (a screen's cost in statements is
# one of issue 15's figures: bench/screens.py). A list, so the threads a request hands its work
# to (which get a copy of its context) add to the same count.
_statements: ContextVar[list[int] | None] = ContextVar("sql_statements", default=None)


def count_statements() -> list[int]:
    """Starts counting the SQL statements run for the current request; [count]."""
    counter = [0]
    _statements.set(counter)
    return counter


def _count_statement(*_args: Any) -> None:
    counter = _statements.get()
    if counter is not None:
        counter[0] += 1


# Without a serving process's settings (SQLite files, one-off commands): 10 connections kept
# open, 10 more when busy. Requests are admitted to the database only as many at once as the
# pool may hold (`get_session`).
POOL_SIZE, MAX_OVERFLOW = 10, 10
CONNECTIONS = POOL_SIZE + MAX_OVERFLOW
_connections: WeakKeyDictionary[Engine, int] = WeakKeyDictionary()


class PoolSettings(Protocol):
    """The serving processes' limits on PostgreSQL (harbour.config.Settings has them)."""

    @property
    def database_pool_size(self) -> int: ...
    @property
    def database_max_overflow(self) -> int: ...
    @property
    def database_pool_timeout_seconds(self) -> float: ...
    @property
    def database_connect_timeout_seconds(self) -> int: ...
    @property
    def database_statement_timeout_seconds(self) -> float: ...
    @property
    def database_idle_in_transaction_timeout_seconds(self) -> float: ...


def _postgresql_options(limits: PoolSettings | None) -> dict[str, Any]:
    """Pool sizes and the server-side timeouts, set on every new connection. Without limits
    (migrations, one-off commands) SQLAlchemy's defaults and no timeouts: a migration may
    rightly run one long statement."""
    if limits is None:
        return {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
    milliseconds = {
        "statement_timeout": limits.database_statement_timeout_seconds,
        "idle_in_transaction_session_timeout": limits.database_idle_in_transaction_timeout_seconds,
    }
    options = " ".join(f"-c {name}={round(s * 1000)}" for name, s in milliseconds.items())
    return {
        "pool_size": limits.database_pool_size,
        "max_overflow": limits.database_max_overflow,
        "pool_timeout": limits.database_pool_timeout_seconds,
        "connect_args": {
            "connect_timeout": limits.database_connect_timeout_seconds,
            "options": options,
        },
    }


def make_engine(url: str, limits: PoolSettings | None = None) -> Engine:
    """`limits`: a serving process's pool and timeouts on PostgreSQL (its settings)."""
    # hide_parameters: an error's message never carries the values a statement was given.
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        in_a_file = bool(parsed.database) and parsed.database != ":memory:"
        if in_a_file:
            Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
        pool = {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 10},
            hide_parameters=True,
            **(pool if in_a_file else {}),  # in memory: one connection per thread, no pool
        )
        event.listen(engine, "connect", _tune_sqlite)
        _connections[engine] = CONNECTIONS
    else:
        options = _postgresql_options(limits)
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, **options)
        _connections[engine] = options["pool_size"] + options["max_overflow"]
    event.listen(engine, "before_cursor_execute", _count_statement)
    return engine


# From 3.46, PRAGMA optimize=0x10002 checks every table and re-analyzes those that changed
# a lot (in full: without the 0x10 bit it sets no analysis limit). Before, it looks only at
# tables this connection has queried, so on a new connection it would do nothing.
_OPTIMIZE_CHECKS_ALL_TABLES = (3, 46, 0)


def analyze_sqlite(engine: Engine) -> None:
    """Full planner statistics after migrating. SQLite never gathers them by itself, and
    without them the triage queue is about 5x slower. PostgreSQL's autovacuum does this."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def refresh_sqlite_statistics(engine: Engine) -> None:
    """Refresh while serving, for tables that have grown since: PRAGMA optimize where it
    checks every table, a full ANALYZE on older SQLite (about 40 ms for 100,000 statements).
    Never a sampled ANALYZE (analysis_limit): with one council's rows sharing the leading
    column, its estimates made the planner pick the wrong index and the queue 5x slower."""
    if engine.dialect.name != "sqlite":
        return
    if sqlite3.sqlite_version_info < _OPTIMIZE_CHECKS_ALL_TABLES:
        analyze_sqlite(engine)
    else:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA optimize=0x10002")
            connection.commit()
    # Other open connections keep the statistics they loaded when they opened (SQLite
    # rereads them only on a schema change), so start the pool afresh.
    engine.dispose()


# One admission limit per event loop (uvicorn runs one; each of the tests' clients its own),
# as many as the engine's pool may hold.
_admissions: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()


def _admission(engine: Engine) -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _admissions:
        _admissions[loop] = asyncio.Semaphore(_connections.get(engine, CONNECTIONS))
    return _admissions[loop]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's Session, once fewer requests hold one than the pool has connections.

    A request keeps its connection from its first query until it ends, across the worker
    threads its dependencies and route run on one after another. Admitted without a limit,
    more requests than connections left every worker thread waiting for a connection while
    the requests holding them waited for a thread: with 100 phones syncing at once the
    server stood still until the pool's timeout, then answered 500. Waiting here, in the
    event loop, holds neither."""
    engine = request.app.state.engine
    async with _admission(engine):
        session = Session(engine)
        try:
            yield session
        finally:  # closing ends the transaction on the connection: a round trip, off the loop
            await run_in_threadpool(session.close)


SessionDep = Annotated[Session, Depends(get_session)]


def _dialect(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def insert_once(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when this call stored the row.

    The database's unique key, not a check in Python, is what makes a write happen once.
    """
    table = model.__table__  # type: ignore[attr-defined]
    statement = (
        _dialect(session)
        .insert(table)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(*table.primary_key)
    )
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT through SQLAlchemy.
    return session.execute(statement).first() is not None


def insert_or_count(
    session: Session,
    model: type[SQLModel],
    values: dict[str, Any],
    key: list[str],
    counted: str,
    refreshed: dict[str, Any],
) -> None:
    """INSERT, or when a row with the same `key` (a unique key) exists, add one to its
    `counted` column and set `refreshed`: one statement, so concurrent senders never make
    a second row nor lose a count."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = _dialect(session).insert(table).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=key, set_={counted: table.c[counted] + 1, **refreshed}
        )
    )


def rows_changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and say how many rows it changed: the way to do
    compare-and-set in one statement, so two processes cannot both win."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def as_utc(value: datetime) -> datetime:
    """SQLite hands back timestamps without their zone; every one we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# For API shapes read from rows: always a UTC timestamp, on SQLite as on PostgreSQL.
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
