"""`harbour serve` as operators run it: several processes (PostgreSQL only) whose metrics are
summed, a graceful stop on SIGTERM that lets a sync batch in progress commit and answer, and
the keys made once into data_dir by processes starting together."""

import secrets
import signal
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from e2e.server import free_port
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour import cli
from harbour.cli import commands
from harbour.config import Settings, made_once
from harbour.serving import CannotServe, check
from harbour.statements.models import Statement
from tests.people import PIN, PUSH, World, statement_item
from tests.processes import harbour_serve, wait_until


def on_postgresql(database_url: str) -> bool:
    return database_url.startswith("postgresql")


def metric(metrics_port: int, name: str, **labels: str) -> float:
    """One sample from the metrics `harbour serve` serves (0 when it has none yet)."""
    text = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and labels.items() <= sample.labels.items():
                return sample.value
    return 0.0


def answers(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
    except httpx.TransportError:
        return False
    return True


@contextmanager
def writes_held(engine: Engine) -> Iterator[None]:
    """Holds the write lock on what a push stores, as a long transaction elsewhere would: a
    push waits in its first write until this ends."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
        else:
            cursor.execute("LOCK TABLE sync_receipt IN EXCLUSIVE MODE")
        yield
    finally:
        connection.rollback()
        connection.close()


@contextmanager
def signed_in_phone(port: int) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as phone:
        signed_in = phone.post(
            "/api/v1/auth/young-person/sign-in",
            json={"council": "northdale", "username": "jordan", "secret": PIN},
        )
        assert signed_in.status_code == 200, signed_in.text
        phone.headers["X-CSRF-Token"] = signed_in.json()["csrf_token"]
        yield phone


def stored_ids(engine: Engine, items: list[dict[str, object]]) -> list[uuid.UUID]:
    ids = [uuid.UUID(str(item["id"])) for item in items]
    with Session(engine) as session:
        return sorted(session.exec(select(Statement.id).where(col(Statement.id).in_(ids))).all())


def sigterm_during_push(
    engine: Engine,
    database_url: str,
    data_dir: Path,
    items: list[dict[str, object]],
    outlasting: str | None = None,
) -> tuple[httpx.Response | httpx.TransportError, int]:
    """Serve, start a push that waits on the write lock, send SIGTERM, check that the server
    stops taking new requests, then let the push go on; what the phone got, and the exit
    status. `outlasting`: a shutdown timeout the push outlasts (the lock is held until the
    server has gone)."""
    port, metrics_port = free_port(), free_port()
    workers = "2" if on_postgresql(database_url) else "1"
    env = {"HARBOUR_METRICS_PORT": str(metrics_port)}
    if outlasting:
        env["HARBOUR_SHUTDOWN_TIMEOUT_SECONDS"] = outlasting
    with (
        harbour_serve(database_url, data_dir, port, "--workers", workers, env=env) as server,
        signed_in_phone(port) as phone,
        ThreadPoolExecutor(max_workers=1) as sending,
    ):
        with writes_held(engine):
            pushed = sending.submit(phone.post, PUSH, json={"items": items})
            wait_until(
                lambda: metric(metrics_port, "harbour_http_requests_in_progress") == 1,
                "the push is in progress",
            )
            server.send_signal(signal.SIGTERM)
            wait_until(lambda: not answers(port), "the server stops taking new requests")
            if outlasting:
                wait_until(lambda: server.poll() is not None, "the server exits", seconds=60)
            else:
                assert not pushed.done(), "the push waits for the lock"
        try:
            return pushed.result(timeout=60), server.wait(timeout=60)
        except httpx.TransportError as cut:
            return cut, server.wait(timeout=60)


def test_sigterm_during_a_sync_push_lets_the_batch_commit_and_answer_then_exits(
    world: World, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    items = [statement_item(text=f"Day {n}") for n in range(5)]

    response, exit_status = sigterm_during_push(engine, database_url, tmp_path, items)

    assert isinstance(response, httpx.Response)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 5
    assert stored_ids(engine, items) == sorted(uuid.UUID(str(i["id"])) for i in items)
    assert exit_status == 0


def test_a_push_that_outlasts_the_shutdown_timeout_is_cut_and_its_resend_stored_once(
    world: World, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    items = [statement_item(text=f"Night {n}") for n in range(5)]

    cut, _ = sigterm_during_push(engine, database_url, tmp_path, items, outlasting="1")
    port = free_port()
    with harbour_serve(database_url, tmp_path, port), signed_in_phone(port) as phone:
        resent = phone.post(PUSH, json={"items": items})  # the outbox still holds them all

    assert isinstance(cut, httpx.TransportError)  # the phone keeps every item
    assert [r["status"] for r in resent.json()["results"]] == ["accepted"] * 5
    assert stored_ids(engine, items) == sorted(uuid.UUID(str(i["id"])) for i in items)
    assert "shutdown_timeout_exceeded" in "".join(
        log.read_text() for log in tmp_path.glob("server-*.log")
    )


def test_several_processes_are_refused_on_sqlite_saying_why(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite = settings.model_copy(update={"database_url": ""})
    monkeypatch.setattr(commands, "get_settings", lambda: sqlite)

    assert cli.main(["serve", "--workers", "2"]) == 1

    assert "need PostgreSQL" in capsys.readouterr().err
    check(sqlite, 1)


def test_several_processes_leave_the_reminder_worker_to_harbour_worker(settings: Settings) -> None:
    postgresql = settings.model_copy(
        update={"database_url": "postgresql+psycopg://h@db/h", "worker_in_serve": True}
    )
    with pytest.raises(CannotServe, match="harbour worker"):
        check(postgresql, 2)
    check(postgresql.model_copy(update={"worker_in_serve": None}), 2)


def test_the_metrics_of_several_processes_are_summed(
    world: World, database_url: str, tmp_path: Path
) -> None:
    if not on_postgresql(database_url):
        pytest.skip("several processes need PostgreSQL (HARBOUR_TEST_DATABASE_URL)")
    port, metrics_port = free_port(), free_port()
    env = {"HARBOUR_METRICS_PORT": str(metrics_port)}
    with harbour_serve(database_url, tmp_path, port, "--workers", "2", env=env):
        for _ in range(20):
            assert httpx.get(f"http://127.0.0.1:{port}/api/v1/councils/northdale").is_success
        count = metric(
            metrics_port,
            "harbour_http_request_duration_seconds_count",
            route="/api/v1/councils/{slug}",
        )
        processes = {p.name for p in (tmp_path / "metrics").glob("*/histogram_*.db")}

    assert count == 20
    assert processes, "the processes wrote their metrics into data_dir"
    assert not list((tmp_path / "metrics").iterdir()), "and the folder went with the server"


def new_key() -> bytes:
    return secrets.token_hex(32).encode()


def make_key(path: Path) -> bytes:
    return made_once(path, new_key)


def test_processes_starting_together_make_one_key(tmp_path: Path) -> None:
    """Every worker process reads (or makes) data_dir's keys as it starts."""
    path = tmp_path / "secret.key"
    with ProcessPoolExecutor(max_workers=4) as pool:
        keys = set(pool.map(make_key, [path] * 16))

    assert keys == {path.read_bytes()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]  # no drafts left behind
