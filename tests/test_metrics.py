"""The Prometheus metrics: what each request, sync item and push adds, the queue sizes read
at each scrape, who may read them, and that no label carries anything about a person."""

import asyncio
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from e2e.server import free_port
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from sqlalchemy import Engine

from harbour.config import Settings
from harbour.push import service as push
from harbour.push.schemas import PushMessage
from harbour.serving import (
    CannotServe,
    LiveFiles,
    QueueSizes,
    check_metrics,
    start_metrics_server,
)
from tests.fake_push import FakePushService
from tests.people import PUSH, SignedIn, World, statement_item
from tests.push.test_sender import row_for

PROMETHEUS_MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"


def value(name: str, registry: CollectorRegistry = REGISTRY, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def test_each_request_is_timed_under_its_route_pattern(app: FastAPI, world: World) -> None:
    labels = {"method": "GET", "route": "/api/v1/councils/{slug}", "status": "2xx"}
    before = value("harbour_http_request_duration_seconds_count", **labels)

    assert TestClient(app).get("/api/v1/councils/northdale").status_code == 200

    assert value("harbour_http_request_duration_seconds_count", **labels) == before + 1
    routes = {route.path for route in iter_route_contexts(app.routes)} | {"(static)"}
    for family in REGISTRY.collect():
        if family.name == "harbour_http_request_duration_seconds":
            assert {s.labels["route"] for s in family.samples} <= routes


def test_sync_items_are_counted_by_outcome(jordan: SignedIn) -> None:
    outcomes = ("accepted", "duplicate", "conflict", "rejected")
    before = {o: value("harbour_sync_items_total", outcome=o) for o in outcomes}
    first, second = statement_item(text="one"), statement_item(text="two")
    reused = statement_item(text="another") | {"id": first["id"]}
    unknown = statement_item() | {"kind": "no_such_kind"}

    response = jordan.client.post(PUSH, json={"items": [first, second, first, reused, unknown]})

    assert [r["status"] for r in response.json()["results"]] == [
        "accepted",
        "accepted",
        "duplicate",
        "conflict",
        "rejected",
    ]
    added = {o: value("harbour_sync_items_total", outcome=o) - before[o] for o in outcomes}
    assert added == {"accepted": 2, "duplicate": 1, "conflict": 1, "rejected": 1}


def test_pushes_are_counted_by_what_the_push_service_answered(settings: Settings) -> None:
    fake = FakePushService()
    config = push.push_config(
        settings.model_copy(update={"push_hosts": fake.allow_entry}), fake.transport()
    )
    answers = {"sent": 201, "gone": 410, "retry_later": 503, "refused": 400}
    devices = {outcome: fake.subscriber() for outcome in answers}
    for outcome, status in answers.items():
        fake.answer(devices[outcome], status)
    before = {o: value("harbour_push_sends_total", outcome=o) for o in answers}
    message = PushMessage(kind="reminder", open="/c/northdale/inbox", ttl=60)
    rows = [row_for(device) for device in devices.values()]

    async def send_all() -> list[push.SendOutcome]:
        async with push.Pusher(config) as pusher:
            return await pusher.send_all([(row, message) for row in rows])

    outcomes = asyncio.run(send_all())

    assert [o.status.value for o in outcomes] == list(answers)
    assert {
        o: value("harbour_push_sends_total", outcome=o) - before[o] for o in answers
    } == dict.fromkeys(answers, 1)


def test_pushes_dropped_at_the_deadline_before_their_turn_are_counted_as_not_sent(
    settings: Settings,
) -> None:
    """One push at a time: the first is in flight at the deadline (posted, no answer: retry
    later); the second never had its turn, so the push service never saw it."""
    fake = FakePushService()

    class Hanging(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.Event().wait()  # never answers
            raise AssertionError

    config = push.push_config(
        settings.model_copy(update={"push_hosts": fake.allow_entry}), Hanging()
    )
    message = PushMessage(kind="reminder", open="/c/northdale/inbox", ttl=60)
    rows = [row_for(fake.subscriber()) for _ in range(2)]
    outcomes = ("retry_later", "not_sent")
    before = {o: value("harbour_push_sends_total", outcome=o) for o in outcomes}

    async def send_all() -> list[push.SendOutcome]:
        async with push.Pusher(config, concurrency=1) as pusher:
            deadline = asyncio.get_running_loop().time() + 0.2
            return await pusher.send_all([(row, message) for row in rows], deadline)

    # Both are tried again: the worker cannot tell whether the first arrived.
    assert [o.status.value for o in asyncio.run(send_all())] == ["retry_later"] * 2
    assert {o: value("harbour_push_sends_total", outcome=o) - before[o] for o in outcomes} == {
        "retry_later": 1,
        "not_sent": 1,
    }


def test_queue_sizes_are_read_from_the_database_at_each_scrape(
    engine: Engine, jordan: SignedIn
) -> None:
    registry = CollectorRegistry()
    registry.register(QueueSizes(engine))
    assert value("harbour_statements_new", registry) == 0

    item = statement_item()
    reused = statement_item(text="changed") | {"id": item["id"]}
    jordan.client.post(PUSH, json={"items": [item, reused]})

    assert value("harbour_statements_new", registry) == 1
    assert value("harbour_sync_conflicts", registry) == 1
    states = {"due", "scheduled", "sending", "failed"}
    reminders = [f for f in registry.collect() if f.name == "harbour_reminders"]
    assert {s.labels["state"] for s in reminders[0].samples} == states


@pytest.fixture
def metrics_url(settings: Settings) -> Iterator[str]:
    """The metrics served as `harbour serve` serves them, with a token."""
    port = free_port()
    server = start_metrics_server(
        settings.model_copy(update={"metrics_port": port, "metrics_token": "scrape-me"}),
        REGISTRY,
    )
    yield f"http://127.0.0.1:{port}/metrics"
    server.shutdown()
    server.server_close()


def test_the_metrics_answer_only_with_the_token(metrics_url: str) -> None:
    refused = [
        httpx.get(metrics_url),
        httpx.get(metrics_url, headers={"Authorization": "Bearer wrong"}),
        httpx.get(metrics_url, headers={"Authorization": "scrape-me"}),
    ]
    allowed = httpx.get(metrics_url, headers={"Authorization": "Bearer scrape-me"})

    assert [r.status_code for r in refused] == [401, 401, 401]
    assert all("harbour_" not in r.text for r in refused)
    assert allowed.status_code == 200
    assert "harbour_http_request_duration_seconds" in allowed.text


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "metrics.internal", "::"])  # noqa: S104
def test_metrics_beyond_this_machine_need_a_token(settings: Settings, host: str) -> None:
    open_to_all = settings.model_copy(update={"metrics_host": host})
    with pytest.raises(CannotServe, match="HARBOUR_METRICS_TOKEN"):
        check_metrics(open_to_all)
    check_metrics(open_to_all.model_copy(update={"metrics_token": "t"}))
    check_metrics(open_to_all.model_copy(update={"metrics_port": 0}))  # off: nothing to guard


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_metrics_on_this_machine_alone_need_no_token(settings: Settings, host: str) -> None:
    check_metrics(settings.model_copy(update={"metrics_host": host}))


def test_a_metrics_port_in_use_is_refused_saying_what_to_do(
    settings: Settings, metrics_url: str
) -> None:
    taken = int(metrics_url.split(":")[2].split("/")[0])
    with pytest.raises(CannotServe, match="HARBOUR_METRICS_PORT"):
        start_metrics_server(settings.model_copy(update={"metrics_port": taken}), REGISTRY)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def test_no_label_carries_a_path_an_id_or_a_name(
    app: FastAPI, world: World, jordan: SignedIn, engine: Engine
) -> None:
    jordan.client.post(PUSH, json={"items": [statement_item(text="Rowan's secret")]})
    jordan.client.get(f"/api/v1/plans/{world.yp1.id}?name=Jordan")
    jordan.client.get(f"/c/northdale/people/{uuid.uuid4()}")
    registry = CollectorRegistry()
    registry.register(QueueSizes(engine))

    text = (generate_latest(REGISTRY) + generate_latest(registry)).decode()
    ours = "\n".join(line for line in text.splitlines() if line.startswith("harbour_"))

    assert "harbour_sync_items_total" in ours
    assert not UUID.search(ours)
    for personal in ("jordan", "rowan", "northdale", "secret", "?"):
        assert personal not in ours.lower()


def test_a_process_that_died_leaves_its_counts_but_not_its_requests_in_progress(
    tmp_path: Path,
) -> None:
    """As a worker killed mid-request and replaced by uvicorn's supervisor would."""
    died = subprocess.run(
        [
            sys.executable,
            "-c",
            "from harbour.kernel.metrics import REQUESTS_IN_PROGRESS, SYNC_ITEMS\n"
            "REQUESTS_IN_PROGRESS.inc()\n"
            "SYNC_ITEMS.labels('accepted').inc(3)\n",
        ],
        env={PROMETHEUS_MULTIPROC_DIR: str(tmp_path), "PATH": ""},
        check=True,
    )
    assert died.returncode == 0
    registry = CollectorRegistry()
    registry.register(LiveFiles(tmp_path))

    assert value("harbour_sync_items_total", registry, outcome="accepted") == 3
    assert value("harbour_http_requests_in_progress", registry) == 0
    assert not list(tmp_path.glob("gauge_live*"))
