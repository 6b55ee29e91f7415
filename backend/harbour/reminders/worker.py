"""The reminder worker (`harbour worker`, or a thread inside `harbour serve`): reconciles the
young people whose data changed, makes the morning digests, then claims due reminders and
pushes each one.

Exactly once with several workers: a batch is claimed in one UPDATE whose row choice is
`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer, so the plain
UPDATE is enough), under a claim token no other worker holds; every later change to the row
is made only while that token still holds it. A claim lasts a lease: a worker that dies
mid-send leaves its rows to be claimed again after it.
"""

import logging
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, col, select

from harbour.db import rows_changed
from harbour.health.models import HealthPassport
from harbour.kernel.change_sequence import ChangeWindow, moved_since
from harbour.kernel.time import utc_now
from harbour.plans.models import Plan, PlanTask
from harbour.push.schemas import OutcomeStatus, PushMessage, SendOutcome, topic_for
from harbour.push.service import send_to_person
from harbour.reminders import service
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import EventKind, InboxKind, ReminderStatus
from harbour.tenants.models import Tenant

log = logging.getLogger("harbour.reminders.worker")

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5
BATCH = 50
TTL_SECONDS = {
    InboxKind.reminder: 24 * 3600,
    InboxKind.message: 24 * 3600,
    InboxKind.urgent: 12 * 3600,
}


# Sends one reminder's push to a person's devices; tests may record instead.
Deliver = Callable[[Session, str, uuid.UUID, PushMessage], Sequence[SendOutcome]]


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
    """Take up to `batch` due reminders for this worker and commit the claim."""
    due = or_(
        and_(
            col(Reminder.status) == ReminderStatus.pending.value,
            col(Reminder.next_attempt_at) <= now,
        ),
        and_(
            col(Reminder.status) == ReminderStatus.sending.value,
            col(Reminder.claimed_until) < now,
        ),
    )
    free = (
        select(Reminder.id)
        .where(due)
        .order_by(col(Reminder.next_attempt_at))
        .limit(batch)
        .with_for_update(skip_locked=True)  # rendered on PostgreSQL only
    )
    session.execute(
        update(Reminder)
        .where(col(Reminder.id).in_(free))
        .values(status=ReminderStatus.sending.value, claimed_by=token, claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(
        session.exec(
            select(Reminder).where(
                Reminder.claimed_by == token, Reminder.status == ReminderStatus.sending.value
            )
        ).all()
    )


def _finish(session: Session, row: Reminder, token: str, **values: object) -> None:
    """Change a claimed row only while this claim still holds it."""
    session.execute(
        update(Reminder)
        .where(
            col(Reminder.id) == row.id,
            col(Reminder.claimed_by) == token,
            col(Reminder.status) == ReminderStatus.sending.value,
        )
        .values(claimed_by=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _renew(session: Session, row: Reminder, token: str) -> bool:
    """A fresh lease just before sending, so a long batch cannot outlive its claim; False
    when this claim has already lapsed and been taken."""
    renewed = rows_changed(
        session,
        update(Reminder)
        .where(
            col(Reminder.id) == row.id,
            col(Reminder.claimed_by) == token,
            col(Reminder.status) == ReminderStatus.sending.value,
        )
        .values(claimed_until=utc_now() + LEASE)
        .execution_options(synchronize_session=False),
    )
    session.commit()
    return renewed == 1


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


def send_claimed(
    session: Session, council: Tenant, row: Reminder, token: str, now: datetime, deliver: Deliver
) -> None:
    if not _renew(session, row, token):  # held too long behind slow pushes: another has it
        return
    held = service.held_until(session, council, row, now)
    if held is not None:  # quiet hours: wait for their end, without counting an attempt
        _finish(session, row, token, status=ReminderStatus.pending.value, next_attempt_at=held)
        return
    attempts = row.attempts + 1
    try:
        wait = _retry_after(
            deliver(session, row.recipient_kind, row.recipient_id, push_message(council, row))
        )
    except Exception:  # a failure of one push must not stop the others
        log.exception("reminder_push_failed")
        session.rollback()
        wait = timedelta(0)
    if wait is None:
        _finish(
            session, row, token, status=ReminderStatus.sent.value, sent_at=now, attempts=attempts
        )
    elif attempts >= MAX_ATTEMPTS:
        _finish(session, row, token, status=ReminderStatus.failed.value, attempts=attempts)
    else:
        _finish(
            session,
            row,
            token,
            status=ReminderStatus.pending.value,
            attempts=attempts,
            next_attempt_at=now + max(wait, backoff(attempts)),
        )


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
    """One worker. `deliver` sends one reminder's push (tests give a recording one)."""

    def __init__(self, engine: Engine, deliver: Deliver = send_to_person, batch: int = BATCH):
        self.engine, self.deliver, self.batch = engine, deliver, batch
        self.name = uuid.uuid4().hex[:12]
        self.seen_changes: dict[uuid.UUID, int] = {}  # young person -> number reconciled to

    def reconcile_changed(self, now: datetime) -> None:
        """The catch-all: whatever changed dates without calling reconcile itself. Each
        worker starts by reconciling everyone (it has seen no changes yet)."""
        with Session(self.engine) as session:
            councils = session.exec(select(Tenant)).all()
            for council in councils:
                moved = moved_since(session, council.id, self.seen_changes)
                for person_id in changed_young_people(session, council.id, moved):
                    service.reconcile(session, council, person_id, now)
                    session.commit()
                service.make_digests(session, council, now)
                session.commit()
                self.seen_changes |= {person: window.upto for person, window in moved.items()}

    def send_due(self, now: datetime) -> int:
        """Claim and send one batch; the number claimed."""
        token = f"{self.name}:{uuid.uuid4().hex[:12]}"
        with Session(self.engine) as session:
            rows = claim(session, token, now, self.batch)
            councils: dict[uuid.UUID, Tenant] = {}
            for row in rows:
                council = councils.get(row.tenant_id) or session.get(Tenant, row.tenant_id)
                assert council is not None
                councils[row.tenant_id] = council
                send_claimed(session, council, row, token, now, self.deliver)
            return len(rows)

    def send_until_empty(self) -> int:
        """Claim and send batches until nothing more is due; the number claimed."""
        total = 0
        while (claimed := self.send_due(utc_now())) > 0:
            total += claimed
        return total

    def run_once(self) -> int:
        """One pass: reconcile, digests, then send until nothing more is due."""
        self.reconcile_changed(utc_now())
        return self.send_until_empty()

    def run_forever(self, stop: threading.Event, idle_seconds: float = 5.0) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # the database may be away for a moment: try again later
                log.exception("reminder_worker_pass_failed")
            stop.wait(idle_seconds)


def start_in_background(engine: Engine) -> tuple[threading.Thread, threading.Event]:
    """The worker as a daemon thread of this process (the embedded default)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=Worker(engine).run_forever, args=(stop,), name="reminder-worker", daemon=True
    )
    thread.start()
    return thread, stop
