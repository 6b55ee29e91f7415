"""Reminder rules: which reminders a young person's dates call for (`reconcile`), replies,
urgent statements and young people's notes on tasks made into reminders at once, the PAs'
morning digest, quiet hours, each person's settings, and their inbox.

A reminder row is made once per (event, date, offset, recipient): the unique key, not a
check in Python, stops a second one. A date that moves is a new event date, so its rows are
new and the old date's pending rows are cancelled; an event that goes away (a task done, a
date cleared, a young person made inactive) cancels its pending rows.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.access.caseload import CASEWORKERS
from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.db import insert_once
from harbour.health.models import HealthPassport
from harbour.kernel.errors import ApiError, FieldError
from harbour.kernel.time import utc_now
from harbour.plans.models import Plan, PlanTask, TaskNote
from harbour.plans.schemas import OPEN, TaskOwner
from harbour.reminders.models import Reminder, ReminderPreference
from harbour.reminders.schemas import (
    PREFERENCE_OF,
    STAFF_KINDS,
    YOUNG_PERSON_KINDS,
    EventKind,
    InboxItem,
    InboxKind,
    InboxOut,
    PreferenceKind,
    ReminderSettingsIn,
    ReminderSettingsOut,
    ReminderStatus,
)
from harbour.statements.access import statement_alerts_for
from harbour.statements.models import Statement, StatementMessage, StatementReply
from harbour.statements.schemas import TYPE_TITLES
from harbour.tenancy import council_today, scoped, scoped_to
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import ReminderOffsets
from harbour.tenants.service import reminder_settings

OVERDUE_OFFSET = -1  # a task's "overdue" reminder: the day after it was due
DIGEST_DAYS = 7  # plan reviews this close make a PA's digest
INBOX_SIZE = 100
DIGEST_NAMESPACE = uuid.UUID("6f3c2a9e-1d4b-5e8f-9a7c-2b1d0e4f6a8c")

# Passport date field -> its reminder kind and the council's offsets for it.
PASSPORT_DATES: dict[str, tuple[EventKind, str]] = {
    "health_assessment_next": (EventKind.health_assessment_next, "health_assessment"),
    "dental_check_next": (EventKind.dental_check_next, "dental_check"),
    "eye_test_next": (EventKind.eye_test_next, "eye_test"),
    "immunisations_due": (EventKind.immunisations_due, "immunisations"),
    "passport_review": (EventKind.passport_review, "passport_review"),
}
SCHEDULED = (
    EventKind.plan_review,
    *(kind for kind, _ in PASSPORT_DATES.values()),
    EventKind.task_due,
    EventKind.task_overdue,
)


# --- clocks -----------------------------------------------------------------------------------


def clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def at_local(day: date, when: str, zone: ZoneInfo) -> datetime:
    """`day` at the council's `when` ("HH:MM"), in UTC (SQLite keeps no zone: store UTC)."""
    return datetime.combine(day, clock(when), zone).astimezone(UTC)


def quiet_until(now: datetime, start: str, end: str, zone: ZoneInfo) -> datetime | None:
    """The end of the quiet hours `now` falls in (council time), or None outside them.
    Quiet hours may run over midnight (21:00 to 08:00); equal start and end means none."""
    local = now.astimezone(zone)
    begins, ends, moment = clock(start), clock(end), local.timetz().replace(tzinfo=None)
    if begins == ends:
        return None
    overnight = begins > ends
    inside = (moment >= begins or moment < ends) if overnight else begins <= moment < ends
    if not inside:
        return None
    day = local.date() + timedelta(days=1) if overnight and moment >= begins else local.date()
    return at_local(day, end, zone)


# --- settings ---------------------------------------------------------------------------------


def _kinds_for(kind: PersonKind) -> tuple[PreferenceKind, ...]:
    return YOUNG_PERSON_KINDS if kind is PersonKind.young_person else STAFF_KINDS


def _preference(
    session: Session, kind: PersonKind | str, person_id: uuid.UUID
) -> ReminderPreference | None:
    return session.exec(
        select(ReminderPreference).where(
            ReminderPreference.person_kind == str(kind), ReminderPreference.person_id == person_id
        )
    ).first()


def settings_for(
    session: Session, council: Tenant, kind: PersonKind, person_id: uuid.UUID
) -> ReminderSettingsOut:
    """Their choices; without any, the council's quiet hours and every kind on (nothing is
    pushed until they turn reminders on for a device, which is when the app asks)."""
    row = _preference(session, kind, person_id)
    kinds = _kinds_for(kind)
    if row is None:
        defaults = reminder_settings(council)
        return ReminderSettingsOut(
            quiet_start=defaults.quiet_start,
            quiet_end=defaults.quiet_end,
            kinds=dict.fromkeys(kinds, True),
        )
    return ReminderSettingsOut(
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        kinds={k: k.value in row.enabled_kinds for k in kinds},
    )


def change_settings(
    session: Session, council: Tenant, who: Principal, data: ReminderSettingsIn, now: datetime
) -> ReminderSettingsOut:
    """Store their choices; kinds left out keep their current value. A young person's
    pending reminders follow at once (turned-off kinds cancelled, turned-on ones made)."""
    allowed = _kinds_for(who.kind)
    for kind in data.kinds:
        if kind not in allowed:
            field = f"body.kinds.{kind.value}"
            message = "You do not get this kind of reminder."
            raise ApiError(422, "invalid", message, [FieldError(field=field, message=message)])
    current = settings_for(session, council, who.kind, who.id).kinds | data.kinds
    enabled = sorted(k.value for k, on in current.items() if on)
    values = {
        "enabled_kinds": enabled,
        "quiet_start": data.quiet_start,
        "quiet_end": data.quiet_end,
    }
    # Made once even when two devices save at the same moment (the unique key); then changed.
    person = {"tenant_id": council.id, "person_kind": who.kind.value, "person_id": who.id}
    insert_once(
        session, ReminderPreference, {"id": uuid.uuid4(), "updated_at": now} | person | values
    )
    session.execute(
        update(ReminderPreference)
        .where(
            col(ReminderPreference.person_kind) == who.kind.value,
            col(ReminderPreference.person_id) == who.id,
        )
        .values(updated_at=now, **values)
    )
    if who.kind is PersonKind.young_person:
        reconcile(session, council, who.id, now)
    session.commit()
    return settings_for(session, council, who.kind, who.id)


def _enabled(session: Session, kind: PersonKind, person_id: uuid.UUID) -> set[PreferenceKind]:
    row = _preference(session, kind, person_id)
    allowed = _kinds_for(kind)
    if row is None:
        return set(allowed)
    return {k for k in allowed if k.value in row.enabled_kinds}


def _wanted_kind(kind: EventKind, enabled: set[PreferenceKind]) -> bool:
    preference = PREFERENCE_OF[kind]
    return preference is None or preference in enabled


# --- a young person's dated reminders ---------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    event_kind: EventKind
    event_id: uuid.UUID
    event_date: date
    offset_days: int


def _each(kind: EventKind, event_id: uuid.UUID, day: date, offsets: Iterable[int]) -> list[Wanted]:
    return [Wanted(kind, event_id, day, offset) for offset in offsets]


def wanted_for(session: Session, person: YoungPerson, offsets: ReminderOffsets) -> set[Wanted]:
    """Every reminder the young person's plan, tasks and passport call for today, whatever
    the time: reconcile decides which are still to come."""
    if not person.active:
        return set()
    found: list[Wanted] = []
    plan = session.exec(select(Plan).where(Plan.young_person_id == person.id)).first()
    if plan is not None and plan.review_due is not None:
        found += _each(EventKind.plan_review, plan.id, plan.review_due, offsets.plan_review)
    passport = session.exec(
        select(HealthPassport).where(HealthPassport.young_person_id == person.id)
    ).first()
    for field, (kind, setting) in PASSPORT_DATES.items():
        day = getattr(passport, field) if passport is not None else None
        if passport is not None and day is not None:
            found += _each(kind, passport.id, day, getattr(offsets, setting))
    tasks = session.exec(
        select(PlanTask).where(
            PlanTask.young_person_id == person.id,
            col(PlanTask.status).in_([status.value for status in OPEN]),
            col(PlanTask.due_on).is_not(None),
            # Tasks for the PA, carer ... are in the PA's digest, not the young person's nudges.
            PlanTask.owner == TaskOwner.young_person.value,
        )
    ).all()
    for task in tasks:
        assert task.due_on is not None
        found += _each(EventKind.task_due, task.id, task.due_on, offsets.task_due)
        found.append(Wanted(EventKind.task_overdue, task.id, task.due_on, OVERDUE_OFFSET))
    return set(found)


def _key(row: Reminder) -> Wanted:
    return Wanted(EventKind(row.event_kind), row.event_id, row.event_date, row.offset_days)


def _make(
    session: Session,
    council: Tenant,
    kind: PersonKind,
    person_id: uuid.UUID,
    wanted: Wanted,
    due_at: datetime,
) -> None:
    """Insert once; a row this key had before and that was cancelled (a date moved away and
    back) is made pending again."""
    values = {
        "tenant_id": council.id,
        "recipient_kind": kind.value,
        "recipient_id": person_id,
        "event_kind": wanted.event_kind.value,
        "event_id": wanted.event_id,
        "event_date": wanted.event_date,
        "offset_days": wanted.offset_days,
    }
    if insert_once(
        session,
        Reminder,
        values
        | {
            "id": uuid.uuid4(),
            "due_at": due_at,
            "next_attempt_at": due_at,
            "status": ReminderStatus.pending.value,
            "attempts": 0,
            "created_at": utc_now(),
        },
    ):
        return
    same = [col(getattr(Reminder, name)) == value for name, value in values.items()]
    session.execute(
        update(Reminder)
        .where(*same, col(Reminder.status) == ReminderStatus.cancelled.value)
        .values(status=ReminderStatus.pending.value, due_at=due_at, next_attempt_at=due_at)
    )


def reconcile(session: Session, council: Tenant, young_person_id: uuid.UUID, now: datetime) -> None:
    """Make the young person's reminders match their dates now, inside the caller's
    transaction: insert the wanted ones still to come, cancel pending ones no longer wanted.
    A reminder whose day has already gone is not made (no "in 14 days" two days before)."""
    person = session.get(YoungPerson, young_person_id)
    if person is None:
        return
    settings = reminder_settings(council)
    zone, today = ZoneInfo(council.time_zone), council_today(council, now)
    enabled = _enabled(session, PersonKind.young_person, person.id)
    wanted = {
        w
        for w in wanted_for(session, person, settings.offsets)
        if _wanted_kind(w.event_kind, enabled)
    }
    pending = session.exec(
        scoped(Reminder, council).where(
            Reminder.recipient_kind == PersonKind.young_person.value,
            Reminder.recipient_id == person.id,
            col(Reminder.event_kind).in_([kind.value for kind in SCHEDULED]),
            Reminder.status == ReminderStatus.pending.value,
        )
    ).all()
    for row in pending:
        if _key(row) not in wanted:
            row.status = ReminderStatus.cancelled.value
            session.add(row)
    # One already pending needs nothing (inserting it again would change nothing): a worker
    # starting up reconciles everyone, and most of them have changed nothing since.
    for w in wanted - {_key(row) for row in pending}:
        day = w.event_date - timedelta(days=w.offset_days)
        if day >= today:
            _make(
                session,
                council,
                PersonKind.young_person,
                person.id,
                w,
                at_local(day, settings.send_time, zone),
            )


# --- at once: replies and urgent statements ---------------------------------------------------


def reply_sent(
    session: Session, statement: Statement, reply: StatementReply, now: datetime
) -> None:
    """A PA's reply: a reminder for the young person at once (inside the caller's
    transaction), unless they turned reply reminders off."""
    council = session.get(Tenant, statement.tenant_id)
    assert council is not None
    if PreferenceKind.reply not in _enabled(
        session, PersonKind.young_person, statement.young_person_id
    ):
        return
    wanted = Wanted(EventKind.reply, reply.id, council_today(council, now), 0)
    _make(session, council, PersonKind.young_person, statement.young_person_id, wanted, now)


def replies_seen(
    session: Session, statement: Statement, reply_ids: frozenset[uuid.UUID], now: datetime
) -> None:
    """The young person read these replies in their thread: their inbox items for them are
    seen too (inside the caller's transaction), as if opened from the inbox."""
    if not reply_ids:
        return
    session.execute(
        update(Reminder)
        .where(
            col(Reminder.recipient_kind) == PersonKind.young_person.value,
            col(Reminder.recipient_id) == statement.young_person_id,
            col(Reminder.event_kind) == EventKind.reply.value,
            col(Reminder.event_id).in_(reply_ids),
            col(Reminder.seen_at).is_(None),
        )
        .values(seen_at=now)
    )


def urgent_alert_staff(session: Session, statement: Statement) -> list[uuid.UUID]:
    """Who gets an urgent statement's push: the active staff `statement_alerts_for` alerts.
    The candidates (its PA, their managers, its team, whoever holds it, the admins) are
    each checked against that one rule, so the push and the in-app alert always agree."""
    session.flush()  # the statement may have been added in this transaction
    person = session.get(YoungPerson, statement.young_person_id)
    pa = (
        session.get(StaffMember, person.allocated_pa_id)
        if person and person.allocated_pa_id
        else None
    )
    near = [col(StaffMember.role) == StaffRole.council_admin.value]
    for staff_id in (pa.id if pa else None, statement.assigned_staff_id):
        if staff_id is not None:
            near.append(col(StaffMember.id) == staff_id)
    for team_id in (pa.team_id if pa else None, statement.team_id):
        if team_id is not None:
            near.append(col(StaffMember.team_id) == team_id)
    candidates = session.exec(
        scoped_to(StaffMember, statement.tenant_id).where(
            col(StaffMember.active),
            col(StaffMember.role).in_([r.value for r in CASEWORKERS]),
            or_(*near),
        )
    ).all()
    alerted = []
    for staff in candidates:
        principal = Principal(
            PersonKind.staff,
            staff.id,
            staff.tenant_id,
            uuid.UUID(int=0),
            StaffRole(staff.role),
            staff.team_id,
        )
        found = select(Statement.id).where(
            Statement.id == statement.id,
            Statement.tenant_id == statement.tenant_id,
            statement_alerts_for(principal),
        )
        if session.exec(found).first() is not None:
            alerted.append(staff.id)
    return alerted


def urgent_statement(
    session: Session, council: Tenant, statement: Statement, now: datetime
) -> None:
    """An urgent alert at once to each of `urgent_alert_staff`; it is never held by quiet
    hours and cannot be turned off."""
    wanted = Wanted(EventKind.urgent_statement, statement.id, council_today(council, now), 0)
    for staff_id in urgent_alert_staff(session, statement):
        _make(session, council, PersonKind.staff, staff_id, wanted, now)


def urgent_update(session: Session, council: Tenant, statement: Statement, now: datetime) -> None:
    """ "I'm OK now" / "Sent by mistake": a message at once for whoever the statement still
    alerts, whoever holds or acknowledged it, and the young person's PA. Never held by quiet
    hours (someone may be on their way). One nudge per statement and day: a second update
    the same day changes the inbox item's words, not the number of pushes."""
    wanted = Wanted(EventKind.urgent_update, statement.id, council_today(council, now), 0)
    for staff_id in _acting_on(session, statement):
        _make(session, council, PersonKind.staff, staff_id, wanted, now)


def young_person_message(
    session: Session, council: Tenant, statement: Statement, message: StatementMessage
) -> None:
    """Written back in a statement's thread: a message at once (inside the caller's
    transaction) for whoever acts on the statement, one per message. On an urgent statement
    it is never held by quiet hours (see `held_until`)."""
    wanted = Wanted(
        EventKind.young_person_message,
        message.id,
        council_today(council, message.received_at),
        0,
    )
    for staff_id in _acting_on(session, statement):
        _make(session, council, PersonKind.staff, staff_id, wanted, message.received_at)


def _acting_on(session: Session, statement: Statement) -> set[uuid.UUID]:
    """Whoever the statement still alerts, whoever holds or acknowledged it, and the young
    person's PA: the active ones."""
    person = session.get(YoungPerson, statement.young_person_id)
    near = {
        statement.assigned_staff_id,
        statement.acknowledged_by_staff_id,
        person.allocated_pa_id if person else None,
    }
    active = session.exec(
        scoped_to(StaffMember, statement.tenant_id).where(
            col(StaffMember.id).in_([i for i in near if i is not None]), col(StaffMember.active)
        )
    ).all()
    return {*urgent_alert_staff(session, statement), *(s.id for s in active)}


def task_noted(session: Session, council: Tenant, task: PlanTask, note: TaskNote) -> None:
    """A young person's note on a task: a message at once for their PA (inside the caller's
    transaction), unless the PA turned notes on tasks off. A note by staff alerts nobody.
    One per note: the note is the event, and the unique key stops a second."""
    if note.author_kind != PersonKind.young_person.value:
        return
    pa = session.exec(
        select(StaffMember)
        .join(YoungPerson, col(YoungPerson.allocated_pa_id) == col(StaffMember.id))
        .where(col(YoungPerson.id) == task.young_person_id, col(StaffMember.active))
    ).first()
    if pa is None:
        return
    if PreferenceKind.task_note not in _enabled(session, PersonKind.staff, pa.id):
        return
    wanted = Wanted(EventKind.task_note, note.id, council_today(council, note.created_at), 0)
    _make(session, council, PersonKind.staff, pa.id, wanted, note.created_at)


# --- the PA's morning digest ------------------------------------------------------------------


def digest_due(session: Session, council: Tenant, today: date) -> set[uuid.UUID]:
    """The PAs whose caseload has an overdue task or a plan review due within 7 days (or
    overdue) today."""
    caseload = and_(
        col(YoungPerson.tenant_id) == council.id,
        col(YoungPerson.active),
        col(YoungPerson.allocated_pa_id).is_not(None),
    )
    # The tasks and plans are narrowed to the council too, so each is found by its digest
    # index (ix_plan_task_due, ix_plan_review_due): every worker pass asks this of every
    # council, and nationally a scan of all plans each time cost seconds.
    overdue_tasks = (
        select(YoungPerson.allocated_pa_id)
        .join(PlanTask, col(PlanTask.young_person_id) == col(YoungPerson.id))
        .where(
            caseload,
            col(PlanTask.tenant_id) == council.id,
            col(PlanTask.status).in_([status.value for status in OPEN]),
            col(PlanTask.due_on) < today,
        )
    )
    reviews = (
        select(YoungPerson.allocated_pa_id)
        .join(Plan, col(Plan.young_person_id) == col(YoungPerson.id))
        .where(
            caseload,
            col(Plan.tenant_id) == council.id,
            col(Plan.review_due) <= today + timedelta(days=DIGEST_DAYS),
        )
    )
    found = set(session.exec(overdue_tasks).all()) | set(session.exec(reviews).all())
    return {pa for pa in found if pa is not None}


def make_digests(session: Session, council: Tenant, now: datetime) -> None:
    """From the council's digest time, one digest a day to each PA who has something in
    it; made at most once whoever runs it (the unique key). Caller commits."""
    settings = reminder_settings(council)
    zone, today = ZoneInfo(council.time_zone), council_today(council, now)
    due_at = at_local(today, settings.digest_time, zone)
    if now < due_at:
        return
    staff = session.exec(
        scoped(StaffMember, council).where(
            col(StaffMember.id).in_(digest_due(session, council, today)),
            col(StaffMember.active),
        )
    ).all()
    events = {pa.id: uuid.uuid5(DIGEST_NAMESPACE, f"{pa.id}:{today.isoformat()}") for pa in staff}
    # Today's made already (every worker pass after the first): skipped in one query, not
    # tried again one by one (at national scale, 5,000 PAs every few seconds).
    made = set(
        session.exec(
            select(Reminder.event_id).where(
                Reminder.event_kind == EventKind.digest.value,
                col(Reminder.event_id).in_(events.values()),
                Reminder.status != ReminderStatus.cancelled.value,
            )
        ).all()
    )
    for pa in staff:
        if events[pa.id] in made:
            continue
        if PreferenceKind.digest in _enabled(session, PersonKind.staff, pa.id):
            wanted = Wanted(EventKind.digest, events[pa.id], today, 0)
            _make(session, council, PersonKind.staff, pa.id, wanted, due_at)


# --- quiet hours, at claim time ---------------------------------------------------------------


Person = tuple[str, uuid.UUID]  # (person kind, id)


def preferences_of(session: Session, people: Iterable[Person]) -> dict[Person, ReminderPreference]:
    """The saved settings of these people, in one query (for a worker's batch)."""
    wanted = set(people)
    rows = session.exec(
        select(ReminderPreference).where(
            # Their kinds too, so the unique key (person_kind, person_id) finds them: by id
            # alone PostgreSQL reads every person's settings, once a batch.
            col(ReminderPreference.person_kind).in_({kind for kind, _ in wanted}),
            col(ReminderPreference.person_id).in_({person_id for _, person_id in wanted}),
        )
    ).all()
    return {
        (row.person_kind, row.person_id): row
        for row in rows
        if (row.person_kind, row.person_id) in wanted
    }


def held_until(
    council: Tenant,
    row: Reminder,
    now: datetime,
    preferences: dict[Person, ReminderPreference],
    urgent: set[uuid.UUID],
) -> datetime | None:
    """When the recipient's quiet hours end, if `now` is inside them; urgent alerts to
    staff are never held. `preferences`: `preferences_of` the batch's recipients; `urgent`:
    `about_urgent` of the batch."""
    if row.event_kind in (EventKind.urgent_statement.value, EventKind.urgent_update.value):
        return None
    if row.id in urgent:
        return None
    preference = preferences.get((row.recipient_kind, row.recipient_id))
    settings = reminder_settings(council)
    start = preference.quiet_start if preference else settings.quiet_start
    end = preference.quiet_end if preference else settings.quiet_end
    return quiet_until(now, start, end, ZoneInfo(council.time_zone))


def _in_its_statement(model: type[StatementReply] | type[StatementMessage]) -> ColumnElement[bool]:
    """A reply's or message's statement (ids are unique within a council only)."""
    return and_(
        col(model.statement_id) == col(Statement.id),
        col(model.tenant_id) == col(Statement.tenant_id),
    )


def about_urgent(session: Session, rows: Sequence[Reminder]) -> set[uuid.UUID]:
    """The reminders of a young person's message written in an urgent statement's thread,
    in one query for a worker's batch (message ids are unique within a council only)."""
    messages = [row for row in rows if row.event_kind == EventKind.young_person_message.value]
    if not messages:
        return set()
    found = set(
        session.exec(
            select(StatementMessage.tenant_id, StatementMessage.id)
            .join(Statement, _in_its_statement(StatementMessage))
            .where(
                col(StatementMessage.id).in_({row.event_id for row in messages}),
                col(Statement.urgent),
            )
        ).all()
    )
    return {row.id for row in messages if (row.tenant_id, row.event_id) in found}


# --- the inbox --------------------------------------------------------------------------------


def inbox_kind(kind: EventKind) -> InboxKind:
    if kind in (
        EventKind.reply,
        EventKind.task_note,
        EventKind.urgent_update,
        EventKind.young_person_message,
    ):
        return InboxKind.message
    if kind is EventKind.urgent_statement:
        return InboxKind.urgent
    return InboxKind.reminder


def push_path(council: Tenant, row: Reminder) -> str:
    """Where a tap on the notification goes: the inbox entry, which opens the screen."""
    if row.recipient_kind == PersonKind.staff.value:
        return f"/staff/inbox/{row.id}"
    return f"/c/{council.slug}/inbox/{row.id}"


UPDATE_WORDS = {"ok_now": "I'm OK now", "by_mistake": "I sent it by mistake"}

HEALTH_WORDS = {
    EventKind.health_assessment_next: "health assessment",
    EventKind.dental_check_next: "dental check",
    EventKind.eye_test_next: "eye test",
    EventKind.immunisations_due: "immunisations",
    EventKind.passport_review: "health passport review",
}


def _when(day: date, today: date) -> str:
    days = (day - today).days
    if days > 1:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    return f"on {day:%-d %B}"


@dataclass
class _Lookups:
    """What titles need from other tables, loaded once per inbox page."""

    tasks: dict[uuid.UUID, PlanTask]
    replies: dict[uuid.UUID, tuple[StatementReply, str, Statement]]
    statements: dict[uuid.UUID, tuple[Statement, str]]
    notes: dict[uuid.UUID, tuple[PlanTask, str]]  # note id -> its task, the young person's name
    messages: dict[uuid.UUID, tuple[Statement, str]]  # message id -> its statement, their name


def _lookups(session: Session, council: Tenant, rows: Sequence[Reminder]) -> _Lookups:
    """The tasks, replies and statements a council's reminders are about (their ids are
    unique only within the council)."""

    def ids(*kinds: EventKind) -> list[uuid.UUID]:
        return [row.event_id for row in rows if row.event_kind in kinds]

    tasks = session.exec(
        scoped(PlanTask, council).where(
            col(PlanTask.id).in_(ids(EventKind.task_due, EventKind.task_overdue))
        )
    ).all()
    replies = session.exec(
        select(StatementReply, StaffMember.display_name, Statement)
        .join(StaffMember, col(StaffMember.id) == col(StatementReply.staff_id))
        .join(Statement, _in_its_statement(StatementReply))
        .where(
            StatementReply.tenant_id == council.id,
            col(StatementReply.id).in_(ids(EventKind.reply)),
        )
    ).all()
    statements = session.exec(
        select(Statement, YoungPerson.preferred_name)
        .join(YoungPerson, col(YoungPerson.id) == col(Statement.young_person_id))
        .where(
            Statement.tenant_id == council.id,
            col(Statement.id).in_(ids(EventKind.urgent_statement, EventKind.urgent_update)),
        )
    ).all()
    notes = session.exec(
        select(TaskNote.id, PlanTask, YoungPerson.preferred_name)
        .join(PlanTask, col(PlanTask.id) == col(TaskNote.task_id))
        .join(YoungPerson, col(YoungPerson.id) == col(PlanTask.young_person_id))
        .where(col(TaskNote.id).in_(ids(EventKind.task_note)))
    ).all()
    messages = session.exec(
        select(StatementMessage.id, Statement, YoungPerson.preferred_name)
        .join(Statement, _in_its_statement(StatementMessage))
        .join(YoungPerson, col(YoungPerson.id) == col(Statement.young_person_id))
        .where(
            StatementMessage.tenant_id == council.id,
            col(StatementMessage.id).in_(ids(EventKind.young_person_message)),
        )
    ).all()
    return _Lookups(
        tasks={task.id: task for task in tasks},
        replies={reply.id: (reply, name, statement) for reply, name, statement in replies},
        statements={statement.id: (statement, name) for statement, name in statements},
        notes={note_id: (task, name) for note_id, task, name in notes},
        messages={message_id: (statement, name) for message_id, statement, name in messages},
    )


def _digest_title(session: Session, council: Tenant, staff_id: uuid.UUID, today: date) -> str:
    caseload = select(YoungPerson.id).where(
        YoungPerson.tenant_id == council.id,
        YoungPerson.allocated_pa_id == staff_id,
        col(YoungPerson.active),
    )
    overdue = session.exec(
        select(func.count())
        .select_from(PlanTask)
        .where(
            col(PlanTask.young_person_id).in_(caseload),
            col(PlanTask.status).in_([status.value for status in OPEN]),
            col(PlanTask.due_on) < today,
        )
    ).one()
    reviews = session.exec(
        select(func.count())
        .select_from(Plan)
        .where(
            col(Plan.young_person_id).in_(caseload),
            col(Plan.review_due) <= today + timedelta(days=DIGEST_DAYS),
        )
    ).one()
    tasks = f"{overdue} overdue task{'' if overdue == 1 else 's'}"
    plans = f"{reviews} plan review{'' if reviews == 1 else 's'} due within a week"
    return f"Your caseload today: {tasks}, {plans}"


def _title_and_path(
    session: Session, council: Tenant, row: Reminder, found: _Lookups, today: date
) -> tuple[str, str]:
    kind, home = EventKind(row.event_kind), f"/c/{council.slug}"
    if kind is EventKind.plan_review:
        return f"Your pathway plan review is {_when(row.event_date, today)}", f"{home}/plan"
    if kind in HEALTH_WORDS:
        return f"Your {HEALTH_WORDS[kind]} is {_when(row.event_date, today)}", f"{home}/health"
    if kind in (EventKind.task_due, EventKind.task_overdue):
        task = found.tasks.get(row.event_id)
        name = f"“{task.title}”" if task else "A task"
        due = "was due" if kind is EventKind.task_overdue else "is due"
        return f"{name} {due} {_when(row.event_date, today)}", f"{home}/plan/tasks/{row.event_id}"
    if kind is EventKind.reply:
        reply, staff_name, statement = found.replies[row.event_id]
        first = staff_name.split()[0] if staff_name.split() else "Your PA"
        # Which of their statements: its title and the day they wrote it, in the council's time.
        written = statement.written_at.astimezone(ZoneInfo(council.time_zone))
        about = f"“{TYPE_TITLES[statement.type]}” from {written:%-d %b}"
        return f"{first} replied to {about}", f"{home}/views/sent/{reply.statement_id}"
    if kind is EventKind.digest:
        return _digest_title(session, council, row.recipient_id, row.event_date), "/staff"
    if kind is EventKind.task_note:
        task, name = found.notes[row.event_id]
        plan = f"/staff/young-people/{task.young_person_id}/plan"
        return f"{name} added a note to “{task.title}”", plan
    if kind is EventKind.young_person_message:
        statement, name = found.messages[row.event_id]
        return f"{name} wrote back about “{TYPE_TITLES[statement.type]}”", (
            f"/staff/views/{statement.id}"
        )
    statement, name = found.statements[row.event_id]
    if kind is EventKind.urgent_update:
        said = UPDATE_WORDS.get(statement.update_said or "", "sent an update")
        return f"{name} says: {said}", f"/staff/views/{row.event_id}"
    return f"Urgent: {name} needs help now", f"/staff/views/{row.event_id}"


def _inbox_rows(council: Tenant, who: Principal, now: datetime) -> SelectOfScalar[Reminder]:
    return scoped(Reminder, council).where(
        Reminder.recipient_kind == who.kind.value,
        Reminder.recipient_id == who.id,
        col(Reminder.status) != ReminderStatus.cancelled.value,
        col(Reminder.due_at) <= now,
    )


def unseen_count(session: Session, council: Tenant, who: Principal, now: datetime) -> int:
    """How many of their inbox's entries they have not seen: the count beside "Inbox"."""
    return session.exec(
        select(func.count()).select_from(
            _inbox_rows(council, who, now).where(col(Reminder.seen_at).is_(None)).subquery()
        )
    ).one()


def inbox(session: Session, council: Tenant, who: Principal, now: datetime) -> InboxOut:
    """Their reminders and messages due by now, newest first: the source of truth, since a
    push can be lost. Titles come from today's data."""
    rows = session.exec(
        _inbox_rows(council, who, now)
        .order_by(col(Reminder.due_at).desc(), col(Reminder.id))
        .limit(INBOX_SIZE)
    ).all()
    unseen = unseen_count(session, council, who, now)
    found, today = _lookups(session, council, rows), council_today(council, now)
    items = []
    for row in rows:
        title, path = _title_and_path(session, council, row, found, today)
        items.append(
            InboxItem(
                id=row.id,
                kind=inbox_kind(EventKind(row.event_kind)),
                event_kind=EventKind(row.event_kind),
                title=title,
                open=path,
                due_at=row.due_at,
                sent_at=row.sent_at,
                seen_at=row.seen_at,
            )
        )
    return InboxOut(items=items, unseen=unseen)


def mark_seen(session: Session, row: Reminder, now: datetime) -> None:
    """The first time counts; seeing it again changes nothing."""
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == row.id, col(Reminder.seen_at).is_(None))
        .values(seen_at=now)
    )
    session.commit()
