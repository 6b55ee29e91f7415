"""One JSON error shape for every 4xx and 5xx, and the handlers that produce it."""

from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger("harbour.errors")


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
        self, status: int, code: str, message: str, fields: list[FieldError] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or []


class NotFound(ApiError):
    def __init__(self, what: str = "That") -> None:
        super().__init__(404, "not_found", f"{what} was not found.")


def _described(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Declared on every API router, so the OpenAPI document tells the truth about errors.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _described("The request could not be read (for example, broken JSON)."),
    404: _described("Not found, or not yours to see."),
    422: _described("A field is missing or not valid; `fields` names each one."),
    500: _described("Something went wrong on our side."),
}


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
    return error_response(exc.status, exc.code, exc.message, exc.fields)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if any(err.get("type") == "json_invalid" for err in exc.errors()):
        return error_response(400, "bad_json", "The request body is not valid JSON.")
    return error_response(
        422, "invalid", "Some of what was sent is not valid.", _validation_fields(exc)
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
    message = "That was not found." if exc.status_code == 404 else str(exc.detail)
    response = error_response(exc.status_code, codes.get(exc.status_code, "error"), message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    # The exception type only: messages can carry data from the request.
    log.error("unhandled_error", error_type=type(exc).__name__)
    return error_response(
        500, "server_error", "Something went wrong on our side. Please try again."
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


class Rejected(Exception):
    """A sync item the server will not store; `fields` says why. Never blocks other items."""

    def __init__(self, fields: list[FieldError]) -> None:
        super().__init__("; ".join(f"{f.field}: {f.message}" for f in fields))
        self.fields = fields

    @classmethod
    def at(cls, field: str, message: str) -> "Rejected":
        return cls([FieldError(field=field, message=message)])
