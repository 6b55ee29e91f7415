"""HTTP plumbing shared by every route: security headers, caching, ETags, the PWA's files."""

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("harbour.http")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        # Staff OIDC sign-in needs no exception: it starts with a link and comes back by
        # redirects; only the provider's own page posts a form.
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "referrer-policy": "no-referrer",
    "permissions-policy": "geolocation=(), camera=(), microphone=(), payment=(), usb=()",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=63072000; includeSubDomains"

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified since the ETag sent in If-None-Match."}
}


class HttpMiddleware:
    """An ASGI middleware for HTTP requests: `handle` sees each one; anything else (the
    lifespan) passes straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(HttpMiddleware):
    """Adds the security headers to every response; HSTS only when served over https."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = dict(SECURITY_HEADERS)
                if scope.get("scheme") == "https":
                    headers["strict-transport-security"] = HSTS
                message["headers"] = [
                    *message.get("headers", []),
                    *((k.encode(), v.encode()) for k, v in headers.items()),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestObserver(Protocol):
    """Told of each request as it starts and ends (harbour.kernel.metrics')."""

    def started(self) -> None: ...
    def finished(self, method: str, route: str, status: int, seconds: float) -> None: ...


def remember_route_patterns(app: FastAPI) -> None:
    """Keeps each route's full pattern for `route_pattern`, once every router is included.
    FastAPI puts the route as declared in the request's scope, and a route declared in a
    router that was included in another knows only its own part of the path
    (/young-person/sign-in, not /api/v1/auth/young-person/sign-in)."""
    app.state.route_patterns = {
        id(context.original_route): context.path
        for context in iter_route_contexts(app.routes)
        if context.path
    }


def route_pattern(scope: Scope) -> str:
    """The matched route's full pattern, e.g. /api/v1/plans/{plan_id}; "(static)" for the
    app's files and paths no route matched."""
    route = scope.get("route")
    if route is None:
        return "(static)"
    patterns: dict[int, str] = getattr(scope["app"].state, "route_patterns", {})
    return patterns.get(id(route)) or getattr(route, "path", "") or "(static)"


class RequestLog(HttpMiddleware):
    """One log line per request: method, route pattern (never the raw path or query, which
    could carry personal data), status, duration and the number of SQL statements run
    (`count_statements` starts a count for the request: harbour.db's); the same, less the
    statements, to `observer` (the metrics). The request id comes from asgi-correlation-id,
    which runs outside this middleware."""

    def __init__(
        self,
        app: ASGIApp,
        count_statements: Callable[[], list[int]],
        observer: RequestObserver,
    ) -> None:
        super().__init__(app)
        self.count_statements = count_statements
        self.observer = observer

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        statements = self.count_statements()
        self.observer.started()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            seconds = time.perf_counter() - started
            route = route_pattern(scope)
            self.observer.finished(scope["method"], route, status, seconds)
            log.info(
                "request",
                method=scope["method"],
                route=route,
                status=status,
                duration_ms=round(seconds * 1000, 1),
                sql_statements=statements[0],
            )


def json_with_etag(request: Request, payload: BaseModel) -> Response:
    """A JSON response with a strong ETag; 304 when the phone already has this version."""
    body = payload.model_dump_json().encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"etag": etag, "cache-control": "no-cache"}
    sent = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    if etag in sent or "*" in sent:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


class PwaFiles(StaticFiles):
    """Serves the built front end. Hashed assets are cached for a year; the shell, manifest
    and service worker are revalidated every time; unknown app paths get the shell, so
    deep links work; unknown /api paths stay JSON 404s."""

    IMMUTABLE_PREFIXES = ("assets/",)

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, html=True, check_dir=False)

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(404)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            response = await super().get_response("index.html", scope)
        immutable = path.startswith(self.IMMUTABLE_PREFIXES) and response.status_code == 200
        response.headers["cache-control"] = (
            "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        return response


# --- sign-in cookies ----------------------------------------------------------------------

SESSION_COOKIE = "harbour_session"  # HttpOnly: scripts never see the session token
CSRF_COOKIE = "harbour_csrf"  # readable: the app copies it into the X-CSRF-Token header
CSRF_HEADER = "X-CSRF-Token"


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def cookie_name(request: Request, base: str) -> str:
    # __Host- cookies must be Secure, host-only and Path=/, so over https we can insist.
    return f"__Host-{base}" if is_https(request) else base


def set_session_cookies(
    response: Response, request: Request, token: str, csrf_token: str, max_age: int
) -> None:
    secure = is_https(request)
    # The page's script reads the CSRF token (to send it back in a header); never the session.
    for base, value, httponly in ((SESSION_COOKIE, token, True), (CSRF_COOKIE, csrf_token, False)):
        response.set_cookie(
            cookie_name(request, base),
            value,
            max_age=max_age,
            path="/",
            secure=secure,
            httponly=httponly,
            samesite="lax",
        )


def clear_session_cookies(response: Response, request: Request) -> None:
    for base in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            cookie_name(request, base), path="/", secure=is_https(request), samesite="lax"
        )


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def client_address(request: Request) -> str:
    """The client's address; uvicorn sets it from X-Forwarded-For only for trusted proxies."""
    return request.client.host if request.client else "unknown"
