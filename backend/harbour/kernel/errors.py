"""One JSON error shape for every 4xx and 5xx, and the handlers that produce it."""

from typing import Any, TypeVar

import structlog
from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Message, Receive, Scope, Send

from harbour.web import HttpMiddleware

log = structlog.get_logger("harbour.errors")

NOT_VALID = "Some of what was sent is not valid."  # a 422's message when fields say the rest


class FieldError(BaseModel):
    field: str = Field(description="Where the problem is, e.g. `query.area` or `body.items.0.id`.")
    message: str


class ErrorBody(BaseModel):
    code: str = Field(description="A stable machine-readable code, e.g. `not_found`.")
    message: str = Field(description="What went wrong, in plain English.")
    fields: list[FieldError] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody
    request_id: str | None = None


class ApiError(Exception):
    """Raise from services and routes; the handler turns it into an ErrorResponse."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or []
        self.headers = headers or {}


class NotFound(ApiError):
    def __init__(self, what: str = "That") -> None:
        super().__init__(404, "not_found", f"{what} was not found.")


class Forbidden(ApiError):
    """Signed in, but this person may not do this; `field` names the part of the request."""

    def __init__(self, message: str, field: str | None = None) -> None:
        fields = [FieldError(field=field, message=message)] if field else []
        super().__init__(403, "not_allowed", message, fields)


def _described(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Declared on every API router, so the OpenAPI document tells the truth about errors.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _described("The request could not be read (for example, broken JSON)."),
    404: _described("Not found, or not yours to see."),
    422: _described("A field is missing or not valid; `fields` names each one."),
    500: _described("Something went wrong on our side."),
}

# Routes that need a signed-in person (a session cookie).
SIGNED_IN_RESPONSES: dict[int | str, dict[str, Any]] = ERROR_RESPONSES | {
    401: _described("Not signed in, or the session has ended: sign in again."),
    403: _described(
        "Signed in, but this role may not do this; or the X-CSRF-Token header is missing "
        "or wrong on a change."
    ),
    409: _described("It clashes with what is stored, for example a username already taken."),
}

# Routes where people type secrets or codes.
SIGN_IN_RESPONSES: dict[int | str, dict[str, Any]] = ERROR_RESPONSES | {
    401: _described("The details typed were not right."),
    409: _described("The username is already taken."),
    423: _described("Locked after too many wrong tries; ask for your access to be reset."),
    429: _described("Too many wrong tries: wait the seconds in Retry-After, then try again."),
}


def stored_once(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """For a 201 route that stores each phone- or page-made id once: the same request sent
    again (a retry after a lost answer) is a 200 with what was stored the first time."""
    return {200: {"model": model, "description": "Sent before: what was stored the first time."}}


def error_response(
    status: int, code: str, message: str, fields: list[FieldError] | None = None
) -> JSONResponse:
    body = ErrorResponse(
        error=ErrorBody(code=code, message=message, fields=fields or []),
        request_id=correlation_id.get(),
    )
    return JSONResponse(body.model_dump(), status_code=status)


def field_name(loc: tuple[int | str, ...] | list[int | str]) -> str:
    return ".".join(str(part) for part in loc)


def _validation_fields(exc: RequestValidationError) -> list[FieldError]:
    return [FieldError(field=field_name(err["loc"]), message=err["msg"]) for err in exc.errors()]


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    response = error_response(exc.status, exc.code, exc.message, exc.fields)
    response.headers.update(exc.headers)
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if any(err.get("type") == "json_invalid" for err in exc.errors()):
        return error_response(400, "bad_json", "The request body is not valid JSON.")
    return error_response(422, "invalid", NOT_VALID, _validation_fields(exc))


def _allowed_methods(request: Request) -> str:
    """Every method some route at this path takes: Starlette names only the first route's,
    and a path like /api/v1/teams has one route for GET and another for POST."""
    allowed = [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
        )
    ]
    return ", ".join(allowed)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
    message = "That was not found." if exc.status_code == 404 else str(exc.detail)
    response = error_response(exc.status_code, codes.get(exc.status_code, "error"), message)
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405:
        response.headers["allow"] = _allowed_methods(request) or response.headers.get("allow", "")
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


class UnhandledErrors(HttpMiddleware):
    """Any other exception becomes the 500 error shape, logged by its type and the request
    id only: a driver's message can hold a row's values (PostgreSQL's "Failing row contains
    (...)" shows every column, hashes and secrets too), and so can a traceback.

    A middleware, not an exception handler: Starlette answers a handler's 500 from outside
    every middleware (so without the security headers or the request id) and then raises
    the exception again for the server to print with its traceback. Here nothing is raised
    again, and the response goes out through SecurityHeaders like any other."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def note_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, note_start)
        except Exception as error:  # every kind: none may reach the server's log
            log.error("unhandled_error", error_type=type(error).__name__)
            if started:  # too late for a 500: the client sees the response cut short
                return
            response = error_response(
                500, "server_error", "Something went wrong on our side. Please try again."
            )
            await response(scope, receive, send)


class Rejected(Exception):
    """A sync item the server will not store; `fields` says why. Never blocks other items."""

    def __init__(self, fields: list[FieldError]) -> None:
        super().__init__("; ".join(f"{f.field}: {f.message}" for f in fields))
        self.fields = fields

    @classmethod
    def at(cls, field: str, message: str) -> "Rejected":
        return cls([FieldError(field=field, message=message)])


Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], data: object, *prefix: str) -> Model:
    """`model` checked from `data`, or Rejected naming each field wrong under `prefix`."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Rejected(
            [
                FieldError(field=field_name((*prefix, *e["loc"])), message=e["msg"])
                for e in error.errors()
            ]
        ) from None


def invalid(
    field: str, message: str, status: int = 422, code: str = "invalid", *, summary: str = ""
) -> ApiError:
    """A refusal naming the one field at fault (422 unless said otherwise). The answer's
    message is the field's, or `summary` when it says more (or less) than the field's."""
    return ApiError(status, code, summary or message, [FieldError(field=field, message=message)])
