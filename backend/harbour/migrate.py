"""Schema migrations (Alembic), run by `harbour migrate` and checked by /healthz/ready."""

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from harbour.config import PROJECT_ROOT
from harbour.db import analyze_sqlite, make_engine


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str) -> None:
    """Upgrade, then gather SQLite's planner statistics (every deploy runs this)."""
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    analyze_sqlite(engine)
    engine.dispose()


@cache
def head_revision() -> str | None:
    """The newest migration in this code (read once: the scripts do not change while it runs)."""
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def schema_is_current(engine: Engine) -> bool:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head_revision()
