"""A serving process's PostgreSQL limits (harbour.db.make_engine with its settings): the pool
sizes, and the server cancelling a statement or ending a transaction left idle too long."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from harbour.config import Settings
from harbour.db import make_engine


@pytest.fixture
def limited(settings: Settings) -> Settings:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's limits (HARBOUR_TEST_DATABASE_URL)")
    return settings.model_copy(
        update={
            "database_pool_size": 3,
            "database_max_overflow": 2,
            "database_statement_timeout_seconds": 0.5,
            "database_idle_in_transaction_timeout_seconds": 0.5,
        }
    )


def test_a_statement_over_the_timeout_is_cancelled(limited: Settings) -> None:
    engine = make_engine(limited.resolved_database_url, limited)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_sleep(0.1), 1")).one()[1] == 1
        with pytest.raises(OperationalError, match="statement timeout"):
            connection.execute(text("SELECT pg_sleep(5)"))
    engine.dispose()


def test_the_limits_are_set_on_each_connection_and_the_pool(limited: Settings) -> None:
    engine = make_engine(limited.resolved_database_url, limited)
    with engine.connect() as connection:
        shown = {
            name: connection.execute(text(f"SHOW {name}")).scalar()
            for name in ("statement_timeout", "idle_in_transaction_session_timeout")
        }
    assert shown == {
        "statement_timeout": "500ms",
        "idle_in_transaction_session_timeout": "500ms",
    }
    assert (engine.pool.size(), engine.pool._max_overflow) == (3, 2)  # type: ignore[attr-defined]
    engine.dispose()


def test_one_off_commands_and_migrations_have_no_statement_timeout(limited: Settings) -> None:
    engine = make_engine(limited.resolved_database_url)  # no limits: `harbour migrate`
    with engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "0"
    engine.dispose()
