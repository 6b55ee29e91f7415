"""create_app(): the FastAPI application with its routers, middleware and the PWA."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
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
from harbour.config import Settings, get_settings
from harbour.credentials import TotpSecrets
from harbour.db import count_statements, make_engine, refresh_sqlite_statistics
from harbour.editing.routes import router as editing_router
from harbour.health import sync as health_sync
from harbour.health.routes import router as health_router
from harbour.kernel.errors import ERROR_RESPONSES, UnhandledErrors, install_error_handlers
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
from harbour.statements import sync as statements_sync
from harbour.statements.routes import mine as my_views_router
from harbour.statements.routes import router as statements_router
from harbour.subscriptions import subscribe_all
from harbour.sync.kinds import SyncKinds
from harbour.sync.routes import sync_router
from harbour.tenants import sync as tenants_sync
from harbour.tenants.routes import router as tenants_router
from harbour.web import PwaFiles, RequestLog, SecurityHeaders

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
"""


def _health_routes(app: FastAPI, settings: Settings) -> None:
    @app.get("/healthz", tags=["health"], summary="The process is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        summary="The database is reachable and migrated",
        responses={503: ERROR_RESPONSES[500] | {"description": "Not ready yet."}},
    )
    def readyz(request: Request) -> JSONResponse:
        engine: Engine = request.app.state.engine
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            current = migrate.schema_is_current(engine, settings.resolved_database_url)
        except Exception as error:  # any database failure means "not ready"
            log.warning("readyz_failed", error_type=type(error).__name__)
            current = False
        status = 200 if current else 503
        return JSONResponse({"status": "ready" if current else "not ready"}, status_code=status)


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
    app.state.engine = engine or make_engine(settings.resolved_database_url)
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
    ):
        app.include_router(router)
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
    app.add_middleware(RequestLog, count_statements=count_statements)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")
    if (settings.static_dir / "index.html").exists():
        app.mount("/", PwaFiles(settings.static_dir), name="pwa")
    else:
        log.warning("frontend_not_built", hint="run `make build`")
    return app
