"""Structured logs (JSON lines) with the request id on every line, and no personal data.

What may be logged: event names, counts, route patterns, statuses, durations, ids that the
server made. Never: request bodies, query strings, names, answers, comments, tokens.
"""

import logging

import structlog
from asgi_correlation_id import correlation_id
from structlog.typing import EventDict, WrappedLogger


def _add_request_id(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    request_id = correlation_id.get()
    if request_id:
        event["request_id"] = request_id
    return event


def configure_logging(level: str = "INFO", as_json: bool = True) -> None:
    renderer = structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _add_request_id,
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
