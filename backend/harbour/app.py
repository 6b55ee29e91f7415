"""create_app(): the FastAPI application with its routers, middleware and the PWA."""

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Literal

import structlog
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

from harbour import migrate
from harbour.accounts.routes import router as accounts_router
from harbour.audit.routes import router as audit_router
from harbour.auth import sync as auth_sync
from harbour.auth.routes import router as auth_router
from harbour.calendar.routes import feed_router as calendar_feed_router
from harbour.calendar.routes import router as calendar_router
from harbour.case_record.routes import router as case_record_router
from harbour.config import Settings, get_settings
from harbour.credentials import TotpSecrets, dummy_hash
from harbour.db import count_statements, make_engine, refresh_sqlite_statistics
from harbour.editing.routes import router as editing_router
from harbour.health import sync as health_sync
from harbour.health.routes import router as health_router
from harbour.kernel.errors import UnhandledErrors, install_error_handlers
from harbour.kernel.metrics import RequestMetrics
from harbour.logs import configure_logging
from harbour.my_data.routes import router as my_data_router
from harbour.offer.routes import router as offer_router
from harbour.passkeys.routes import router as passkeys_router
from harbour.plans import sync as plans_sync
from harbour.plans.routes import router as plans_router
from harbour.pledge import sync as pledge_sync
from harbour.pledge.routes import router as pledge_router
from harbour.push.routes import router as push_router
from harbour.reminders import sync as reminders_sync
from harbour.reminders.routes import router as reminders_router
from harbour.screens.routes import router as screens_router
from harbour.statements import sync as statements_sync
from harbour.statements.routes import mine as my_views_router
from harbour.statements.routes import router as statements_router
from harbour.subscriptions import subscribe_all
from harbour.sync.kinds import SyncKinds
from harbour.sync.routes import sync_router
from harbour.tenants import sync as tenants_sync
from harbour.tenants.routes import router as tenants_router
from harbour.web import PwaFiles, RequestLog, SecurityHeaders, remember_route_patterns

log = structlog.get_logger("harbour.app")

# What phones push and pull, from the domains that own each kind and section (see
# docs/architecture.md, "Adding a sync item kind"). The pull's fields come in this order.
SYNC_KINDS = SyncKinds(
    kinds=[*pledge_sync.KINDS, *statements_sync.KINDS, *health_sync.KINDS, *plans_sync.KINDS],
    sections=[
        auth_sync.PULL,
        reminders_sync.PULL,
        tenants_sync.PULL,
        statements_sync.PULL,
        plans_sync.PULL,
        health_sync.PULL,
    ],
)

API_DESCRIPTION = """
Harbour's API. The app on young people's phones uses it; council systems may too.

* Public content (councils, local offer, pledge) needs no sign-in and supports ETags.
* Phones send what people write through `POST /api/v1/sync/push`: each item carries an id
  made on the phone and is stored exactly once.
* Every error has the same shape: `{"error": {"code", "message", "fields"}, "request_id"}`.
* Signing in sets an HttpOnly session cookie. Every change made while signed in needs the
  `X-CSRF-Token` header, copied from the `harbour_csrf` cookie (or from `/api/v1/auth/me`).
* A record that is not yours to see answers 404, exactly like one that does not exist.
* A staff screen (`/api/v1/screens/...`) is one request: who is signed in, the inbox count,
  urgent alerts and the page's own data, audited once per view.
"""


class Liveness(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    reason: Literal["database", "migrations"] | None = Field(
        default=None,
        description="Why not: the database did not answer in time, or its schema is not at "
        "the newest migration (run `harbour migrate`).",
    )


LIVE_DESCRIPTION = """The process is up and answering. Touches no database, so a database
outage never makes an orchestrator restart healthy processes: use it as the liveness probe."""

READY_DESCRIPTION = """The database answers within HARBOUR_READY_TIMEOUT_SECONDS and its
schema is at the newest migration: use it as the readiness probe, so a process is sent
requests only when it can serve them. 503 (with the reason) otherwise."""


# Its own two threads: probes of a database that hangs wait in line here, and never take
# the threads requests run in, nor hold up the event loop's shutdown.
_PROBES = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ready-probe")


async def readiness(engine: Engine, timeout: float) -> Readiness:
    """Asks the database in a thread, and stops waiting after `timeout`: a database that
    does not answer must not hold the probe until the connection's own timeout."""
    asking = asyncio.get_running_loop().run_in_executor(_PROBES, migrate.schema_is_current, engine)
    try:
        current = await asyncio.wait_for(asking, timeout)
    except Exception as error:  # any failure to reach the database means "not ready"
        log.warning("not_ready", error_type=type(error).__name__)
        return Readiness(status="not ready", reason="database")
    if not current:
        return Readiness(status="not ready", reason="migrations")
    return Readiness(status="ready")


def _health_routes(app: FastAPI, settings: Settings) -> None:
    def live() -> Liveness:
        return Liveness()

    async def ready(request: Request) -> JSONResponse:
        answer = await readiness(request.app.state.engine, settings.ready_timeout_seconds)
        status = 200 if answer.reason is None else 503
        return JSONResponse(answer.model_dump(), status_code=status)

    app.get(
        "/healthz/live", tags=["health"], summary="The process is up", description=LIVE_DESCRIPTION
    )(live)
    app.get(
        "/healthz/ready",
        tags=["health"],
        summary="The database is reachable and migrated",
        description=READY_DESCRIPTION,
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "Not ready (see `reason`)."}},
    )(ready)
    # The addresses probes used before: kept so configured probes go on working.
    app.get("/healthz", include_in_schema=False)(live)
    app.get("/readyz", include_in_schema=False)(ready)


STATISTICS_EVERY_SECONDS = 6 * 60 * 60


async def _keep_statistics_fresh(engine: Engine) -> None:
    """SQLite's planner statistics, refreshed at start-up and every few hours, so a database
    that grows while serving keeps fast queues. A busy database just waits for next time."""
    while True:
        try:
            await asyncio.to_thread(refresh_sqlite_statistics, engine)
        except OperationalError as error:
            log.warning("statistics_refresh_failed", error_type=type(error).__name__)
        await asyncio.sleep(STATISTICS_EVERY_SECONDS)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Made before serving, not at import nor at the first unknown name's sign-in, which
    # would then take twice as long as a known one's.
    await asyncio.to_thread(dummy_hash)
    engine: Engine = app.state.engine
    task = (
        asyncio.create_task(_keep_statistics_fresh(engine))
        if engine.dialect.name == "sqlite"
        else None  # PostgreSQL's autovacuum keeps its own statistics
    )
    yield
    if task is not None:
        task.cancel()


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    sync_kinds: SyncKinds = SYNC_KINDS,
) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    subscribe_all()
    app = FastAPI(
        title="Harbour",
        version="0.1.0",
        description=API_DESCRIPTION,
        docs_url=None,  # Swagger UI would load scripts from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url, settings)
    install_error_handlers(app)
    _health_routes(app, settings)
    app.state.secret_key = settings.resolved_secret_key()
    app.state.totp_secrets = TotpSecrets(settings.resolved_totp_keys())
    app.state.oidc = {}  # council id -> its OpenID Connect client (see harbour.auth.routes)
    for router in (
        tenants_router,
        offer_router,
        pledge_router,
        sync_router(sync_kinds),
        auth_router,
        accounts_router,
        passkeys_router,
        audit_router,
        editing_router,
        statements_router,
        my_views_router,
        health_router,
        calendar_router,
        calendar_feed_router,  # before the PWA's files, which would answer with the app shell
        plans_router,
        push_router,
        reminders_router,
        my_data_router,
        case_record_router,
        screens_router,
    ):
        app.include_router(router)
    remember_route_patterns(app)
    # Order: outermost last. The request id must exist before anything logs.
    app.add_middleware(GZipMiddleware, minimum_size=500)
    # Holds only the OpenID Connect transaction (state, nonce, PKCE verifier) for ten
    # minutes, signed; who is signed in lives in server-side sessions (harbour.auth).
    app.add_middleware(
        SessionMiddleware,
        secret_key=app.state.secret_key.decode(),
        session_cookie="harbour_oidc",
        max_age=600,
        same_site="lax",
        https_only=settings.public_origin.startswith("https://"),
    )
    # Inside SecurityHeaders and the request id, so a 500 carries them like any response.
    app.add_middleware(UnhandledErrors)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog, count_statements=count_statements, observer=RequestMetrics())
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")
    if (settings.static_dir / "index.html").exists():
        app.mount("/", PwaFiles(settings.static_dir), name="pwa")
    else:
        log.warning("frontend_not_built", hint="run `make build`")
    return app
