"""A benchmark's own database: SQLite in the server's data dir, or a fresh PostgreSQL database
on the server HARBOUR_DATABASE_URL names (made for the run, dropped after)."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def bench_database() -> Iterator[str]:
    """'' for SQLite in the server's data dir, or a fresh database on HARBOUR_DATABASE_URL."""
    server = os.environ.get("HARBOUR_DATABASE_URL", "")
    if not server:
        yield ""
        return
    name = f"harbour_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
