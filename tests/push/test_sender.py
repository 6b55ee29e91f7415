"""The sender against the fake push service: what is sent, what arrives, and what the answers
do to the subscription (tech-notes §2.3, §2.6)."""

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import httpx
import jwt
import pytest
import time_machine
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from harbour.config import Settings
from harbour.db import make_engine
from harbour.push import service
from harbour.push.models import PushSubscription
from harbour.push.schemas import OutcomeStatus, PushMessage, PushPayload, topic_for
from harbour.tenants.models import Tenant
from tests.fake_push import FakePushService, FakeSubscriber, running_fake_push

REMINDER = PushMessage(kind="reminder", open="/c/northdale/inbox/7c1d", ttl=3600)


def store(engine: Engine, council: Tenant, device: FakeSubscriber, person: uuid.UUID) -> uuid.UUID:
    keys = device.subscription()["keys"]
    with Session(engine) as session:
        row = PushSubscription(
            tenant_id=council.id,
            person_kind="young_person",
            person_id=person,
            endpoint=device.endpoint,
            p256dh=keys["p256dh"],
            auth=keys["auth"],
        )
        session.add(row)
        session.commit()
        return row.id


def stored(engine: Engine) -> dict[str, PushSubscription]:
    with Session(engine) as session:
        return {r.endpoint: r for r in session.exec(select(PushSubscription)).all()}


def row_for(device: FakeSubscriber) -> PushSubscription:
    """A subscription row for `device`, as the sender reads it (not stored)."""
    keys = device.subscription()["keys"]
    return PushSubscription(
        tenant_id=uuid.uuid4(),
        person_kind="staff",
        person_id=uuid.uuid4(),
        endpoint=device.endpoint,
        p256dh=keys["p256dh"],
        auth=keys["auth"],
    )


def send_one(
    config: service.PushConfig, device: FakeSubscriber, message: PushMessage = REMINDER
) -> service.SendOutcome:
    async def go() -> service.SendOutcome:
        async with service.Pusher(config) as pusher:
            return await pusher.send(row_for(device), message)

    return asyncio.run(go())


def send_all(
    config: service.PushConfig,
    pairs: list[tuple[PushSubscription, PushMessage]],
    concurrency: int = service.CONCURRENCY,
) -> list[service.SendOutcome]:
    async def go() -> list[service.SendOutcome]:
        async with service.Pusher(config, concurrency) as pusher:
            return await pusher.send_all(pairs)

    return asyncio.run(go())


def push(
    engine: Engine, config: service.PushConfig, nudges: list[service.Nudge]
) -> list[list[service.SendOutcome]]:
    """As the worker pushes a batch: every device of each person, the record committed."""

    async def go() -> list[list[service.SendOutcome]]:
        with Session(engine) as session:
            async with service.Pusher(config) as pusher:
                outcomes = await pusher.push(session, nudges)
            session.commit()
            return outcomes

    return asyncio.run(go())


def test_a_message_decrypts_with_the_devices_keys_and_carries_the_headers(
    config: service.PushConfig, fake: FakePushService
) -> None:
    device = fake.subscriber()
    message = PushMessage(
        kind="urgent", open="/staff/inbox/abc", ttl=600, urgency="high", topic="statement-1"
    )
    assert send_one(config, device, message).status is OutcomeStatus.sent
    assert fake.problems == []
    [got] = fake.received
    assert json.loads(got.plaintext) == {
        "title": "Harbour",
        "body": "You have an urgent message",
        "open": "/staff/inbox/abc",
        "tag": "statement-1",
    }
    assert got.headers["ttl"] == "600"
    assert got.headers["urgency"] == "high"
    assert got.headers["topic"] == "statement-1"
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.claims["aud"] == "https://push.example.test"
    assert got.claims["sub"] == "mailto:harbour-support@example.org"
    assert 0 < got.claims["exp"] - time.time() <= 24 * 60 * 60


@pytest.mark.parametrize("kind", ["reminder", "message", "urgent"])
def test_a_payload_says_nothing_but_the_fixed_words(
    config: service.PushConfig, fake: FakePushService, kind: str
) -> None:
    """trust.md SG-05: the lock screen sees only these keys and one of three sentences."""
    message = PushMessage(kind=kind, open="/c/northdale/inbox/1", ttl=60)
    send_one(config, fake.subscriber(), message)
    payload = json.loads(fake.received[0].plaintext)
    assert set(payload) == {"title", "body", "open", "tag"}
    assert payload["title"] == "Harbour"
    assert payload["body"] in {
        "You have a reminder",
        "You have a new message",
        "You have an urgent message",
    }
    assert payload["tag"] == kind


@pytest.mark.parametrize(
    "fields",
    [
        {"ttl": 0},  # "deliver now or drop": a reminder to a phone that is off would be lost
        {"ttl": -5},
        {"kind": "streak"},  # CC-08: only service purposes
        {"open": "https://evil.example/inbox"},
        {"open": "/c/northdale/plan"},
        {"open": "//evil.example/staff/inbox"},
        {"topic": "x" * 33},
        {"topic": "has space"},
        {"urgency": "very-low"},
    ],
)
def test_a_message_outside_the_rules_cannot_be_made(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="validation error"):
        PushMessage.model_validate(REMINDER.model_dump() | fields)


def test_each_message_keeps_its_own_ttl_when_sent_together(
    config: service.PushConfig, fake: FakePushService
) -> None:
    """webpush keeps a call's TTL on its instance (tech-notes §2.4 problem 1)."""
    devices = [fake.subscriber() for _ in range(6)]
    messages = [REMINDER.model_copy(update={"ttl": 100 + i}) for i in range(6)]
    pairs = [(row_for(d), m) for d, m in zip(devices, messages, strict=True)]
    outcomes = send_all(config, pairs, concurrency=3)
    assert {o.status for o in outcomes} == {OutcomeStatus.sent}
    ttl_by_endpoint = {r.endpoint: r.headers["ttl"] for r in fake.received}
    assert [ttl_by_endpoint[d.endpoint] for d in devices] == [str(100 + i) for i in range(6)]


def test_no_more_than_the_concurrency_are_in_flight(
    settings: Settings, fake: FakePushService
) -> None:
    in_flight, most = 0, 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            await asyncio.sleep(0.01)
            response = await fake.transport().handle_async_request(request)
            in_flight -= 1
            return response

    config = service.push_config(settings, Slow())
    pairs = [(row_for(fake.subscriber()), REMINDER) for _ in range(12)]
    outcomes = send_all(config, pairs, concurrency=4)
    assert [o.status for o in outcomes] == [OutcomeStatus.sent] * 12
    assert most == 4


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (410, None, service.SendOutcome(OutcomeStatus.gone)),
        (404, None, service.SendOutcome(OutcomeStatus.gone)),
        (429, "120", service.SendOutcome(OutcomeStatus.retry_later, 120)),
        (503, None, service.SendOutcome(OutcomeStatus.retry_later)),
        (500, "Wed, 01 Jan 2031 00:01:00 GMT", service.SendOutcome(OutcomeStatus.retry_later, 60)),
        (413, None, service.SendOutcome(OutcomeStatus.refused)),
        (403, None, service.SendOutcome(OutcomeStatus.refused)),
    ],
)
def test_each_answer_becomes_an_outcome(
    config: service.PushConfig,
    fake: FakePushService,
    status: int,
    retry_after: str | None,
    expected: service.SendOutcome,
) -> None:
    device = fake.subscriber()
    fake.answer(device, status, retry_after)
    with time_machine.travel(datetime(2031, 1, 1, tzinfo=UTC), tick=False):
        assert send_one(config, device) == expected


def test_a_timeout_or_no_connection_is_retried_later(settings: Settings) -> None:
    class Down(httpx.AsyncBaseTransport):
        def __init__(self, error: Exception) -> None:
            self.error = error

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise self.error

    device = FakePushService().subscriber()
    for error in (httpx.ReadTimeout("slow"), httpx.ConnectError("refused")):
        config = service.push_config(settings, Down(error))
        assert send_one(config, device).status is OutcomeStatus.retry_later


def test_an_endpoint_off_the_allow_list_is_never_posted_to(
    settings: Settings, fake: FakePushService
) -> None:
    config = service.push_config(settings.model_copy(update={"push_hosts": "fcm.googleapis.com"}))
    config = service.PushConfig(config.vapid, config.allowed, fake.transport())
    assert send_one(config, fake.subscriber()).status is OutcomeStatus.refused
    assert fake.received == []


def test_the_vapid_token_expires_within_a_day_of_now_whenever_now_is(
    config: service.PushConfig, fake: FakePushService
) -> None:
    later = datetime(2030, 6, 1, 12, tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        send_one(config, fake.subscriber())
    assert fake.received[0].claims["exp"] == int(later.timestamp()) + service.VAPID_EXPIRY


@pytest.mark.parametrize(
    ("endpoint", "origin"),
    [
        ("http://127.0.0.1:8125/push/a", "http://127.0.0.1:8125"),
        ("https://push.example.test:8443/push/a", "https://push.example.test:8443"),
        ("https://push.example.test:443/push/a", "https://push.example.test"),
        ("http://127.0.0.1:80/push/a", "http://127.0.0.1"),
        ("https://fcm.googleapis.com/fcm/send/a", "https://fcm.googleapis.com"),
        ("HTTPS://Web.Push.Apple.COM/QGy", "https://web.push.apple.com"),
        ("http://[::1]:8125/push/a", "http://[::1]:8125"),
    ],
)
def test_the_push_origin_keeps_a_port_only_when_it_is_not_the_default(
    endpoint: str, origin: str
) -> None:
    assert service.push_origin(endpoint) == origin


@pytest.mark.parametrize(
    ("base_url", "aud"),
    [
        ("http://127.0.0.1:8125", "http://127.0.0.1:8125"),
        ("https://push.example.test:8443", "https://push.example.test:8443"),
        ("https://push.example.test:443", "https://push.example.test"),
    ],
)
def test_the_vapid_aud_is_the_endpoints_whole_origin(
    settings: Settings, base_url: str, aud: str
) -> None:
    """RFC 8292 §2: `aud` is the push resource's origin, port and all (webpush drops it)."""
    fake = FakePushService(base_url)
    allowed = settings.model_copy(update={"push_hosts": fake.allow_entry})
    config = service.push_config(allowed, fake.transport())
    assert send_one(config, fake.subscriber()).status is OutcomeStatus.sent
    assert fake.problems == []
    assert fake.received[0].claims["aud"] == aud


def test_the_fake_push_service_refuses_a_token_without_its_port(settings: Settings) -> None:
    """What webpush signs on its own (`aud` without the port) is refused, so the tests
    would catch the port being dropped again."""
    fake = FakePushService("http://127.0.0.1:8125")
    config = service.push_config(
        settings.model_copy(update={"push_hosts": fake.allow_entry}), fake.transport()
    )
    with patch.object(service, "push_origin", lambda endpoint: "http://127.0.0.1"):
        assert send_one(config, fake.subscriber()).status is OutcomeStatus.refused
    assert fake.problems == ["VAPID: aud 'http://127.0.0.1' is not http://127.0.0.1:8125"]


def test_a_batch_goes_to_every_device_of_each_person_and_notes_each_device_once(
    engine: Engine, northdale: Tenant, config: service.PushConfig, fake: FakePushService
) -> None:
    sam, alex, kim, nobody = (uuid.uuid4() for _ in range(4))
    phone, old_phone, busy, alexs, kims = (fake.subscriber() for _ in range(5))
    for device in (phone, old_phone, busy):
        store(engine, northdale, device, sam)
    store(engine, northdale, alexs, alex)
    store(engine, northdale, kims, kim)
    fake.answer(old_phone, 410)
    fake.answer(kims, 410)
    fake.answer(busy, 429, "30")
    nudges = [
        service.Nudge("young_person", person, REMINDER) for person in (sam, sam, alex, kim, nobody)
    ]
    outcomes = push(engine, config, nudges)
    statuses = [sorted(o.status for o in each) for each in outcomes]
    assert statuses == [
        ["gone", "retry_later", "sent"],
        ["gone", "retry_later", "sent"],
        ["sent"],
        ["gone"],
        [],  # no device: the inbox still has it
    ]
    assert sorted(r.endpoint for r in fake.received) == sorted(
        [phone.endpoint] * 2 + [alexs.endpoint]
    )
    rows = stored(engine)
    assert old_phone.endpoint not in rows  # 410: deleted
    assert kims.endpoint not in rows
    assert rows[phone.endpoint].last_success_at is not None
    assert rows[alexs.endpoint].last_success_at is not None
    assert rows[busy.endpoint].failure_count == 1  # once for the batch, not once per push
    assert push(engine, config, [service.Nudge("staff", sam, REMINDER)]) == [[]]


def test_a_real_fake_push_server_on_localhost_takes_pushes_from_the_settings(
    engine: Engine, northdale: Tenant, settings: Settings
) -> None:
    """As e2e tests, the bench and worker processes use it: allow-listed by address."""
    with running_fake_push() as fake:
        person = uuid.uuid4()
        store(engine, northdale, fake.subscriber(), person)
        local = settings.model_copy(update={"push_hosts": fake.allow_entry})
        outcomes = push(
            engine, service.push_config(local), [service.Nudge("young_person", person, REMINDER)]
        )
        assert [[o.status for o in each] for each in outcomes] == [["sent"]]
        assert fake.problems == []
        assert json.loads(fake.payloads()[0])["body"] == "You have a reminder"


def test_one_vapid_token_per_push_service_is_reused_until_an_hour_before_it_expires(
    settings: Settings,
) -> None:
    here, there = FakePushService(), FakePushService("https://push.example.test:8443")
    allowed = settings.model_copy(update={"push_hosts": f"{here.allow_entry}, {there.allow_entry}"})
    config = service.push_config(allowed)
    tokens = service.VapidTokens(config.vapid)
    start = datetime(2030, 6, 1, 12, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        first = tokens.header(here.subscriber().endpoint)
        assert tokens.header(here.subscriber().endpoint) == first  # another device, same service
        elsewhere = tokens.header(there.subscriber().endpoint)
    assert elsewhere != first
    almost = start + timedelta(seconds=service.VAPID_EXPIRY - service.VAPID_RENEW_BEFORE)
    with time_machine.travel(almost, tick=False):
        assert tokens.header(here.subscriber().endpoint) == first
    with time_machine.travel(almost + timedelta(seconds=1), tick=False):
        renewed = tokens.header(here.subscriber().endpoint)
    assert renewed != first
    claims = [
        jwt.decode(h.split("t=")[1].split(",")[0], options={"verify_signature": False})
        for h in (first, elsewhere, renewed)
    ]
    assert [c["aud"] for c in claims] == [here.origin, there.origin, here.origin]
    assert claims[0]["exp"] == int(start.timestamp()) + service.VAPID_EXPIRY
    assert claims[2]["exp"] == int(almost.timestamp()) + 1 + service.VAPID_EXPIRY


def test_a_pusher_signs_once_for_many_pushes_and_the_push_service_takes_them(
    config: service.PushConfig, fake: FakePushService
) -> None:
    pairs = [(row_for(fake.subscriber()), REMINDER) for _ in range(5)]
    with patch.object(service, "vapid_authorization", wraps=service.vapid_authorization) as sign:
        outcomes = send_all(config, pairs)
    assert [o.status for o in outcomes] == [OutcomeStatus.sent] * 5
    assert sign.call_count == 1
    assert fake.problems == []
    assert len({r.headers["authorization"] for r in fake.received}) == 1


def test_a_push_that_raises_is_tried_again_and_the_others_still_go(
    settings: Settings, fake: FakePushService
) -> None:
    broken = fake.subscriber()

    class Flaky(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if str(request.url) == broken.endpoint:
                raise RuntimeError("a bug in a library")
            return await fake.transport().handle_async_request(request)

    config = service.push_config(settings, Flaky())
    pairs = [
        (row_for(device), REMINDER) for device in (fake.subscriber(), broken, fake.subscriber())
    ]
    outcomes = send_all(config, pairs)
    assert [o.status for o in outcomes] == ["sent", "retry_later", "sent"]


def test_pushes_not_done_by_the_deadline_are_dropped_to_be_tried_again(
    settings: Settings, fake: FakePushService
) -> None:
    """The worker's lease must not lapse while a push is in flight: what is still waiting
    at the deadline is given up (its Topic makes a resend replace it)."""
    slow = fake.subscriber()

    class Hanging(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if str(request.url) == slow.endpoint:
                await asyncio.Event().wait()  # never answers
            return await fake.transport().handle_async_request(request)

    config = service.push_config(settings, Hanging())

    async def go() -> list[service.SendOutcome]:
        async with service.Pusher(config) as pusher:
            deadline = asyncio.get_running_loop().time() + 0.2
            return await pusher.send_all(
                [(row_for(fake.subscriber()), REMINDER), (row_for(slow), REMINDER)], deadline
            )

    assert [o.status for o in asyncio.run(go())] == ["sent", "retry_later"]


def test_a_records_topic_fits_the_header() -> None:
    topic = topic_for(uuid.uuid4())
    assert PushMessage(kind="reminder", open="/staff/inbox", ttl=60, topic=topic).topic == topic


@pytest.mark.parametrize(
    "change",
    [
        {"image": "/photo.png"},  # no field outside the allow-list
        {"badge": "3"},
        {"body": "Your dental check is in 3 days"},  # no words outside the three
        {"title": "Jordan"},
    ],
)
def test_the_payload_schema_rejects_anything_outside_the_allow_list(
    change: dict[str, str],
) -> None:
    allowed = PushPayload.of(REMINDER).model_dump()
    PushPayload.model_validate(allowed)
    with pytest.raises(ValueError, match="validation error"):
        PushPayload.model_validate(allowed | change)


def test_keys_that_cannot_encrypt_refuse_that_device_and_not_the_others(
    engine: Engine, northdale: Tenant, config: service.PushConfig, fake: FakePushService
) -> None:
    person, good = uuid.uuid4(), fake.subscriber()
    store(engine, northdale, good, person)
    with Session(engine) as session:  # stored some other way than through the API's checks
        session.add(
            PushSubscription(
                tenant_id=northdale.id,
                person_kind="young_person",
                person_id=person,
                endpoint=fake.subscriber().endpoint,
                p256dh="AAAA",
                auth="AAAA",
            )
        )
        session.commit()
    [outcomes] = push(engine, config, [service.Nudge("young_person", person, REMINDER)])
    assert sorted(o.status for o in outcomes) == ["refused", "sent"]


def test_no_transaction_is_open_while_the_pushes_are_in_flight(
    engine: Engine, northdale: Tenant, settings: Settings, fake: FakePushService
) -> None:
    """The devices are read and that transaction ended before any push goes: left open, it
    would sit idle through the send window (up to 40 s), and PostgreSQL's
    idle_in_transaction_session_timeout may end the session before the record is written."""
    person, devices = uuid.uuid4(), [fake.subscriber(), fake.subscriber()]
    for device in devices:
        store(engine, northdale, device, person)
    in_transaction = []
    with Session(engine) as session:

        class Watching(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                in_transaction.append(session.in_transaction())
                return await fake.transport().handle_async_request(request)

        async def go() -> list[list[service.SendOutcome]]:
            async with service.Pusher(service.push_config(settings, Watching())) as pusher:
                return await pusher.push(session, [service.Nudge("young_person", person, REMINDER)])

        [outcomes] = asyncio.run(go())
        session.commit()
    assert in_transaction == [False, False]
    assert [o.status for o in outcomes] == ["sent", "sent"]
    assert all(stored(engine)[d.endpoint].last_success_at is not None for d in devices)


def test_pushes_slower_than_postgresqls_idle_transaction_timeout_are_still_recorded(
    engine: Engine, northdale: Tenant, settings: Settings, fake: FakePushService
) -> None:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's idle_in_transaction_session_timeout")
    limited = settings.model_copy(update={"database_idle_in_transaction_timeout_seconds": 0.3})
    short = make_engine(limited.resolved_database_url, limited)
    person, device = uuid.uuid4(), fake.subscriber()
    store(engine, northdale, device, person)

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(0.6)
            return await fake.transport().handle_async_request(request)

    [outcomes] = push(
        short,
        service.push_config(settings, Slow()),
        [service.Nudge("young_person", person, REMINDER)],
    )
    short.dispose()
    assert [o.status for o in outcomes] == ["sent"]
    assert stored(engine)[device.endpoint].last_success_at is not None


def test_a_record_that_fails_is_rolled_back_and_the_outcomes_still_come_back(
    engine: Engine, northdale: Tenant, config: service.PushConfig, fake: FakePushService
) -> None:
    """A lock or statement timeout, or a dropped connection, while noting the devices: the
    pushes went all the same, so the caller must still learn what became of them."""
    person, phone, old_phone = uuid.uuid4(), fake.subscriber(), fake.subscriber()
    store(engine, northdale, phone, person)
    store(engine, northdale, old_phone, person)
    fake.answer(old_phone, 410)
    record = service._record

    def fails_after_its_changes(
        session: Session,
        subscriptions: list[PushSubscription],
        outcomes: list[service.SendOutcome],
    ) -> None:
        record(session, subscriptions, outcomes)
        session.execute(text("SELECT * FROM no_such_table"))  # the database refusing

    with patch.object(service, "_record", fails_after_its_changes):
        [outcomes] = push(engine, config, [service.Nudge("young_person", person, REMINDER)])
    assert sorted(o.status for o in outcomes) == ["gone", "sent"]
    rows = stored(engine)
    assert old_phone.endpoint in rows  # none of the record was kept: the next push finds it gone
    assert rows[phone.endpoint].last_success_at is None
