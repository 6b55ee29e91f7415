"""Prometheus metrics, for the operator's dashboards and alerts (docs/operations.md).

Labels are route patterns, methods, status classes and outcomes only: never a path, an id, a
name or a council, so nothing about a person reaches the monitoring system and the number of
series stays fixed. With several serving processes each one writes its values to a file in
PROMETHEUS_MULTIPROC_DIR (harbour.serving sets it before starting them, and serves the sum);
one process keeps them in memory.
"""

from prometheus_client import Counter, Gauge, Histogram

REQUEST_SECONDS = Histogram(
    "harbour_http_request_duration_seconds",
    "Time to answer a request, by method, route pattern and status class.",
    ["method", "route", "status"],
)
REQUESTS_IN_PROGRESS = Gauge(
    "harbour_http_requests_in_progress",
    "Requests being answered now.",
    multiprocess_mode="livesum",
)
SYNC_ITEMS = Counter(
    "harbour_sync_items",
    "Outbox items phones sent, by what became of each: accepted, duplicate (stored before), "
    "conflict (a used id with another body, kept for review) or rejected.",
    ["outcome"],
)
PUSH_SENDS = Counter(
    "harbour_push_sends",
    "Pushes posted to a push service, by what it answered: sent, gone (the subscription "
    "ended), retry_later (busy, failing or unreachable) or refused; and not_sent, pushes "
    "dropped at the worker's deadline before they were posted (tried again later).",
    ["outcome"],
)

# Any other method a client sends is counted as "other": a label never takes arbitrary text.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetrics:
    """What harbour.web.RequestLog reports of each request."""

    def started(self) -> None:
        REQUESTS_IN_PROGRESS.inc()

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        REQUESTS_IN_PROGRESS.dec()
        known = method if method in METHODS else "other"
        REQUEST_SECONDS.labels(known, route, f"{status // 100}xx").observe(seconds)
