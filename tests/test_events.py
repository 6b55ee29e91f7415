"""Domain events (harbour.kernel.events): handlers run in the publisher's transaction, an event
nobody handles is an error, every entry point registers the handlers, and the publishing
domains import none of the domains that act on their events."""

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

import harbour
from harbour import cli
from harbour.app import create_app
from harbour.cli import commands
from harbour.config import Settings
from harbour.kernel import events
from harbour.kernel.events import Bus, Event, Unhandled
from harbour.subscriptions import subscribe_all

PACKAGE = Path(harbour.__file__).parent


@dataclass(frozen=True)
class Happened(Event):
    what: str


@dataclass(frozen=True)
class NobodyCares(Event):
    pass


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Engine]:
    """A database of its own, with one table for both the publisher's and the handler's rows."""
    engine = create_engine(f"sqlite:///{tmp_path / 'events.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE written (what TEXT NOT NULL)"))
    yield engine
    engine.dispose()


def _write(session: Session, what: str) -> None:
    session.execute(text("INSERT INTO written (what) VALUES (:what)"), {"what": what})


def _written(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT what FROM written ORDER BY what")).scalars())


def _effect(session: Session, event: Happened) -> None:
    _write(session, f"effect of {event.what}")


def test_a_handler_writes_in_the_publishers_transaction_and_commits_with_it(
    scratch: Engine,
) -> None:
    bus = Bus()
    bus.subscribe(Happened, _effect)
    with Session(scratch) as session:
        _write(session, "change")
        bus.publish(session, Happened("change"))
        assert _written(scratch) == []  # nothing committed yet: the handler did not commit
        session.commit()

    assert _written(scratch) == ["change", "effect of change"]


def test_a_rollback_undoes_the_handlers_writes(scratch: Engine) -> None:
    bus = Bus()
    bus.subscribe(Happened, _effect)
    with Session(scratch) as session:
        _write(session, "change")
        bus.publish(session, Happened("change"))
        session.rollback()

    assert _written(scratch) == []


def test_a_failing_handler_fails_the_publisher_and_nothing_lands(scratch: Engine) -> None:
    def refuse(session: Session, event: Happened) -> None:
        raise RuntimeError("handler failed")

    bus = Bus()
    bus.subscribe(Happened, _effect)
    bus.subscribe(Happened, refuse)
    with Session(scratch) as session:  # closed without a commit: the publisher failed
        _write(session, "change")
        with pytest.raises(RuntimeError, match="handler failed"):
            bus.publish(session, Happened("change"))

    assert _written(scratch) == []


def test_an_event_nobody_handles_is_an_error(scratch: Engine) -> None:
    bus = Bus()
    bus.subscribe(Happened, _effect)
    with Session(scratch) as session, pytest.raises(Unhandled, match="NobodyCares"):
        bus.publish(session, NobodyCares())


def test_handlers_run_once_each_in_the_order_they_were_registered(scratch: Engine) -> None:
    calls: list[str] = []

    def first(session: Session, event: Happened) -> None:
        calls.append(f"first {event.what}")

    def second(session: Session, event: Happened) -> None:
        calls.append(f"second {event.what}")

    bus = Bus()
    for handler in (first, second, first, second):  # registering again changes nothing
        bus.subscribe(Happened, handler)
    with Session(scratch) as session:
        bus.publish(session, Happened("x"))

    assert calls == ["first x", "second x"]


# --- registration at every entry point ------------------------------------------------------


def _domain_events() -> set[type[Event]]:
    subscribe_all()  # imports every publisher's events module
    return {kind for kind in Event.__subclasses__() if kind.__module__.startswith("harbour.")}


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[type[Event]]:
    """The event types registered from now on, on a bus of the test's own."""
    kinds: list[type[Event]] = []
    bus = Bus()

    def subscribe(kind: type[Event], handler: Callable[[Session, Any], None]) -> None:
        kinds.append(kind)
        bus.subscribe(kind, handler)

    monkeypatch.setattr(events, "subscribe", subscribe)
    return kinds


def test_every_domain_event_has_a_handler() -> None:
    found = _domain_events()
    assert len(found) >= 8  # plans, health, statements and accounts each publish

    kinds: list[type[Event]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(events, "subscribe", lambda kind, _handler: kinds.append(kind))
        subscribe_all()
    assert set(kinds) == found


def test_the_web_app_registers_the_handlers(
    recorded: list[type[Event]], settings: Settings, engine: Engine
) -> None:
    app: FastAPI = create_app(settings, engine)

    assert app.state.engine is engine
    assert set(recorded) == _domain_events()


def test_the_cli_registers_the_handlers_for_every_command(
    recorded: list[type[Event]], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "get_settings", lambda: settings)

    assert cli.main(["worker", "--once"]) == 0
    assert set(recorded) == _domain_events()


# --- imports run one way --------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """Every module a file imports, `from harbour import x` counted as `harbour.x`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _imported_by(*parts: str) -> set[str]:
    target = PACKAGE.joinpath(*parts)
    files = sorted(target.glob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
    assert files, target
    return set().union(*(_imports(path) for path in files))


def _under(modules: set[str], package: str) -> set[str]:
    return {name for name in modules if name == package or name.startswith(package + ".")}


@pytest.mark.parametrize("domain", ["plans", "health", "statements", "accounts"])
def test_a_publishing_domain_does_not_import_reminders(domain: str) -> None:
    assert _under(_imported_by(domain), "harbour.reminders") == set()


def test_accounts_reaches_auth_and_passkeys_only_through_its_events() -> None:
    assert _under(_imported_by("accounts"), "harbour.passkeys") == set()
    for module in ("service", "events", "models", "schemas"):
        assert _under(_imported_by("accounts", module), "harbour.auth") == set()


def test_the_event_mechanism_knows_no_domain() -> None:
    assert _under(_imported_by("kernel", "events"), "harbour") == set()
