"""The worker's batches through the real sender (encrypted, VAPID-signed, posted to the fake
push service in-process): what a push service's answers do to a batch, and a worker dying
mid-batch (decision 022)."""

import base64
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import httpx
import pytest
import time_machine
from sqlalchemy import Engine, insert, text
from sqlmodel import Session, select

from harbour.config import Settings
from harbour.push import service
from harbour.push.models import PushSubscription
from harbour.push.schemas import SendOutcome
from harbour.reminders.models import Reminder
from harbour.reminders.worker import Worker
from tests.fake_push import FakePushService, FakeSubscriber
from tests.people import World, urgent_reminder_rows
from tests.reminders.conftest import reminders

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


class Counting(httpx.AsyncBaseTransport):
    """The fake push service, noting every endpoint posted to (the fake keeps only what it
    took)."""

    def __init__(self, fake: FakePushService) -> None:
        self.fake, self.posted = fake, Counter[str]()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.posted[str(request.url)] += 1
        return await self.fake.transport().handle_async_request(request)


@pytest.fixture
def fake() -> FakePushService:
    return FakePushService()


@pytest.fixture
def posts(fake: FakePushService) -> Counting:
    return Counting(fake)


@pytest.fixture
def config(settings: Settings, fake: FakePushService, posts: Counting) -> service.PushConfig:
    allowed = settings.model_copy(update={"push_hosts": fake.allow_entry})
    return service.push_config(allowed, posts)


def subscribe(engine: Engine, world: World, person: uuid.UUID, device: FakeSubscriber) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(PushSubscription).values(
                id=uuid.uuid4(),
                tenant_id=world.north.id,
                person_kind="staff",
                person_id=person,
                endpoint=device.endpoint,
                **device.subscription()["keys"],
                created_at=NOW,
                failure_count=0,
            )
        )


def due_for(engine: Engine, world: World, people: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """One urgent reminder due now for each of `people` (never held by quiet hours)."""
    rows = urgent_reminder_rows(world.north.id, list(people), len(people), NOW)
    for row, person in zip(rows, people, strict=True):
        row["recipient_id"] = person
    with engine.begin() as connection:
        connection.execute(insert(Reminder), rows)
    return [row["id"] for row in rows]  # type: ignore[misc]


def pushes_per_reminder(fake: FakePushService) -> Counter[uuid.UUID]:
    """How many pushes the push service took for each reminder (its Topic)."""
    return Counter(
        uuid.UUID(bytes=base64.urlsafe_b64decode(got.headers["topic"] + "=="))
        for got in fake.received
    )


def endpoints(engine: Engine) -> dict[str, PushSubscription]:
    with Session(engine) as session:
        return {row.endpoint: row for row in session.exec(select(PushSubscription)).all()}


def test_gone_and_busy_devices_in_one_batch(
    world: World, engine: Engine, fake: FakePushService, posts: Counting, config: service.PushConfig
) -> None:
    """404/410 deletes the device and the reminder counts as sent (the inbox has it); 429 keeps
    the device and retries the reminder no sooner than Retry-After; the rest go."""
    phone, old_phone, gone, busy = (fake.subscriber() for _ in range(4))
    subscribe(engine, world, world.pa1.id, phone)
    subscribe(engine, world, world.pa1.id, old_phone)
    subscribe(engine, world, world.pa2.id, gone)
    subscribe(engine, world, world.pa3.id, busy)
    fake.answer(old_phone, 410)
    fake.answer(gone, 404)
    fake.answer(busy, 429, "600")
    to_pa1a, to_pa1b, to_pa2, to_pa3 = due_for(
        engine, world, [world.pa1.id, world.pa1.id, world.pa2.id, world.pa3.id]
    )
    with time_machine.travel(NOW, tick=False):
        assert Worker(engine, batch=10, config=config).run_once() == 4
    rows = {row.id: row for row in reminders(engine)}
    assert [rows[i].status for i in (to_pa1a, to_pa1b, to_pa2)] == ["sent"] * 3
    assert (rows[to_pa3].status, rows[to_pa3].attempts) == ("pending", 1)
    assert rows[to_pa3].next_attempt_at.replace(tzinfo=UTC) == NOW + timedelta(seconds=600)
    assert set(endpoints(engine)) == {phone.endpoint, busy.endpoint}
    assert endpoints(engine)[busy.endpoint].failure_count == 1
    assert pushes_per_reminder(fake) == {to_pa1a: 1, to_pa1b: 1}

    del fake.answers[busy.endpoint.rsplit("/", 1)[1]]  # the push service has room again
    with time_machine.travel(NOW + timedelta(seconds=601), tick=False):
        assert Worker(engine, batch=10, config=config).run_once() == 1
    assert reminders(engine, id=to_pa3)[0].status == "sent"
    assert pushes_per_reminder(fake) == {to_pa1a: 1, to_pa1b: 1, to_pa3: 1}
    assert posts.posted[old_phone.endpoint] == 2  # both of PA 1's reminders, then never again
    assert posts.posted[gone.endpoint] == 1
    assert fake.problems == []


class Crash(BaseException):
    """The worker's process dying: nothing after it runs, not even `except Exception`."""


def test_a_worker_that_dies_mid_batch_has_it_sent_once_more_after_the_lease_then_never_again(
    world: World, engine: Engine, fake: FakePushService, config: service.PushConfig
) -> None:
    subscribe(engine, world, world.pa1.id, fake.subscriber())
    ids = due_for(engine, world, [world.pa1.id] * 12)
    batches = 0

    async def dies_after_pushing_its_second_batch(
        session: Session, nudges: Sequence[service.Nudge], deadline: float
    ) -> list[list[SendOutcome]]:
        nonlocal batches
        batches += 1
        async with service.Pusher(config) as pusher:
            outcomes = await pusher.push(session, nudges, deadline)
        if batches == 2:
            raise Crash  # its pushes went out; that they did is never recorded
        return outcomes

    with time_machine.travel(NOW, tick=False), pytest.raises(Crash):
        Worker(engine, dies_after_pushing_its_second_batch, batch=5).run_once()
    assert sorted(Counter(row.status for row in reminders(engine)).items()) == [
        ("pending", 2),
        ("sending", 5),
        ("sent", 5),
    ]
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert Worker(engine, config=config).run_once() == 2  # the dead worker's batch is leased
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert Worker(engine, config=config).run_once() == 5  # its lease is over
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert Worker(engine, config=config).run_once() == 0
    assert {row.status for row in reminders(engine)} == {"sent"}
    sent = pushes_per_reminder(fake)
    assert set(sent) == set(ids)
    assert sorted(sent.values()) == [1] * 7 + [2] * 5  # the crashed batch once more, no more
    assert fake.problems == []


def test_a_batch_whose_devices_cannot_be_noted_still_ends_as_sent_and_is_not_pushed_again(
    world: World, engine: Engine, fake: FakePushService, config: service.PushConfig
) -> None:
    """Noting the devices fails after the pushes went (a lock or statement timeout, a dropped
    connection): the reminders end by what the push service answered, so none is pushed
    again after the backoff."""
    subscribe(engine, world, world.pa1.id, fake.subscriber())
    subscribe(engine, world, world.pa2.id, fake.subscriber())
    ids = due_for(engine, world, [world.pa1.id, world.pa2.id] * 3)

    def refused(session: Session, *_: object) -> None:
        session.execute(text("SELECT * FROM no_such_table"))

    with time_machine.travel(NOW, tick=False), patch.object(service, "_record", refused):
        assert Worker(engine, batch=10, config=config).run_once() == 6
    assert {(row.status, row.attempts) for row in reminders(engine)} == {("sent", 1)}
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert Worker(engine, batch=10, config=config).run_once() == 0
    assert pushes_per_reminder(fake) == dict.fromkeys(ids, 1)
    assert fake.problems == []
