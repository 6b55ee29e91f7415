"""Statement rules: storing what a phone sends, the PA's queue, the response clock, the
changes staff make, and what a young person pulls back.

Every write a phone may need to see takes the young person's next change number first (see
`next_change`). That row lock also serialises the writes about that young person's
statements, so a check made after it (is it read yet? who holds it?) cannot race another
request; other young people's statements are written in parallel (decision 021).
"""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from harbour.accounts.models import StaffMember, Team, YoungPerson
from harbour.accounts.schemas import Principal, StaffRole
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.db import as_utc
from harbour.kernel.change_sequence import ChangeWindow, next_change
from harbour.kernel.errors import ApiError, Forbidden, Rejected, invalid, validated
from harbour.kernel.events import publish
from harbour.kernel.text import first_name
from harbour.kernel.time import utc_now
from harbour.statements.access import own_statement
from harbour.statements.events import (
    MessageReceived,
    RepliesSeen,
    ReplySent,
    UrgentStatementReceived,
    UrgentUpdateReceived,
)
from harbour.statements.models import (
    Statement,
    StatementMessage,
    StatementNote,
    StatementReply,
)
from harbour.statements.schemas import (
    ANSWERS,
    PREVIEW_LENGTH,
    About,
    Answers,
    CaseRecordMark,
    MeetingAnswers,
    MessageOut,
    MessageState,
    NoteOut,
    QueueItem,
    QueuePage,
    QueueQuery,
    ReplyOut,
    ReplyState,
    SeenStatus,
    StaffRef,
    StaffReplyOut,
    StatementChange,
    StatementIn,
    StatementMessageIn,
    StatementOut,
    StatementsPull,
    StatementState,
    StatementStatus,
    StatementType,
    StatementUpdateIn,
    ThreadOut,
    UpdateSaid,
    UrgentReason,
    YoungPersonContact,
    YoungPersonRef,
    YoungPersonSaid,
)
from harbour.tenancy import scoped
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import ViewsSettings
from harbour.tenants.service import views_settings

MEETING_SOON_DAYS = 7
MEETING_EARLIEST = timedelta(days=30)  # a review that just happened may still be written up
MEETING_LATEST = timedelta(days=366)

# Forward through the statuses in any steps; back only from Done to In progress (reopened).
MOVES: dict[StatementStatus, set[StatementStatus]] = {
    StatementStatus.new: {StatementStatus.seen, StatementStatus.in_progress, StatementStatus.done},
    StatementStatus.seen: {StatementStatus.in_progress, StatementStatus.done},
    StatementStatus.in_progress: {StatementStatus.done},
    StatementStatus.done: {StatementStatus.in_progress},
}


# --- the response clock and urgency ----------------------------------------------------------


def add_working_days(start: datetime, zone: ZoneInfo, days: int) -> datetime:
    """`days` working days (Monday to Friday, in the council's time zone) after `start`, at
    the same local time. Something arriving at a weekend starts the clock at midnight
    before Monday, so one working day is due by the end of Monday. Bank holidays are not
    counted out."""
    local = start.astimezone(zone)
    day, clock = local.date(), local.timetz().replace(tzinfo=None)
    if day.weekday() >= 5:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        clock = time(0)
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return datetime.combine(day, clock, zone).astimezone(start.tzinfo)


def due_at(received_at: datetime, urgent: bool, zone: ZoneInfo, views: ViewsSettings) -> datetime:
    times = views.response_times
    if urgent:
        return received_at + timedelta(minutes=times.urgent_minutes)
    return add_working_days(received_at, zone, times.other_working_days)


def _phrase_pattern(phrase: str) -> str:
    # Whole words only ("hit me" must not match "white mess"); any spaces between words.
    words = (re.escape(word) for word in phrase.split())
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def _plain(text: str) -> str:
    # Phones type a curly apostrophe (U+2019); the council's list uses straight ones.
    return text.casefold().replace("\u2019", "'")


def matches_phrase(texts: Sequence[str], phrases: Sequence[str]) -> bool:
    """True when any safeguarding phrase appears, as whole words, ignoring case."""
    if not phrases:
        return False
    pattern = re.compile("|".join(_phrase_pattern(_plain(p)) for p in phrases))
    return any(pattern.search(_plain(text)) for text in texts)


# --- statements arriving from phones -------------------------------------------------------


@dataclass(frozen=True)
class ParsedStatement:
    body: StatementIn
    answers: Answers


def parse_statement(body: dict[str, Any]) -> ParsedStatement:
    """The body checked in two steps, so every error names its field from `body.`."""
    envelope = validated(StatementIn, body, "body")
    answers = validated(ANSWERS[envelope.type], envelope.answers, "body", "answers")
    return ParsedStatement(envelope, answers)


def check_statement(
    session: Session, parsed: ParsedStatement, written_at: datetime, author: Principal
) -> Tenant:
    """The author's council, or Rejected naming the field that cannot be right."""
    council = session.get(Tenant, author.tenant_id)
    assert council is not None  # the author's session was checked moments ago
    if views_settings(council).recipient(parsed.body.recipient) is None:
        raise Rejected.at("body.recipient", "This council has no recipient with this key.")
    answers = parsed.answers
    if isinstance(answers, MeetingAnswers) and answers.meeting_date is not None:
        written = written_at.astimezone(ZoneInfo(council.time_zone)).date()
        if not written - MEETING_EARLIEST <= answers.meeting_date <= written + MEETING_LATEST:
            raise Rejected.at(
                "body.answers.meeting_date",
                "The meeting date must be between 30 days before and a year after the day "
                "this was written.",
            )
    return council


def _recipient_team(session: Session, council: Tenant, team_name: str | None) -> uuid.UUID | None:
    if team_name is None:
        return None
    team = session.exec(scoped(Team, council).where(Team.name == team_name)).first()
    return team.id if team else None


def record_statement(
    session: Session,
    item_id: uuid.UUID,
    written_at: datetime,
    council: Tenant,
    parsed: ParsedStatement,
    author: Principal,
) -> None:
    """Store a checked statement; the caller has already claimed its id (sync receipt)."""
    body, answers = parsed.body, parsed.answers
    views = views_settings(council)
    recipient = views.recipient(body.recipient)
    assert recipient is not None  # check_statement made sure
    texts = answers.free_text()
    reason = (
        UrgentReason.asked_for_help
        if body.urgent or body.type is StatementType.help_now
        else UrgentReason.phrase
        if matches_phrase(texts, views.safeguarding_phrases)
        else None
    )
    person = session.get(YoungPerson, author.id)
    assert person is not None
    received_at = utc_now()
    statement = Statement(
        id=item_id,
        tenant_id=council.id,
        young_person_id=person.id,
        type=body.type.value,
        recipient=recipient.key,
        team_id=_recipient_team(session, council, recipient.team),
        answers=answers.model_dump(mode="json", exclude_none=True),
        about=body.about.model_dump(mode="json") if body.about else None,
        preview=texts[0][:PREVIEW_LENGTH] if texts else "",
        urgent=reason is not None,
        urgent_reason=reason.value if reason else None,
        meeting_date=answers.meeting_date if isinstance(answers, MeetingAnswers) else None,
        written_at=written_at,
        received_at=received_at,
        assigned_staff_id=person.allocated_pa_id if recipient.team is None else None,
        due_at=due_at(received_at, reason is not None, ZoneInfo(council.time_zone), views),
        change_seq=next_change(session, council.id, person.id),
        updated_at=received_at,
    )
    session.add(statement)
    if statement.urgent:  # a push to everyone the in-app alert reaches, at once
        publish(session, UrgentStatementReceived(council, statement, received_at))


# --- the queue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    mine_only: bool = True
    status: StatementStatus | None = None
    young_person_id: uuid.UUID | None = None
    type: StatementType | None = None
    overdue: bool | None = None
    limit: int = 50
    offset: int = 0

    @classmethod
    def of(cls, query: QueueQuery) -> "QueueFilter":
        return cls(
            query.view == "mine",
            query.status,
            query.young_person_id,
            query.type,
            query.overdue,
            query.limit,
            query.offset,
        )


def _overdue(now: datetime) -> ColumnElement[bool]:
    return and_(col(Statement.responded_at).is_(None), col(Statement.due_at) < now)


def _priority(council: Tenant, now: datetime) -> Any:
    today = now.astimezone(ZoneInfo(council.time_zone)).date()
    return case(
        (and_(col(Statement.urgent), col(Statement.acknowledged_at).is_(None)), 0),
        (col(Statement.urgent), 1),
        (
            col(Statement.meeting_date).between(today, today + timedelta(days=MEETING_SOON_DAYS)),
            2,
        ),
        else_=3,
    )


def _mine(me: Principal, alerted: ColumnElement[bool]) -> ColumnElement[bool]:
    """Assigned to me, or sent to my team and not yet taken, or urgent for me and not yet
    acknowledged (an urgent statement stays at the top of every view until then)."""
    rules = [col(Statement.assigned_staff_id) == me.id, alerted]
    if me.team_id is not None:
        rules.append(
            and_(col(Statement.assigned_staff_id).is_(None), col(Statement.team_id) == me.team_id)
        )
    return or_(*rules)


@dataclass(frozen=True)
class Reach:
    """From harbour.statements.access: what this person may see, and what must alert them."""

    visible: ColumnElement[bool]
    alerted: ColumnElement[bool]


def _filters(
    council: Tenant, me: Principal, reach: Reach, wanted: QueueFilter, now: datetime
) -> list[ColumnElement[bool]]:
    where = [col(Statement.tenant_id) == council.id, reach.visible]
    if wanted.mine_only:
        where.append(_mine(me, reach.alerted))
    # IN, not "!= done": the open statuses can use the (council, status, received) index.
    statuses = (
        [wanted.status]
        if wanted.status
        else [s for s in StatementStatus if s is not StatementStatus.done]
    )
    where.append(col(Statement.status).in_([s.value for s in statuses]))
    if wanted.young_person_id is not None:
        where.append(col(Statement.young_person_id) == wanted.young_person_id)
    if wanted.type is not None:
        where.append(col(Statement.type) == wanted.type.value)
    if wanted.overdue is not None:
        where.append(_overdue(now) if wanted.overdue else ~_overdue(now))
    return where


def _queue_rows(
    session: Session,
    council: Tenant,
    where: list[ColumnElement[bool]],
    order: Sequence[Any],
    limit: int,
    offset: int,
) -> list[tuple[Statement, str, StaffMember | None, StaffMember | None]]:
    """A page of statements with their young people's names, assignees and whoever answered
    first, in two queries whatever the page size (no N+1). The page's ids are chosen first,
    sorting the matching ids found by a plain subquery: given ORDER BY and LIMIT (or a join)
    on the same query, SQLite's planner scans the whole table instead of using the indexes
    for the ORs. The page's rows then come with the rest joined, by primary key."""
    # Ids are unique within a council only (decision 012): each step names the council.
    in_council = col(Statement.tenant_id) == council.id
    matching = select(Statement.id).where(*where)
    ids = session.exec(
        select(Statement.id)
        .where(in_council, col(Statement.id).in_(matching))
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    ).all()
    if not ids:
        return []
    assignee, responder = aliased(StaffMember), aliased(StaffMember)
    rows = session.exec(
        select(Statement, YoungPerson.preferred_name, assignee, responder)
        .join(YoungPerson, col(YoungPerson.id) == col(Statement.young_person_id))
        .outerjoin(assignee, col(assignee.id) == col(Statement.assigned_staff_id))
        .outerjoin(responder, col(responder.id) == col(Statement.responded_by_staff_id))
        .where(in_council, col(Statement.id).in_(ids))
    ).all()
    by_id = {row[0].id: (row[0], row[1], row[2], row[3]) for row in rows}
    return [by_id[i] for i in ids]


def _staff_ref(staff: StaffMember | None) -> StaffRef | None:
    return StaffRef(id=staff.id, display_name=staff.display_name) if staff else None


def _is_overdue(row: Statement, now: datetime) -> bool:
    return row.responded_at is None and now > as_utc(row.due_at)


def _minutes_late(row: Statement) -> int | None:
    """Whole minutes between due and answered, at least 1; None when in time or unanswered."""
    if row.responded_at is None or as_utc(row.responded_at) <= as_utc(row.due_at):
        return None
    late = as_utc(row.responded_at) - as_utc(row.due_at)
    return max(1, int(late.total_seconds() // 60))


def queue_item(
    row: Statement,
    name: str,
    assignee: StaffMember | None,
    answerer: StaffMember | None,
    views: ViewsSettings,
    now: datetime,
) -> QueueItem:
    recipient = views.recipient(row.recipient)
    return QueueItem(
        id=row.id,
        young_person=YoungPersonRef(id=row.young_person_id, preferred_name=name),
        type=StatementType(row.type),
        recipient=row.recipient,
        # A recipient dropped from a later pack keeps its key as its label.
        recipient_label=recipient.label if recipient else row.recipient,
        urgent=row.urgent,
        urgent_reason=UrgentReason(row.urgent_reason) if row.urgent_reason else None,
        acknowledged=row.acknowledged_at is not None,
        status=StatementStatus(row.status),
        received_at=row.received_at,
        due_at=row.due_at,
        overdue=_is_overdue(row, now),
        answered_at=row.responded_at,
        answered_by=first_name(answerer.display_name) if answerer else None,
        answered_late_minutes=_minutes_late(row),
        assigned_to=_staff_ref(assignee),
        meeting_date=row.meeting_date,
        preview=row.preview,
        young_person_update=_update_of(row),
        new_message=row.new_message_at is not None,
        copied_to_case_record_at=row.copied_at,
    )


def _update_of(row: Statement) -> YoungPersonSaid | None:
    if row.update_said is None or row.update_at is None:
        return None
    return YoungPersonSaid(said=UpdateSaid(row.update_said), at=row.update_at)


def queue_page(
    session: Session,
    council: Tenant,
    me: Principal,
    reach: Reach,
    wanted: QueueFilter,
    now: datetime,
) -> QueuePage:
    """One page of the queue, unaudited: the caller audits the listing (`list_queue`, or
    the triage screen's one row for everything it shows)."""
    where = _filters(council, me, reach, wanted, now)
    total = session.exec(select(func.count()).select_from(Statement).where(*where)).one()
    order = (_priority(council, now), col(Statement.received_at), col(Statement.id))
    rows = _queue_rows(session, council, where, order, wanted.limit, wanted.offset)
    views = views_settings(council)
    return QueuePage(
        items=[queue_item(*row, views, now) for row in rows],
        total=total,
        time_zone=council.time_zone,
    )


def list_queue(
    session: Session,
    council: Tenant,
    me: Principal,
    reach: Reach,
    wanted: QueueFilter,
    now: datetime,
) -> QueuePage:
    # Built before the commit, which would expire the rows and reload each one (N+1).
    page = queue_page(session, council, me, reach, wanted, now)
    audit_listing(session, council, me, len(page.items))
    session.commit()
    return page


def audit_listing(session: Session, council: Tenant, me: Principal, count: int) -> None:
    """The audit row for looking at the queue (the caller commits)."""
    audit.record(session, council.id, AuditAction.statement_listed, me, detail={"count": count})


def list_alerts(
    session: Session, council: Tenant, alerted: ColumnElement[bool], now: datetime
) -> list[QueueItem]:
    """`alerted` comes from statements.access: the urgent statements that must reach this person."""
    where = [col(Statement.tenant_id) == council.id, alerted]
    order = (col(Statement.received_at), col(Statement.id))
    rows = _queue_rows(session, council, where, order, 100, 0)
    views = views_settings(council)
    return [queue_item(*row, views, now) for row in rows]


# --- one statement ------------------------------------------------------------------------


def _staff_by_id(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, StaffMember]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(StaffMember).where(col(StaffMember.id).in_(wanted))).all()
    return {row.id: row for row in rows}


def _with_authors(
    session: Session, model: type[StatementReply] | type[StatementNote], statement: Statement
) -> Sequence[tuple[Any, StaffMember]]:
    """A statement's replies or notes, oldest first, each with who wrote it (one query)."""
    return session.exec(
        select(model, StaffMember)
        .join(StaffMember, col(StaffMember.id) == col(model.staff_id))
        .where(model.tenant_id == statement.tenant_id, model.statement_id == statement.id)
        .order_by(col(model.created_at), col(model.id))
    ).all()


def statement_out(session: Session, council: Tenant, row: Statement, now: datetime) -> StatementOut:
    person = session.get(YoungPerson, row.young_person_id)
    assert person is not None
    staff = _staff_by_id(
        session,
        {
            row.assigned_staff_id,
            row.first_read_by_staff_id,
            row.acknowledged_by_staff_id,
            row.responded_by_staff_id,
            row.copied_by_staff_id,
        },
    )

    def ref(staff_id: uuid.UUID | None) -> StaffRef | None:
        return _staff_ref(staff.get(staff_id)) if staff_id else None

    item = queue_item(
        row,
        person.preferred_name,
        staff.get(row.assigned_staff_id) if row.assigned_staff_id else None,
        staff.get(row.responded_by_staff_id) if row.responded_by_staff_id else None,
        views_settings(council),
        now,
    )
    notes = _with_authors(session, StatementNote, row)
    # How to reach them and what to do now: for urgent statements only, where it is needed.
    contact = (
        YoungPersonContact(
            contact_phone=person.contact_phone,
            preferred_language=person.preferred_language,
            interpreter_needed=person.interpreter_needed,
        )
        if row.urgent
        else None
    )
    return StatementOut(
        **item.model_dump(),
        written_at=row.written_at,
        answers=row.answers,
        about=About.model_validate(row.about) if row.about else None,
        first_read_at=row.first_read_at,
        first_read_by=ref(row.first_read_by_staff_id),
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=ref(row.acknowledged_by_staff_id),
        responded_at=row.responded_at,
        time_zone=council.time_zone,
        replies=_replies_out(session, row),
        messages=_young_persons_messages(session, row),
        notes=[NoteOut(**_message_out(note, staff).model_dump()) for note, staff in notes],
        contact=contact,
        safeguarding_steps=views_settings(council).safeguarding_steps if row.urgent else [],
        copied_to_case_record=_mark_of(row, staff),
    )


def _mark_of(row: Statement, staff: dict[uuid.UUID, StaffMember]) -> CaseRecordMark | None:
    copier = staff.get(row.copied_by_staff_id) if row.copied_by_staff_id else None
    if row.copied_at is None or copier is None:
        return None
    by = StaffRef(id=copier.id, display_name=copier.display_name)
    return CaseRecordMark(at=row.copied_at, by=by)


def mark_copied(
    session: Session, council: Tenant, row: Statement, me: Principal, now: datetime
) -> StatementOut:
    """ "Copied to case record": the first mark is kept, with who and when, and audited;
    marking again changes nothing. One conditional UPDATE, so two people marking at once
    leave one mark and one audit row. Staff only: phones never see it (no change number)."""
    first = session.execute(
        update(Statement)
        .where(
            col(Statement.tenant_id) == row.tenant_id,
            col(Statement.id) == row.id,
            col(Statement.copied_at).is_(None),
        )
        .values(copied_at=now, copied_by_staff_id=me.id)
    )
    if first.rowcount:  # type: ignore[attr-defined]
        _audit(session, row, me, AuditAction.statement_copied_to_case_record)
    session.commit()
    session.refresh(row)
    return statement_out(session, council, row, now)


def _replies_out(session: Session, row: Statement) -> list[StaffReplyOut]:
    """The replies with when the young person saw each (null: sent, not seen yet)."""
    return [
        StaffReplyOut(**_message_out(reply, staff).model_dump(), read_at=reply.read_at)
        for reply, staff in _with_authors(session, StatementReply, row)
    ]


def _young_persons_messages(session: Session, row: Statement) -> list[MessageOut]:
    """What the young person wrote back, oldest first, with who read each (one query)."""
    rows = session.exec(
        select(StatementMessage, StaffMember)
        .outerjoin(StaffMember, col(StaffMember.id) == col(StatementMessage.read_by_staff_id))
        .where(_in_thread(row))
        .order_by(col(StatementMessage.written_at), col(StatementMessage.id))
    ).all()
    return [
        MessageOut(
            id=message.id,
            text=message.text,
            written_at=message.written_at,
            received_at=message.received_at,
            read_at=message.read_at,
            read_by=_staff_ref(reader),
        )
        for message, reader in rows
    ]


def _in_thread(row: Statement) -> ColumnElement[bool]:
    return and_(
        col(StatementMessage.tenant_id) == row.tenant_id,
        col(StatementMessage.statement_id) == row.id,
    )


def _audit(
    session: Session, row: Statement, me: Principal, action: AuditAction, **detail: Any
) -> None:
    audit.record(
        session,
        row.tenant_id,
        action,
        me,
        subject_kind="statement",
        subject_id=row.id,
        detail=detail,
    )


def lock_for_change(session: Session, row: Statement) -> int:
    """Take the young person's next change number (which serialises the writes about their
    statements), then read the statement again: what another request just committed is what
    we build on, and what access rules about it (who holds it?) are decided on."""
    change = next_change(session, row.tenant_id, row.young_person_id)
    session.refresh(row)
    return change


def _mark_read(session: Session, row: Statement, me: Principal, change: int, now: datetime) -> None:
    if row.first_read_at is not None:
        return
    row.first_read_at, row.first_read_by_staff_id = now, me.id
    if row.status == StatementStatus.new.value:
        row.status = StatementStatus.seen.value
    row.change_seq, row.updated_at = change, now


def read_statement(
    session: Session, council: Tenant, row: Statement, me: Principal, now: datetime
) -> StatementOut:
    """Open a statement. The first opening marks it read (the young person sees "Read by
    <first name>") and moves New to Seen; every opening is audited. Opening it also reads
    what the young person wrote back (they see "Seen by <first name>") and clears the queue's
    "new message" flag."""
    if row.first_read_at is None or row.new_message_at is not None:
        number = lock_for_change(session, row)
        _mark_read(session, row, me, number, now)
        _read_messages(session, row, me, number, now)
        session.add(row)
    _audit(session, row, me, AuditAction.statement_read)
    session.commit()
    return statement_out(session, council, row, now)


def _read_messages(
    session: Session, row: Statement, me: Principal, change: int, now: datetime
) -> None:
    """The young person's unread messages in this thread are read by `me`, now."""
    if row.new_message_at is None:
        return
    unread = session.exec(
        select(StatementMessage).where(_in_thread(row), col(StatementMessage.read_at).is_(None))
    ).all()
    for message in unread:
        message.read_at, message.read_by_staff_id, message.change_seq = now, me.id, change
        session.add(message)
    row.new_message_at, row.change_seq, row.updated_at = None, change, now


def _new_status(row: Statement, wanted: StatementStatus) -> StatementStatus | None:
    current = StatementStatus(row.status)
    if wanted == current:
        return None
    if wanted not in MOVES[current]:
        raise invalid(
            "body.status",
            "It can move to: " + ", ".join(sorted(s.value for s in MOVES[current])),
            summary=f"A statement that is {current.value} cannot move to {wanted.value}.",
        )
    return wanted


def _may_receive(session: Session, statement: Statement, target: StaffMember) -> bool:
    """A team's statement goes to a member of that team; a PA's statement to the young
    person's PA or a PA in the same team (cover)."""
    if statement.team_id is not None:
        return target.team_id == statement.team_id
    person = session.get(YoungPerson, statement.young_person_id)
    pa = (
        session.get(StaffMember, person.allocated_pa_id)
        if person and person.allocated_pa_id
        else None
    )
    if pa is None:
        return True  # nobody allocated: the caller's own limits below decide
    return target.id == pa.id or (pa.team_id is not None and target.team_id == pa.team_id)


def assignee_for(
    session: Session,
    council: Tenant,
    me: Principal,
    statement: Statement,
    target_id: uuid.UUID | None,
) -> StaffMember | None:
    """Who a statement may be assigned to by `me`. Managers and admins assign and reassign;
    a PA takes an unassigned team statement, hands theirs to a teammate, or puts a team
    statement they hold back in the team's pool (`None`)."""
    leads = me.role in (StaffRole.team_manager, StaffRole.council_admin)
    holds_it = statement.assigned_staff_id == me.id
    if target_id is None:
        if statement.team_id is None:
            raise invalid(
                "body.assigned_staff_id", "A statement for the PA needs someone to hold it."
            )
        if not (leads or holds_it):
            raise Forbidden("Only whoever holds it, or a manager, can put it back.")
        return None
    target = session.exec(scoped(StaffMember, council).where(StaffMember.id == target_id)).first()
    holds_caseloads = {StaffRole.personal_adviser.value, StaffRole.team_manager.value}
    if (
        target is None
        or not target.active
        or target.role not in holds_caseloads
        or not _may_receive(session, statement, target)
    ):
        raise invalid(
            "body.assigned_staff_id",
            "Choose an active PA who works with this young person, or in the team it was sent to.",
        )
    same_team = me.team_id is not None and target.team_id == me.team_id
    if me.role is StaffRole.council_admin:
        return target
    if me.role is StaffRole.team_manager:
        if not (same_team or target.id == me.id):
            raise invalid("body.assigned_staff_id", "Choose someone in your team.")
        return target
    takes_from_pool = (
        statement.assigned_staff_id is None and statement.team_id is not None and target.id == me.id
    )
    if takes_from_pool or (holds_it and same_team):
        return target
    raise Forbidden("You can take an unassigned team statement, or hand on one you hold.")


def change_statement(
    session: Session,
    council: Tenant,
    row: Statement,
    me: Principal,
    change: StatementChange,
    assignee: StaffMember | None,
    number: int,
    now: datetime,
) -> StatementOut:
    """Apply a status move and/or (re)assignment under the change `number` the caller took
    with `lock_for_change`. `assignee` comes from `assignee_for`, checked
    after that lock, when `assigned_staff_id` was sent."""
    if change.status is not None:
        moved = _new_status(row, change.status)
        if moved is not None:
            _audit(
                session,
                row,
                me,
                AuditAction.statement_status_changed,
                status_from=row.status,
                status_to=moved.value,
            )
            row.status = moved.value
            if moved is StatementStatus.done:
                _stop_clock(row, me, now)
    if "assigned_staff_id" in change.model_fields_set:
        new_id = assignee.id if assignee else None
        if new_id != row.assigned_staff_id:
            _audit(session, row, me, AuditAction.statement_assigned, assigned_staff_id=str(new_id))
            row.assigned_staff_id = new_id
    row.change_seq, row.updated_at = number, now
    session.add(row)
    session.commit()
    return statement_out(session, council, row, now)


def _stop_clock(row: Statement, me: Principal, now: datetime) -> None:
    """The first answer (a reply, or Done without one) stops the response clock for good:
    the queue then says when and by whom, and whether it was late."""
    if row.responded_at is None:
        row.responded_at, row.responded_by_staff_id = now, me.id


def acknowledge(
    session: Session,
    council: Tenant,
    row: Statement,
    me: Principal,
    now: datetime,
    reply: str | None = None,
) -> StatementOut:
    """Someone has seen the urgent statement and is acting: it stops alerting. The first
    acknowledgement is kept; acknowledging again changes nothing. With `reply`, the reply
    goes in the same transaction, so the young person hears both or neither (the reply's
    text was checked before this runs)."""
    if not row.urgent:
        raise ApiError(409, "not_urgent", "Only urgent statements are acknowledged.")
    number = lock_for_change(session, row)
    if row.acknowledged_at is None:
        row.acknowledged_at, row.acknowledged_by_staff_id = now, me.id
        _mark_read(session, row, me, number, now)
        row.change_seq, row.updated_at = number, now
        session.add(row)
        _audit(session, row, me, AuditAction.statement_acknowledged)
    if reply is not None:
        _reply(session, row, me, reply, number, now)
    session.commit()
    return statement_out(session, council, row, now)


def add_reply(
    session: Session, row: Statement, me: Principal, text: str, now: datetime
) -> ReplyOut:
    """A reply the young person pulls to their phone. The first one stops the clock; a reply
    to an unopened statement also marks it read."""
    reply = _reply(session, row, me, text, lock_for_change(session, row), now)
    session.commit()
    return _message_out(reply, _me(session, me))


def _reply(
    session: Session, row: Statement, me: Principal, text: str, number: int, now: datetime
) -> StatementReply:
    """Add a reply under change `number` (taken with `lock_for_change`); the caller commits."""
    reply = StatementReply(
        statement_id=row.id,
        tenant_id=row.tenant_id,
        staff_id=me.id,
        text=text,
        created_at=now,
        change_seq=number,
    )
    _mark_read(session, row, me, number, now)
    _stop_clock(row, me, now)
    row.change_seq, row.updated_at = number, now
    session.add_all([reply, row])
    publish(session, ReplySent(row, reply, now))
    _audit(session, row, me, AuditAction.statement_replied)
    return reply


def add_note(session: Session, row: Statement, me: Principal, text: str, now: datetime) -> NoteOut:
    """A note for staff only; the young person never sees it, so it takes no change number."""
    note = StatementNote(
        statement_id=row.id, tenant_id=row.tenant_id, staff_id=me.id, text=text, created_at=now
    )
    session.add(note)
    _audit(session, row, me, AuditAction.statement_noted)
    session.commit()
    return NoteOut(**_message_out(note, _me(session, me)).model_dump())


def _me(session: Session, me: Principal) -> StaffMember:
    staff = session.get(StaffMember, me.id)
    assert staff is not None  # their session was checked moments ago
    return staff


def _message_out(row: StatementReply | StatementNote, staff: StaffMember) -> ReplyOut:
    return ReplyOut(
        id=row.id,
        text=row.text,
        staff=StaffRef(id=staff.id, display_name=staff.display_name),
        created_at=row.created_at,
    )


# --- "I'm OK now" / "Sent by mistake" from the help screen ------------------------------------


def own_urgent_statement(session: Session, author: Principal, statement_id: uuid.UUID) -> Tenant:
    """Their council, when the statement is one of their own urgent ones; anyone else's (or
    another council's) is a made-up id."""
    row = _own_or_rejected(session, author, statement_id)
    if not row.urgent:
        raise Rejected.at(
            "body.statement_id", "Only a message asking for help can be updated like this."
        )
    return _authors_council(session, author)


def _own_or_rejected(session: Session, author: Principal, statement_id: uuid.UUID) -> Statement:
    """A sync item about a statement that is not theirs is refused like a made-up id."""
    row = own_statement(session, author, statement_id)
    if row is None:
        raise Rejected.at("body.statement_id", "There is no statement of yours with this id.")
    return row


def _authors_council(session: Session, author: Principal) -> Tenant:
    council = session.get(Tenant, author.tenant_id)
    assert council is not None  # the author's session was checked moments ago
    return council


def record_update(
    session: Session,
    item_id: uuid.UUID,
    said_at: datetime,
    council: Tenant,
    body: StatementUpdateIn,
    author: Principal,
) -> None:
    """Keep what they said as the statement's latest update, audited, and tell whoever the
    statement alerts. It closes, calms and acknowledges nothing: staff decide that."""
    row = session.get(Statement, {"id": body.statement_id, "tenant_id": council.id})
    assert row is not None  # own_urgent_statement made sure
    number = lock_for_change(session, row)
    if row.update_at is None or as_utc(row.update_at) <= said_at:  # the latest said wins
        row.update_id, row.update_said, row.update_at = item_id, body.said.value, said_at
    row.change_seq, row.updated_at = number, utc_now()
    session.add(row)
    _audit(session, row, author, AuditAction.statement_update_received, said=body.said.value)
    publish(session, UrgentUpdateReceived(council, row, item_id, row.updated_at))


# --- what a young person pulls --------------------------------------------------------------


def _seen_status(row: Statement, replied: bool) -> SeenStatus:
    if row.status == StatementStatus.done.value:
        return SeenStatus.done
    if replied:
        return SeenStatus.replied
    return SeenStatus.read if row.first_read_at else SeenStatus.received


def _theirs(person: Principal) -> ColumnElement[bool]:
    """The statements of this young person (in their council)."""
    return and_(
        col(Statement.tenant_id) == person.tenant_id, col(Statement.young_person_id) == person.id
    )


def changes_for(session: Session, person: Principal, window: ChangeWindow) -> StatementsPull:
    """Their statements whose state changed in the window, and replies and their own
    messages written or read in it."""
    reader = aliased(StaffMember)
    first_reply = (
        select(func.min(StatementReply.created_at))
        .where(
            col(StatementReply.statement_id) == col(Statement.id),
            col(StatementReply.tenant_id) == col(Statement.tenant_id),
        )
        .scalar_subquery()
    )
    statements = session.exec(
        select(Statement, reader.display_name, first_reply)
        .outerjoin(reader, col(reader.id) == col(Statement.first_read_by_staff_id))
        .where(_theirs(person), window.of(Statement.change_seq))
        .order_by(col(Statement.change_seq))
    ).all()
    replies = session.exec(
        select(StatementReply, StaffMember.display_name)
        .join(
            Statement,
            and_(
                col(Statement.id) == col(StatementReply.statement_id),
                col(Statement.tenant_id) == col(StatementReply.tenant_id),
            ),
        )
        .join(StaffMember, col(StaffMember.id) == col(StatementReply.staff_id))
        .where(_theirs(person), window.of(StatementReply.change_seq))
        .order_by(col(StatementReply.change_seq))
    ).all()
    messages = _their_messages(session, person, window)
    return StatementsPull(
        statements=[
            StatementState(
                id=row.id,
                type=row.type,
                status=_seen_status(row, replied_at is not None),
                recipient=row.recipient,
                received_at=row.received_at,
                read_at=row.first_read_at,
                read_by=first_name(read_by),
                replied_at=replied_at,
                urgent=row.urgent,
                young_person_update=_update_of(row),
            )
            for row, read_by, replied_at in statements
        ],
        replies=[_reply_state(row, name) for row, name in replies],
        statement_messages=[_message_state(row, name) for row, name in messages],
    )


def _reply_state(row: StatementReply, staff_name: str) -> ReplyState:
    return ReplyState(
        id=row.id,
        statement_id=row.statement_id,
        text=row.text,
        from_=first_name(staff_name) or "",
        created_at=row.created_at,
        read_at=row.read_at,
    )


def _message_state(row: StatementMessage, reader: str | None) -> MessageState:
    return MessageState(
        id=row.id,
        statement_id=row.statement_id,
        text=row.text,
        written_at=row.written_at,
        received_at=row.received_at,
        read_at=row.read_at,
        read_by=first_name(reader),
    )


def _their_messages(
    session: Session, person: Principal, window: ChangeWindow
) -> Sequence[tuple[StatementMessage, str | None]]:
    """What they wrote back in their threads, changed in the window, with who read each."""
    return session.exec(
        select(StatementMessage, StaffMember.display_name)
        .outerjoin(StaffMember, col(StaffMember.id) == col(StatementMessage.read_by_staff_id))
        .where(
            col(StatementMessage.tenant_id) == person.tenant_id,
            col(StatementMessage.young_person_id) == person.id,
            window.of(StatementMessage.change_seq),
        )
        .order_by(col(StatementMessage.change_seq))
    ).all()


# --- the young person's thread ---------------------------------------------------------------


def check_message(session: Session, body: StatementMessageIn, author: Principal) -> Tenant:
    """Their council, when the statement is theirs; anyone else's is a made-up id."""
    _own_or_rejected(session, author, body.statement_id)
    return _authors_council(session, author)


def record_message(
    session: Session,
    item_id: uuid.UUID,
    written_at: datetime,
    council: Tenant,
    body: StatementMessageIn,
    author: Principal,
) -> None:
    """Store what the young person wrote back; the caller has claimed its id (sync receipt).
    The statement comes back to its caseworkers: flagged "new message" until one opens it,
    Done reopened as In progress, urgent if the words match a safeguarding phrase, and a
    message in their inbox at once (MessageReceived, handled by reminders)."""
    statement = own_statement(session, author, body.statement_id)
    assert statement is not None  # check_message made sure
    number = lock_for_change(session, statement)
    now = utc_now()
    message = StatementMessage(
        id=item_id,
        tenant_id=council.id,
        statement_id=statement.id,
        young_person_id=author.id,
        text=body.text,
        written_at=written_at,
        received_at=now,
        change_seq=number,
    )
    session.add(message)
    if statement.status == StatementStatus.done.value:
        _audit(
            session,
            statement,
            author,
            AuditAction.statement_status_changed,
            status_from=statement.status,
            status_to=StatementStatus.in_progress.value,
        )
        statement.status = StatementStatus.in_progress.value
    newly_urgent = not statement.urgent and matches_phrase(
        [body.text], views_settings(council).safeguarding_phrases
    )
    if newly_urgent:
        statement.urgent, statement.urgent_reason = True, UrgentReason.phrase.value
    statement.new_message_at, statement.change_seq, statement.updated_at = now, number, now
    session.add(statement)
    if newly_urgent:
        publish(session, UrgentStatementReceived(council, statement, now))
    publish(session, MessageReceived(council, statement, message, now))


def thread_for(session: Session, council: Tenant, row: Statement) -> ThreadOut:
    """The young person's own statement with its words, the replies and what they wrote
    back, oldest first."""
    reader = (
        session.get(StaffMember, row.first_read_by_staff_id) if row.first_read_by_staff_id else None
    )
    replies = session.exec(
        select(StatementReply, StaffMember.display_name)
        .join(StaffMember, col(StaffMember.id) == col(StatementReply.staff_id))
        .where(StatementReply.tenant_id == row.tenant_id, StatementReply.statement_id == row.id)
        .order_by(col(StatementReply.created_at), col(StatementReply.id))
    ).all()
    messages = session.exec(
        select(StatementMessage, StaffMember.display_name)
        .outerjoin(StaffMember, col(StaffMember.id) == col(StatementMessage.read_by_staff_id))
        .where(_in_thread(row))
        .order_by(col(StatementMessage.written_at), col(StatementMessage.id))
    ).all()
    recipient = views_settings(council).recipient(row.recipient)
    return ThreadOut(
        id=row.id,
        type=StatementType(row.type),
        status=_seen_status(row, bool(replies)),
        recipient=row.recipient,
        recipient_label=recipient.label if recipient else row.recipient,
        urgent=row.urgent,
        about=About.model_validate(row.about) if row.about else None,
        answers=row.answers,
        written_at=row.written_at,
        received_at=row.received_at,
        read_at=row.first_read_at,
        read_by=first_name(reader.display_name) if reader else None,
        replies=[_reply_state(reply, name) for reply, name in replies],
        messages=[_message_state(message, name) for message, name in messages],
    )


def mark_replies_seen(
    session: Session, row: Statement, reply_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """The young person has seen these replies to their statement: the first time counts
    (staff see "Seen at 17:20"); seeing them again changes nothing. An id that is not a reply
    to this statement refuses the lot."""
    wanted = set(reply_ids)

    def replies() -> Sequence[StatementReply]:
        return session.exec(
            select(StatementReply).where(
                StatementReply.tenant_id == row.tenant_id,
                StatementReply.statement_id == row.id,
                col(StatementReply.id).in_(wanted),
            )
        ).all()

    found = replies()
    if len(found) != len(wanted):
        raise invalid("body.reply_ids", "Each must be a reply to this statement.")
    if all(reply.read_at is not None for reply in found):
        return
    number = lock_for_change(session, row)  # then read again: another phone may have been first
    first_seen = [reply for reply in replies() if reply.read_at is None]
    for reply in first_seen:
        reply.read_at, reply.change_seq = now, number
        session.add(reply)
    publish(session, RepliesSeen(row, frozenset(reply.id for reply in first_seen), now))
    session.commit()
