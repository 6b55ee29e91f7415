"""`harbour serve`: the app in one process or several (`--workers`), stopped gracefully on
SIGTERM, with its Prometheus metrics on a port of their own (docs/operations.md).

Several processes share nothing in memory that matters: sessions, sign-in lockouts,
invite-code budgets, passkey challenges and reminder claims are rows in the database; the keys
made once into data_dir are made race-free (harbour.config.made_once); the per-process caches
(keys read from settings, OpenID clients made again when their settings change) hold only
what every process computes the same.
"""

import hmac
import ipaddress
import os
import shutil
import signal
import socket
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import structlog
import uvicorn
from fastapi import FastAPI
from prometheus_client import REGISTRY, CollectorRegistry, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import ThreadingWSGIServer
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from sqlalchemy import Engine, and_, case, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col

from harbour.app import create_app
from harbour.config import Settings, get_settings
from harbour.db import make_engine
from harbour.kernel.time import utc_now
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import ReminderStatus
from harbour.reminders.worker import start_in_background
from harbour.statements.models import Statement
from harbour.statements.schemas import StatementStatus
from harbour.sync.models import SyncConflict
from harbour.tenants.models import Tenant

log = structlog.get_logger("harbour.serving")

# Uvicorn's own logging, as `harbour serve` sets it up: warnings and errors only, and no
# access log (it prints raw paths). harbour.logs keeps tracebacks out of its error log.
SERVER_OPTIONS: dict[str, Any] = {
    "access_log": False,
    "proxy_headers": True,
    "log_level": "warning",
}


# How long uvicorn's supervisor waits for a worker process to answer its ping before it
# replaces it. Its 5 s default replaced processes still importing on a busy machine.
WORKER_HEALTHCHECK_SECONDS = 30


# The exit status of a process whose requests outlasted HARBOUR_SHUTDOWN_TIMEOUT_SECONDS.
EXIT_CUT_SHORT = 3


class CannotServe(Exception):
    """Settings that `harbour serve` refuses, with the reason and what to do instead."""


def check(settings: Settings, workers: int) -> None:
    if workers > 1 and settings.resolved_database_url.startswith("sqlite"):
        raise CannotServe(
            "Several worker processes need PostgreSQL (HARBOUR_DATABASE_URL): SQLite lets "
            "one process write at a time, so more processes would only wait on each other. "
            "On SQLite, serve with one process (the default)."
        )
    if workers > 1 and settings.runs_worker_in_serve:
        raise CannotServe(
            "With several worker processes, send reminders with `harbour worker` beside "
            "them, and leave HARBOUR_WORKER_IN_SERVE unset."
        )
    check_metrics(settings)


def check_metrics(settings: Settings) -> None:
    if settings.metrics_port and not settings.metrics_token and not _loopback(settings):
        raise CannotServe(
            f"The metrics would be open to anyone who can reach {settings.metrics_host}: "
            "set HARBOUR_METRICS_TOKEN, or keep HARBOUR_METRICS_HOST on 127.0.0.1."
        )


def _loopback(settings: Settings) -> bool:
    if settings.metrics_host == "localhost":
        return True
    try:
        return ipaddress.ip_address(settings.metrics_host).is_loopback
    except ValueError:  # a host name: it could resolve anywhere
        return False


# --- metrics ------------------------------------------------------------------------------


class QueueSizes(Collector):
    """Gauges read from the database at each scrape, so every process agrees on them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterable[Metric]:
        try:
            reminders, conflicts, statements = self._counts()
        except SQLAlchemyError as error:  # the scrape still shows the other metrics
            log.warning("queue_sizes_unavailable", error_type=type(error).__name__)
            return
        by_state = GaugeMetricFamily(
            "harbour_reminders",
            "Reminders waiting: due (their push may go now), scheduled (later), sending "
            "(claimed by a worker), failed (gave up after five tries).",
            labels=["state"],
        )
        for state, count in reminders.items():
            by_state.add_metric([state], count)
        yield by_state
        yield GaugeMetricFamily(
            "harbour_sync_conflicts", "Outbox items kept for review (an id reused).", conflicts
        )
        yield GaugeMetricFamily(
            "harbour_statements_new", "Statements no one has opened yet.", statements
        )

    def _counts(self) -> tuple[dict[str, int], int, int]:
        now = utc_now()
        status = col(Reminder.status)
        pending = status == ReminderStatus.pending.value
        states = {
            "due": and_(pending, col(Reminder.next_attempt_at) <= now),
            "scheduled": and_(pending, col(Reminder.next_attempt_at) > now),
            "sending": status == ReminderStatus.sending.value,
            "failed": status == ReminderStatus.failed.value,
        }
        with Session(self.engine) as session:
            reminders = session.execute(
                select(*(func.sum(case((rule, 1), else_=0)) for rule in states.values()))
            ).one()
            conflicts = session.execute(select(func.count()).select_from(SyncConflict)).scalar()
            statements = session.execute(
                select(func.count()).where(col(Statement.status) == StatementStatus.new.value)
            ).scalar()
        counts = {state: int(n or 0) for state, n in zip(states, reminders, strict=True)}
        return counts, int(conflicts or 0), int(statements or 0)


class LiveFiles(Collector):
    """The serving processes' metrics, summed from their files. A process that died without
    saying (killed, then replaced by uvicorn's supervisor) leaves its in-progress count behind:
    it is dropped here, at the next scrape."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files = MultiProcessCollector(None, str(directory))  # type: ignore[no-untyped-call]

    def collect(self) -> Iterable[Metric]:
        for pid in {path.stem.rsplit("_", 1)[-1] for path in self.directory.glob("gauge_live*")}:
            if pid.isdigit() and not _alive(int(pid)):
                mark_process_dead(int(pid), str(self.directory))  # type: ignore[no-untyped-call]
        metrics: Iterable[Metric] = self.files.collect()  # type: ignore[no-untyped-call]
        return metrics


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes are not logged."""


def metrics_app(registry: CollectorRegistry, token: str) -> Any:
    """The metrics as a WSGI app; with a token, only for `Authorization: Bearer <token>`."""
    exposition = make_wsgi_app(registry)
    expected = f"Bearer {token}".encode()

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        sent = environ.get("HTTP_AUTHORIZATION", "").encode()
        if token and not hmac.compare_digest(sent, expected):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", "Bearer")],
            )
            return [b"A bearer token is needed.\n"]
        result: Iterable[bytes] = exposition(environ, start_response)
        return result

    return app


def start_metrics_server(settings: Settings, registry: CollectorRegistry) -> WSGIServer:
    """Serves `registry` on HARBOUR_METRICS_HOST:PORT from a daemon thread."""
    family = socket.getaddrinfo(settings.metrics_host, settings.metrics_port)[0][0]

    class Server(ThreadingWSGIServer):
        address_family = family

    try:
        server = make_server(
            settings.metrics_host,
            settings.metrics_port,
            metrics_app(registry, settings.metrics_token),
            Server,
            handler_class=_Quiet,
        )
    except OSError as error:
        raise CannotServe(
            f"The metrics cannot listen on {settings.metrics_host}:{settings.metrics_port} "
            f"({error.strerror}): set HARBOUR_METRICS_PORT (0 turns them off)."
        ) from None
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server


def serve_worker_metrics(settings: Settings, port: int) -> None:
    """`harbour worker --metrics-port`: its push outcomes, on a port of its own."""
    with_port = settings.model_copy(update={"metrics_port": port})
    check_metrics(with_port)
    start_metrics_server(with_port, REGISTRY)


@contextmanager
def metrics_served(settings: Settings, engine: Engine, workers: int) -> Iterator[None]:
    """With one process its metrics are in memory; with several, each writes files into a
    folder of data_dir made for this run (PROMETHEUS_MULTIPROC_DIR, which they inherit), and
    the scrape sums them."""
    if not settings.metrics_port:
        yield
        return
    folder = settings.data_dir / "metrics" / str(os.getpid())
    if workers > 1:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
        registry = CollectorRegistry()
        registry.register(LiveFiles(folder))
    else:
        registry = REGISTRY
    queues = QueueSizes(engine)
    registry.register(queues)
    try:
        server = start_metrics_server(settings, registry)
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()
    finally:
        registry.unregister(queues)
        shutil.rmtree(folder, ignore_errors=True)


# --- serving ------------------------------------------------------------------------------


def served_app() -> FastAPI:
    """The app as each serving process makes it (uvicorn's factory)."""
    settings = get_settings()
    _exit_when_shutdown_overruns(settings.shutdown_timeout_seconds)
    return create_app(settings)


def _exit_when_shutdown_overruns(timeout: int) -> None:
    """uvicorn's handlers for SIGTERM and SIGINT, installed before it makes the app, start
    its graceful shutdown; this adds the deadline: past it the process exits at once, as if
    killed, and the database rolls back what a request had not committed (each sync item is
    its own transaction, and a resent item is stored once). Not uvicorn's own timeout: that
    cancels the requests still running, and their threads then go on with a database session
    being closed under them."""
    if threading.current_thread() is not threading.main_thread():
        return  # not a server (a test's client): no signals to take over
    for signum in (signal.SIGTERM, signal.SIGINT):
        graceful = signal.getsignal(signum)
        if not callable(graceful):
            continue

        def with_deadline(sig: int, frame: FrameType | None, graceful: Any = graceful) -> None:
            deadline = threading.Timer(timeout, _overran, args=(timeout,))
            deadline.daemon = True
            deadline.start()
            graceful(sig, frame)

        signal.signal(signum, with_deadline)


def _overran(timeout: int) -> None:
    log.error("shutdown_timeout_exceeded", seconds=timeout)
    sys.stdout.flush()
    os._exit(EXIT_CUT_SHORT)


def _stop(signum: int, _frame: FrameType | None) -> None:
    """After uvicorn's graceful shutdown it signals the process again (so the exit status
    tells of the signal): ending here lets `serve` stop the reminder worker and tidy up."""
    raise SystemExit(0)


def _print_addresses(engine: Engine, host: str, port: int) -> None:
    print(f"Harbour is running. Open http://{host}:{port}/ (Ctrl+C to stop). Councils:")
    with Session(engine) as session:
        for council in session.execute(select(Tenant).order_by(Tenant.name)).scalars():
            print(f"  {council.name}: http://{host}:{port}/c/{council.slug}")


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    """Serve until SIGTERM or Ctrl+C: then stop accepting, let requests already running
    finish (HARBOUR_SHUTDOWN_TIMEOUT_SECONDS at most), and exit."""
    check(settings, workers)
    engine = make_engine(settings.resolved_database_url, settings)
    _print_addresses(engine, host, port)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop)
    worker = start_in_background(engine) if settings.runs_worker_in_serve else None
    try:
        with metrics_served(settings, engine, workers):
            uvicorn.run(
                "harbour.serving:served_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
                **SERVER_OPTIONS,
            )
    finally:
        if worker is not None:  # it stops between passes (a daemon: exit ends a long one)
            thread, stop = worker
            stop.set()
            thread.join(settings.shutdown_timeout_seconds)
        engine.dispose()
    return 0
