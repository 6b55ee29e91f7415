"""The reminder worker (`harbour worker`, or a thread inside `harbour serve`): reconciles the
young people whose data changed, makes the morning digests, then claims due reminders in
batches and pushes each batch at once, in one event loop for the worker's life.

Exactly once with several workers (decisions 009 and 022): a batch is claimed in one UPDATE
whose row choice is `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one
writer, so the plain UPDATE is enough), under a claim token no other worker holds, for a
lease. Just before its pushes go the lease is renewed, and the pushes must be done within
SEND_WINDOW of that, well inside the lease, so no other worker can claim a row while its
push is in flight. Every later change to a row is made only while the token still holds it,
and a batch's outcomes are committed together. A worker that dies mid-batch leaves its rows
to be claimed again after the lease.
"""

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol

import structlog
from sqlalchemy import Engine, Table, and_, bindparam, or_, update
from sqlmodel import Session, col, select

from harbour.config import get_settings
from harbour.health.models import HealthPassport
from harbour.kernel.change_sequence import ChangeWindow, moved_since
from harbour.kernel.time import utc_now
from harbour.plans.models import Plan, PlanTask
from harbour.push.schemas import OutcomeStatus, PushMessage, SendOutcome, topic_for
from harbour.push.service import Nudge, PushConfig, Pusher, push_config
from harbour.reminders import service
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import EventKind, InboxKind, ReminderStatus
from harbour.tenants.models import Tenant

# structlog, so an error is logged by its type only, never its message or traceback
# (harbour.logs: a driver's message can hold a row; a proxy's address its credentials).
log = structlog.get_logger("harbour.reminders.worker")

LEASE = timedelta(seconds=60)
# Seconds a batch's pushes may take after its lease is renewed: the rest of the lease is
# for recording them. Each push also has its own 10-second timeouts.
SEND_WINDOW = 40.0
MAX_ATTEMPTS = 5
BATCH = 200
TTL_SECONDS = {
    InboxKind.reminder: 24 * 3600,
    InboxKind.message: 24 * 3600,
    InboxKind.urgent: 12 * 3600,
}
SENDING = ReminderStatus.sending.value
# The table itself: a batch's ends are one executemany, which the ORM's update cannot take.
TABLE: Table = Reminder.__table__  # type: ignore[attr-defined]


class Deliver(Protocol):
    """Sends each nudge to its person's devices by `deadline` (the event loop's clock) and
    says what became of each push; records what it learnt about devices in `session`,
    uncommitted (a record that fails is rolled back, and the outcomes still said: the
    pushes went). It may commit what `session` had before it. `Pusher.push` by default;
    tests may record instead."""

    async def __call__(
        self, session: Session, nudges: Sequence[Nudge], deadline: float
    ) -> Sequence[Sequence[SendOutcome]]: ...


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the first, second, third ... failed attempt."""
    return timedelta(minutes=2 ** (attempts - 1))


def push_message(council: Tenant, row: Reminder) -> PushMessage:
    """What to push: the generic kind and the inbox item to open; never what it is about."""
    kind = service.inbox_kind(EventKind(row.event_kind))
    return PushMessage(
        kind=kind.value,
        open=service.push_path(council, row),
        ttl=TTL_SECONDS[kind],
        urgency="high" if kind is InboxKind.urgent else "normal",
        topic=topic_for(row.id),  # a resend replaces an undelivered copy on the push service
    )


def claim(session: Session, token: str, now: datetime, batch: int = BATCH) -> list[Reminder]:
    """Take up to `batch` due reminders for this worker and commit the claim. The rows come
    back as claimed and detached: read, never changed through the session."""
    due = or_(
        and_(
            col(Reminder.status) == ReminderStatus.pending.value,
            col(Reminder.next_attempt_at) <= now,
        ),
        and_(col(Reminder.status) == SENDING, col(Reminder.claimed_until) < now),
    )
    free = (
        select(Reminder.id)
        .where(due)
        .order_by(col(Reminder.next_attempt_at))
        .limit(batch)
        .with_for_update(skip_locked=True)  # rendered on PostgreSQL only
    )
    rows = session.scalars(
        update(Reminder)
        .where(col(Reminder.id).in_(free))
        .values(status=SENDING, claimed_by=token, claimed_until=now + LEASE)
        .returning(Reminder)
        .execution_options(synchronize_session=False)
    ).all()
    session.expunge_all()
    session.commit()
    return list(rows)


def renew(session: Session, ids: Sequence[uuid.UUID], token: str) -> set[uuid.UUID]:
    """A fresh lease just before the pushes go, committed; the rows this claim still holds
    (one whose lease lapsed and was taken by another worker is not sent)."""
    if not ids:
        return set()
    held = session.scalars(
        update(TABLE)
        .where(TABLE.c.id.in_(ids), TABLE.c.claimed_by == token, TABLE.c.status == SENDING)
        .values(claimed_until=utc_now() + LEASE)
        .returning(TABLE.c.id)
    ).all()
    session.commit()
    return set(held)


def end(
    row: Reminder,
    status: ReminderStatus,
    *,
    attempts: int | None = None,
    next_attempt_at: datetime | None = None,
    sent_at: datetime | None = None,
) -> dict[str, Any]:
    """How a claimed row ends this round, for `finish`."""
    return {
        "row_id": row.id,
        "to_status": status.value,
        "to_attempts": row.attempts if attempts is None else attempts,
        "to_next": next_attempt_at or row.next_attempt_at,
        "to_sent": sent_at,
    }


def finish(session: Session, token: str, ends: Sequence[dict[str, Any]]) -> None:
    """Each claimed row's end, in one statement, and each only while this claim still holds
    it (a worker that lost a row to another changes nothing). Not committed."""
    if not ends:
        return
    session.execute(
        update(TABLE)
        .where(
            TABLE.c.id == bindparam("row_id"),
            TABLE.c.claimed_by == token,
            TABLE.c.status == SENDING,
        )
        .values(
            claimed_by=None,
            claimed_until=None,
            status=bindparam("to_status"),
            attempts=bindparam("to_attempts"),
            next_attempt_at=bindparam("to_next"),
            sent_at=bindparam("to_sent"),
        ),
        ends,
    )


def _retry_after(outcomes: Sequence[SendOutcome]) -> timedelta | None:
    """None when the reminder counts as sent: a device took it, or none can (no device,
    gone, refused; the inbox still has it). Otherwise how long the push service asked for."""
    if any(outcome.status is OutcomeStatus.sent for outcome in outcomes):
        return None
    waits = [
        outcome.after_seconds or 0
        for outcome in outcomes
        if outcome.status is OutcomeStatus.retry_later
    ]
    return timedelta(seconds=max(waits)) if waits else None


def after_push(row: Reminder, outcomes: Sequence[SendOutcome], now: datetime) -> dict[str, Any]:
    """Sent; or tried again after a growing wait (at least what the push service asked);
    or, after MAX_ATTEMPTS, failed."""
    attempts = row.attempts + 1
    wait = _retry_after(outcomes)
    if wait is None:
        return end(row, ReminderStatus.sent, attempts=attempts, sent_at=now)
    if attempts >= MAX_ATTEMPTS:
        return end(row, ReminderStatus.failed, attempts=attempts)
    later = now + max(wait, backoff(attempts))
    return end(row, ReminderStatus.pending, attempts=attempts, next_attempt_at=later)


def _councils(session: Session, rows: Sequence[Reminder]) -> dict[uuid.UUID, Tenant]:
    found = {}
    for tenant_id in {row.tenant_id for row in rows}:
        council = session.get(Tenant, tenant_id)
        assert council is not None  # a council outlives its reminders
        found[tenant_id] = council
    return found


async def send_claimed(
    session: Session, rows: Sequence[Reminder], token: str, now: datetime, deliver: Deliver
) -> None:
    """Push a claimed batch at once and commit every row's end together. A row in its
    recipient's quiet hours waits for their end, without counting an attempt."""
    councils = _councils(session, rows)
    recipients = {(row.recipient_kind, row.recipient_id) for row in rows}
    preferences = service.preferences_of(session, recipients)
    urgent = service.about_urgent(session, rows)
    ends, due = [], []
    for row in rows:
        held = service.held_until(councils[row.tenant_id], row, now, preferences, urgent)
        if held is None:
            due.append(row)
        else:
            ends.append(end(row, ReminderStatus.pending, next_attempt_at=held))
    deadline = asyncio.get_running_loop().time() + SEND_WINDOW  # taken before the lease
    ours = renew(session, [row.id for row in due], token)
    due = [row for row in due if row.id in ours]
    nudges = [
        Nudge(row.recipient_kind, row.recipient_id, push_message(councils[row.tenant_id], row))
        for row in due
    ]
    try:
        outcomes = await deliver(session, nudges, deadline)
    except Exception:  # e.g. the database away before any push went: tried again later
        log.exception("reminder_push_failed")
        session.rollback()
        outcomes = [[SendOutcome(OutcomeStatus.retry_later)]] * len(due)
    ends += [after_push(row, got, now) for row, got in zip(due, outcomes, strict=True)]
    finish(session, token, ends)
    session.commit()


def changed_young_people(
    session: Session, tenant_id: uuid.UUID, moved: Mapping[uuid.UUID, ChangeWindow]
) -> set[uuid.UUID]:
    """Of the young people whose change numbers moved, those whose plan, tasks or passport
    changed in the window they moved through."""
    if not moved:
        return set()
    lowest = min(window.since for window in moved.values())
    found: set[uuid.UUID] = set()
    for model in (Plan, PlanTask, HealthPassport):
        rows = session.exec(
            select(model.young_person_id, model.change_seq).where(
                model.tenant_id == tenant_id,
                col(model.young_person_id).in_(moved),
                col(model.change_seq) > lowest,
            )
        ).all()
        found |= {person for person, number in rows if moved[person].holds(number)}
    return found


class Worker:
    """One worker. `deliver` sends a batch's pushes: by default a `Pusher` over `config` (the
    process's settings when None), made once per event loop; tests give a recording one."""

    def __init__(
        self,
        engine: Engine,
        deliver: Deliver | None = None,
        batch: int = BATCH,
        config: PushConfig | None = None,
    ):
        self.engine, self.deliver, self.batch, self.config = engine, deliver, batch, config
        self.name = uuid.uuid4().hex[:12]
        self.seen_changes: dict[uuid.UUID, int] = {}  # young person -> number reconciled to

    def council_ids(self) -> list[uuid.UUID]:
        with Session(self.engine) as session:
            return list(session.exec(select(Tenant.id)).all())

    def reconcile_council(self, council_id: uuid.UUID, now: datetime) -> None:
        """The catch-all, for one council: whatever changed dates without calling reconcile
        itself, then its morning digests. A worker starts by reconciling everyone (it has
        seen no changes yet)."""
        with Session(self.engine) as session:
            council = session.get(Tenant, council_id)
            if council is None:  # removed since the list was read
                return
            moved = moved_since(session, council.id, self.seen_changes)
            for person_id in changed_young_people(session, council.id, moved):
                service.reconcile(session, council, person_id, now)
                session.commit()
            service.make_digests(session, council, now)
            session.commit()
            self.seen_changes |= {person: window.upto for person, window in moved.items()}

    async def _pass(self, deliver: Deliver, stop: threading.Event | None = None) -> int:
        """Send what is due, then reconcile council by council, sending again after each: a
        starting worker reconciles every young person (minutes, nationally), and an urgent
        alert must not wait for all of that; nor must a stopping worker (it stops between
        councils; the next pass goes on from what is not yet reconciled). The number claimed."""
        claimed = await self._send_until_empty(deliver)
        for council_id in self.council_ids():
            if stop is not None and stop.is_set():
                break
            self.reconcile_council(council_id, utc_now())
            claimed += await self._send_until_empty(deliver)
        return claimed

    @asynccontextmanager
    async def _delivery(self) -> AsyncIterator[Deliver]:
        if self.deliver is not None:
            yield self.deliver
            return
        config = self.config or push_config(get_settings())
        async with Pusher(config) as pusher:
            yield pusher.push

    async def send_due(self, deliver: Deliver, now: datetime) -> int:
        """Claim and send one batch; the number claimed."""
        token = f"{self.name}:{uuid.uuid4().hex[:12]}"
        with Session(self.engine) as session:
            rows = claim(session, token, now, self.batch)
            if rows:
                await send_claimed(session, rows, token, now, deliver)
            return len(rows)

    async def _send_until_empty(self, deliver: Deliver) -> int:
        total = 0
        while (claimed := await self.send_due(deliver, utc_now())) > 0:
            total += claimed
        return total

    def send_until_empty(self) -> int:
        """Claim and send batches until nothing more is due, in an event loop of its own;
        the number claimed."""
        return self._in_own_loop(self._send_until_empty)

    def run_once(self) -> int:
        """One pass (`_pass`), in an event loop of its own; the number claimed."""
        return self._in_own_loop(self._pass)

    def _in_own_loop(self, work: Callable[[Deliver], Awaitable[int]]) -> int:
        async def with_sender() -> int:
            async with self._delivery() as deliver:
                return await work(deliver)

        return asyncio.run(with_sender())

    def run_forever(self, stop: threading.Event, idle_seconds: float = 5.0) -> None:
        """Pass after pass until `stop`, in one event loop with one `Pusher` throughout, so
        connections to push services and VAPID tokens last from one pass to the next."""
        asyncio.run(self._run_forever(stop, idle_seconds))

    async def _run_forever(self, stop: threading.Event, idle_seconds: float) -> None:
        while not stop.is_set():
            try:
                async with self._delivery() as deliver:
                    await self._passes(deliver, stop, idle_seconds)
            except Exception:  # e.g. a proxy the transport refuses: try again later
                log.exception("reminder_push_sender_failed")
                await asyncio.to_thread(stop.wait, idle_seconds)

    async def _passes(self, deliver: Deliver, stop: threading.Event, idle_seconds: float) -> None:
        while not stop.is_set():
            try:
                await self._pass(deliver, stop)
            except Exception:  # the database may be away for a moment: try again later
                log.exception("reminder_worker_pass_failed")
            await asyncio.to_thread(stop.wait, idle_seconds)


def start_in_background(engine: Engine) -> tuple[threading.Thread, threading.Event]:
    """The worker as a daemon thread of this process (the embedded default)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=Worker(engine).run_forever, args=(stop,), name="reminder-worker", daemon=True
    )
    thread.start()
    return thread, stop
