"""The worker's claim, lease, retries and exactly-once sending, with a recording delivery in
place of web push (harbour.push is tested against the fake push service)."""

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import Engine, update
from sqlmodel import Session
from structlog.testing import capture_logs

from harbour.config import Settings
from harbour.db import count_statements
from harbour.push.schemas import GONE, SENT, OutcomeStatus, SendOutcome
from harbour.push.service import Nudge, PushConfig, vapid_keys
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import ReminderStatus
from harbour.reminders.worker import MAX_ATTEMPTS, Worker, claim, end, finish, send_claimed
from tests.people import SignedIn, World
from tests.reminders.conftest import Recorder, reminder_of, reminders

AsPerson = Callable[..., SignedIn]
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def due_reminders(engine: Engine, world: World, count: int, kind: str = "reply") -> list[uuid.UUID]:
    """`count` reminders due now for the first young person, straight in the table."""
    with Session(engine) as session:
        rows = [
            Reminder(
                tenant_id=world.north.id,
                recipient_kind="young_person",
                recipient_id=world.yp1.id,
                event_kind=kind,
                event_id=uuid.uuid4(),
                event_date=date(2026, 11, 20),
                offset_days=0,
                due_at=NOW - timedelta(minutes=1),
                next_attempt_at=NOW - timedelta(minutes=1),
            )
            for _ in range(count)
        ]
        session.add_all(rows)
        session.commit()
        return [row.id for row in rows]


def test_a_reminder_no_device_takes_is_still_sent_the_inbox_has_it(
    world: World, engine: Engine
) -> None:
    due_reminders(engine, world, 1)
    recorder = Recorder(answer=[])  # no subscription at all
    with time_machine.travel(NOW, tick=False):
        Worker(engine, recorder).run_once()
    (row,) = reminders(engine)
    assert (row.status, row.attempts) == ("sent", 1)


def test_a_busy_push_service_is_retried_with_growing_waits_then_given_up(
    world: World, engine: Engine
) -> None:
    due_reminders(engine, world, 1)
    recorder = Recorder(answer=[SendOutcome(OutcomeStatus.retry_later, None)])
    waits = []
    now = NOW
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(now, tick=False):
            assert Worker(engine, recorder).run_once() == 1
        (row,) = reminders(engine)
        if row.status == "pending":
            waits.append(row.next_attempt_at.replace(tzinfo=UTC) - now)
            now = row.next_attempt_at.replace(tzinfo=UTC)
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    (row,) = reminders(engine)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(recorder.sent) == MAX_ATTEMPTS


def test_retry_after_from_the_push_service_is_honoured(world: World, engine: Engine) -> None:
    due_reminders(engine, world, 1)
    recorder = Recorder(answer=[SendOutcome(OutcomeStatus.retry_later, 600)])
    with time_machine.travel(NOW, tick=False):
        Worker(engine, recorder).run_once()
    (row,) = reminders(engine)
    assert row.next_attempt_at.replace(tzinfo=UTC) == NOW + timedelta(seconds=600)


def test_one_device_taking_it_is_enough(world: World, engine: Engine) -> None:
    due_reminders(engine, world, 1)
    recorder = Recorder(answer=[SendOutcome(OutcomeStatus.retry_later, 60), SENT, GONE])
    with time_machine.travel(NOW, tick=False):
        Worker(engine, recorder).run_once()
    assert reminders(engine)[0].status == "sent"


def test_a_batch_whose_delivery_raises_is_tried_again_later_and_the_next_batch_still_goes(
    world: World, engine: Engine
) -> None:
    due_reminders(engine, world, 3)
    calls = []

    async def flaky(
        session: Session, nudges: Sequence[Nudge], deadline: float
    ) -> list[list[SendOutcome]]:
        calls.append(len(nudges))
        if len(calls) == 1:
            raise ConnectionError("the database went away")
        return [[SENT] for _ in nudges]

    with time_machine.travel(NOW, tick=False):
        Worker(engine, flaky, batch=2).run_once()
    assert calls == [2, 1]
    rows = reminders(engine)
    assert sorted((row.status, row.attempts) for row in rows) == [
        ("pending", 1),
        ("pending", 1),
        ("sent", 1),
    ]
    assert {row.next_attempt_at.replace(tzinfo=UTC) for row in rows if row.status == "pending"} == {
        NOW + timedelta(minutes=1)
    }


def test_a_claim_whose_worker_died_is_taken_again_after_its_lease(
    world: World, engine: Engine
) -> None:
    due_reminders(engine, world, 2)
    with Session(engine) as session:
        assert len(claim(session, "dead-worker", NOW)) == 2  # then it never finishes
    recorder = Recorder()
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert Worker(engine, recorder).run_once() == 0  # still leased
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert Worker(engine, recorder).run_once() == 2
    assert {row.status for row in reminders(engine)} == {"sent"}
    assert len(recorder.sent) == 2


def test_a_late_finish_by_a_worker_that_lost_its_claim_changes_nothing(
    world: World, engine: Engine
) -> None:
    due_reminders(engine, world, 1)
    with Session(engine) as session:
        (stale,) = claim(session, "slow-worker", NOW)
        (taken,) = claim(session, "next-worker", NOW + timedelta(seconds=61))  # lease over
        finish(session, "slow-worker", [end(stale, ReminderStatus.pending)])  # while it holds it
        session.commit()
    (row,) = reminders(engine)
    assert (row.status, row.claimed_by) == ("sending", "next-worker")
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        Worker(engine, Recorder()).run_once()  # not its to take: still leased to next-worker
    with Session(engine) as session:
        finish(session, "next-worker", [end(taken, ReminderStatus.sent, sent_at=NOW)])
        finish(session, "slow-worker", [end(stale, ReminderStatus.pending)])  # after it is sent
        session.commit()
    assert reminders(engine)[0].status == "sent"


def test_two_workers_at_once_send_each_reminder_exactly_once(world: World, engine: Engine) -> None:
    ids = due_reminders(engine, world, 200)
    sent: list[uuid.UUID] = []
    lock = threading.Lock()

    async def record(
        session: Session, nudges: Sequence[Nudge], deadline: float
    ) -> list[list[SendOutcome]]:
        await asyncio.sleep(0)  # the other worker may claim meanwhile
        with lock:
            sent.extend(reminder_of(nudge.message) for nudge in nudges)
        return [[SENT] for _ in nudges]

    workers = [Worker(engine, record, batch=7) for _ in range(2)]
    with time_machine.travel(NOW, tick=True):
        threads = [threading.Thread(target=w.send_until_empty) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(sent) == sorted(ids)
    assert {row.status for row in reminders(engine)} == {"sent"}


def test_a_row_whose_claim_lapsed_before_its_turn_in_the_batch_is_not_sent(
    world: World, engine: Engine
) -> None:
    due_reminders(engine, world, 1)
    recorder = Recorder()
    with Session(engine) as session:
        (row,) = claim(session, "slow-worker", NOW)
        session.execute(update(Reminder).values(claimed_by="another-worker"))  # taken over
        session.commit()
        asyncio.run(send_claimed(session, [row], "slow-worker", NOW, recorder))
    assert recorder.sent == []
    assert reminders(engine)[0].claimed_by == "another-worker"


def test_a_batchs_statements_do_not_grow_with_the_messages_in_it(
    world: World, engine: Engine
) -> None:
    """Whether each young person's message was written on an urgent statement (then never
    held by quiet hours) is looked up for the whole batch in one query."""

    def statements_to_send(count: int) -> int:
        due_reminders(engine, world, count, kind="young_person_message")
        with Session(engine) as session:
            rows = claim(session, "counting", NOW)
            statements = count_statements()
            asyncio.run(send_claimed(session, rows, "counting", NOW, Recorder()))
        assert len(rows) == count
        return statements[0]

    assert statements_to_send(1) == statements_to_send(6)


def test_a_sender_that_cannot_be_made_is_logged_and_tried_again_and_the_worker_goes_on(
    engine: Engine, settings: Settings
) -> None:
    """A proxy the transport refuses (the settings check HARBOUR_PUSH_PROXY; this one is made
    past them) must not end the worker's thread inside `harbour serve` with a traceback."""
    refused = PushConfig(vapid_keys(settings), (), proxy="socks5://someone:secret@proxy:1080")
    stop = threading.Event()
    worker = threading.Thread(target=Worker(engine, config=refused).run_forever, args=(stop, 0.05))
    with capture_logs() as logs:
        worker.start()
        deadline = time.monotonic() + 10
        while len(logs) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        running = worker.is_alive()
        stop.set()
        worker.join(10)
    assert running
    assert not worker.is_alive()
    assert len(logs) >= 3
    assert {(log["event"], log["log_level"]) for log in logs} == {
        ("reminder_push_sender_failed", "error")
    }


def test_a_starting_worker_sends_what_is_due_before_and_between_councils(
    world: World, engine: Engine, recorder: Recorder
) -> None:
    """Nationally a starting worker reconciles 110,000 young people, minutes of work: what is
    due (an urgent alert) goes out first, and what falls due meanwhile after each council,
    not once every council is done."""
    due_reminders(engine, world, 1)
    happened: list[str] = []

    class Watched(Worker):
        def reconcile_council(self, council_id: uuid.UUID, now: datetime) -> None:
            happened.append("reconcile")
            super().reconcile_council(council_id, now)
            if happened.count("reconcile") == 1:  # one falls due during the first council
                due_reminders(engine, world, 1)

    async def deliver(
        session: Session, nudges: Sequence[Nudge], deadline: float
    ) -> list[list[SendOutcome]]:
        happened.append("push")
        return await recorder(session, nudges, deadline)

    with time_machine.travel(NOW, tick=False):
        assert Watched(engine, deliver).run_once() == 2
    assert happened == ["push", "reconcile", "push", "reconcile"]  # northdale, then southmere


def test_a_worker_told_to_stop_mid_pass_stops_after_the_council_it_is_on(
    world: World, engine: Engine, recorder: Recorder
) -> None:
    """SIGTERM during a starting worker's first pass (minutes nationally) must not wait for
    every council: a deploy would hang."""
    stop = threading.Event()
    reconciled: list[uuid.UUID] = []

    class Stopped(Worker):
        def reconcile_council(self, council_id: uuid.UUID, now: datetime) -> None:
            reconciled.append(council_id)
            stop.set()  # as SIGTERM does, while this council is reconciled

    worker = threading.Thread(target=Stopped(engine, recorder).run_forever, args=(stop, 60))
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert len(reconciled) == 1  # of two councils
