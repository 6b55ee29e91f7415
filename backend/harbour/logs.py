"""Structured logs (JSON lines) with the request id on every line, and no personal data.

What may be logged: event names, counts, route patterns, statuses, durations, ids that the
server made, the type of an error. Never: request bodies, query strings, names, answers,
comments, tokens, an error's message or its traceback (a database driver's message can hold
a whole row, hashes and secrets included).
"""

import logging
import sys

import structlog
from asgi_correlation_id import correlation_id
from structlog.typing import EventDict, WrappedLogger

# Where the server and asyncio print an unhandled error with its traceback.
_SERVER_ERROR_LOGGERS = ("uvicorn.error", "asyncio")


def _add_request_id(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    request_id = correlation_id.get()
    if request_id:
        event["request_id"] = request_id
    return event


def _logged_error(exc_info: object) -> BaseException | None:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple):
        return exc_info[1]  # type: ignore[no-any-return]
    return sys.exc_info()[1] if exc_info else None


def _error_type_only(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    """`log.exception(...)` and `exc_info=` log the error's type, never its traceback."""
    error = _logged_error(event.pop("exc_info", None))
    event.pop("stack_info", None)
    if error is not None:
        event.setdefault("error_type", type(error).__name__)
    return event


class ErrorTypeOnly(logging.Filter):
    """For the standard library's loggers: a record about an exception keeps the first line
    of its message and the exception's type; the traceback and the rest are dropped (asyncio
    puts the failed task's repr, with the error's message, on the lines after the first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            first_line = str(record.msg).strip().splitlines()[0] if record.msg else "Error"
            record.msg, record.args = "%s (%s)", (first_line, type(error).__name__)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def configure_logging(level: str = "INFO", as_json: bool = True) -> None:
    renderer = structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _add_request_id,
            _error_type_only,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        # No file given: each line goes to sys.stdout as it is when written, not as it was
        # when logging was configured (tests and servers may swap sys.stdout).
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    # Uvicorn's access log prints raw paths and query strings; ours prints route patterns.
    logging.getLogger("uvicorn.access").disabled = True
    # harbour.kernel.errors.UnhandledErrors lets no exception reach the server; should one escape
    # all the same (from a middleware outside it, or a background task), no traceback.
    for name in _SERVER_ERROR_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ErrorTypeOnly) for f in logger.filters):
            logger.addFilter(ErrorTypeOnly())
