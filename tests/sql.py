"""The SQL statements a block of test code makes the app run: for tests that a screen or a
pass costs a fixed number of statements, whatever the data (an N+1 shows here)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def statements_run(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run inside the block, as they were sent."""
    run: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        run.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield run
    finally:
        event.remove(engine, "before_cursor_execute", note)


def selects(statements: list[str]) -> list[str]:
    """Only the reads."""
    return [q for q in statements if q.lstrip().upper().startswith("SELECT")]
