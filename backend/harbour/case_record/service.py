"""Exports to the case record: each domain's own account of its records (the statement as
staff see it, the plan as staff see it) in the documents of `case_record.schemas`, with the
young person as their record has them, and one audit row per export. No tables of its own."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlmodel import Session, col

from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import Principal, StaffRole
from harbour.audit import service as audit
from harbour.audit.models import AuditEvent
from harbour.audit.schemas import AuditAction
from harbour.case_record.schemas import (
    DEFAULT_RANGE_DAYS,
    MAX_RANGE_DAYS,
    SCHEMA_VERSION,
    CouncilRef,
    Exporter,
    MessageRecord,
    NoteRecord,
    PersonOnRecord,
    PlanExport,
    PlanRecord,
    ReplyRecord,
    StatementEvent,
    StatementExport,
    StatementRecord,
    StatementsExport,
)
from harbour.field_edits import FieldEdit, RecordKind, history_out
from harbour.kernel.errors import invalid
from harbour.offer.schemas import LegalStatus
from harbour.plans import service as plans
from harbour.plans.models import Plan
from harbour.statements import service as statements
from harbour.statements.models import Statement
from harbour.statements.schemas import (
    TYPE_TITLES,
    StaffRef,
    StatementOut,
    StatementStatus,
    UpdateSaid,
)
from harbour.tenancy import council_today, scoped
from harbour.tenants.models import Tenant

# The audit rows that are a statement's history, and what each is called in the export.
STATEMENT_EVENTS: dict[str, str] = {
    AuditAction.statement_status_changed.value: "status_changed",
    AuditAction.statement_assigned.value: "assigned",
    AuditAction.statement_acknowledged.value: "acknowledged",
    AuditAction.statement_update_received.value: "young_person_update",
    AuditAction.statement_copied_to_case_record.value: "copied_to_case_record",
}


def _exporter(session: Session, me: Principal) -> Exporter:
    staff = session.get(StaffMember, me.id)
    assert staff is not None  # their session was checked moments ago
    return Exporter(id=staff.id, display_name=staff.display_name, role=StaffRole(staff.role))


def _header(
    session: Session, council: Tenant, person: YoungPerson, me: Principal, now: datetime
) -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "exported_at": now,
        "exported_by": _exporter(session, me),
        "council": CouncilRef(slug=council.slug, name=council.name, time_zone=council.time_zone),
        "young_person": PersonOnRecord(
            id=person.id,
            case_reference=person.case_reference,
            preferred_name=person.preferred_name,
            full_name=person.full_name,
            date_of_birth=person.date_of_birth,
            legal_status=LegalStatus(person.legal_status),
        ),
    }


# --- statements -----------------------------------------------------------------------------


def _histories(
    session: Session, council: Tenant, rows: Sequence[Statement], person: YoungPerson
) -> dict[uuid.UUID, list[StatementEvent]]:
    """Each statement's history from the audit trail, oldest first, with names: two queries
    however many statements."""
    found: dict[uuid.UUID, list[StatementEvent]] = {row.id: [] for row in rows}
    if not rows:
        return found
    events = session.exec(
        scoped(AuditEvent, council)
        .where(
            col(AuditEvent.subject_kind) == "statement",
            col(AuditEvent.subject_id).in_(list(found)),
            col(AuditEvent.action).in_(list(STATEMENT_EVENTS)),
        )
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    names = _staff_names(session, council, _staff_in(events))
    for event in events:
        assert event.subject_id is not None  # the query asked for these subjects
        found[event.subject_id].append(_event(event, names, person))
    return found


def _staff_in(events: Iterable[AuditEvent]) -> set[uuid.UUID]:
    ids: set[uuid.UUID] = set()
    for event in events:
        if event.actor_kind == "staff" and event.actor_id is not None:
            ids.add(event.actor_id)
        assigned = event.detail.get("assigned_staff_id")
        if assigned and assigned != "None":
            ids.add(uuid.UUID(assigned))
    return ids


def _staff_names(session: Session, council: Tenant, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.exec(scoped(StaffMember, council).where(col(StaffMember.id).in_(ids))).all()
    return {row.id: row.display_name for row in rows}


def _event(event: AuditEvent, names: dict[uuid.UUID, str], person: YoungPerson) -> StatementEvent:
    by = (
        person.preferred_name
        if event.actor_kind == "young_person"
        else names.get(event.actor_id)
        if event.actor_id
        else None
    )
    detail = event.detail
    assigned = detail.get("assigned_staff_id")
    return StatementEvent(
        at=event.at,
        what=STATEMENT_EVENTS[event.action],
        by=by,
        status_from=StatementStatus(detail["status_from"]) if "status_from" in detail else None,
        status_to=StatementStatus(detail["status_to"]) if "status_to" in detail else None,
        assigned_to=names.get(uuid.UUID(assigned)) if assigned and assigned != "None" else None,
        said=UpdateSaid(detail["said"]) if "said" in detail else None,
    )


def _record(
    out: StatementOut, history: list[StatementEvent], answerer: StaffRef | None
) -> StatementRecord:
    return StatementRecord(
        id=out.id,
        type=out.type,
        type_title=TYPE_TITLES[out.type.value],
        recipient=out.recipient,
        recipient_label=out.recipient_label,
        about=out.about,
        answers=out.answers,
        urgent=out.urgent,
        urgent_reason=out.urgent_reason,
        meeting_date=out.meeting_date,
        written_at=out.written_at,
        received_at=out.received_at,
        due_at=out.due_at,
        status=out.status,
        assigned_to=out.assigned_to,
        first_read_at=out.first_read_at,
        first_read_by=out.first_read_by,
        acknowledged_at=out.acknowledged_at,
        acknowledged_by=out.acknowledged_by,
        answered_at=out.answered_at,
        answered_by=answerer,
        young_person_update=out.young_person_update,
        copied_to_case_record=out.copied_to_case_record,
        replies=[
            ReplyRecord(id=r.id, text=r.text, by=r.staff, sent_at=r.created_at, seen_at=r.read_at)
            for r in out.replies
        ],
        messages=[
            MessageRecord(
                id=m.id,
                text=m.text,
                written_at=m.written_at,
                received_at=m.received_at,
                read_at=m.read_at,
                read_by=m.read_by,
            )
            for m in out.messages
        ],
        notes=[
            NoteRecord(id=n.id, text=n.text, by=n.staff, written_at=n.created_at) for n in out.notes
        ],
        history=history,
    )


def _records(
    session: Session, council: Tenant, rows: Sequence[Statement], person: YoungPerson, now: datetime
) -> list[StatementRecord]:
    histories = _histories(session, council, rows, person)
    answerers = _staff_names(
        session, council, {row.responded_by_staff_id for row in rows if row.responded_by_staff_id}
    )
    records = []
    for row in rows:
        answerer = row.responded_by_staff_id
        ref = (
            StaffRef(id=answerer, display_name=answerers[answerer])
            if answerer and answerer in answerers
            else None
        )
        out = statements.statement_out(session, council, row, now)
        records.append(_record(out, histories[row.id], ref))
    return records


def _their_record(session: Session, row: Statement) -> YoungPerson:
    person = session.get(YoungPerson, row.young_person_id)
    assert person is not None  # a statement is never without its young person
    return person


def export_statement(
    session: Session, council: Tenant, row: Statement, me: Principal, now: datetime
) -> StatementExport:
    """One statement for the case record, audited (the record is the young person's)."""
    person = _their_record(session, row)
    document = StatementExport(
        schema_="harbour.case-record.statement",
        **_header(session, council, person, me, now),
        statement=_records(session, council, [row], person, now)[0],
    )
    audit.record_about(
        session,
        AuditAction.case_record_statement_exported,
        me,
        person,
        detail={"statement_id": str(row.id)},
    )
    session.commit()
    return document


@dataclass(frozen=True)
class DateRange:
    """Whole days in the council's time zone, both included."""

    first: date
    last: date

    @classmethod
    def checked(cls, first: date | None, last: date | None, today: date) -> "DateRange":
        """From the query: `to` defaults to today and `from` to 90 days before `to`.
        Reversed, or longer than a year: 422 naming the field to change."""
        last = last or today
        first = first or last - timedelta(days=DEFAULT_RANGE_DAYS)
        if last < first:
            raise invalid(
                "query.to",
                "must be the same day as `from` or later",
                summary="The end date is before the start date.",
            )
        if (last - first).days >= MAX_RANGE_DAYS:
            raise invalid(
                "query.from",
                f"must be at most {MAX_RANGE_DAYS} days before `to`",
                summary="Export a year of statements at most at once.",
            )
        return cls(first, last)

    def bounds(self, council: Tenant) -> tuple[datetime, datetime]:
        """The first moment of the first day, and of the day after the last, in UTC."""
        zone = ZoneInfo(council.time_zone)
        start = datetime.combine(self.first, time(0), zone)
        end = datetime.combine(self.last + timedelta(days=1), time(0), zone)
        return start.astimezone(UTC), end.astimezone(UTC)


def export_statements(
    session: Session,
    council: Tenant,
    person: YoungPerson,
    me: Principal,
    visible: ColumnElement[bool],
    days: DateRange,
    now: datetime,
) -> StatementsExport:
    """The young person's statements received in `days`, oldest first: those `visible`
    (statements.access says which) to the exporter. Audited once, with the range and count."""
    start, end = days.bounds(council)
    rows = session.exec(
        scoped(Statement, council)
        .where(
            Statement.young_person_id == person.id,
            visible,
            col(Statement.received_at) >= start,
            col(Statement.received_at) < end,
        )
        .order_by(col(Statement.received_at), col(Statement.id))
    ).all()
    document = StatementsExport(
        schema_="harbour.case-record.statements",
        **_header(session, council, person, me, now),
        from_=days.first,
        to=days.last,
        statements=_records(session, council, rows, person, now),
    )
    audit.record_about(
        session,
        AuditAction.case_record_statements_exported,
        me,
        person,
        detail={"from": days.first.isoformat(), "to": days.last.isoformat(), "count": len(rows)},
    )
    session.commit()
    return document


# --- the pathway plan -----------------------------------------------------------------------


def export_plan(
    session: Session, council: Tenant, person: YoungPerson, me: Principal, now: datetime
) -> PlanExport:
    """The plan as staff see it, with every change to it and its tasks, audited."""
    out = plans.plan_out(session, council, person.id)
    plan = session.exec(scoped(Plan, council).where(Plan.young_person_id == person.id)).first()
    edits = session.exec(
        scoped(FieldEdit, council)
        .where(
            FieldEdit.young_person_id == person.id,
            col(FieldEdit.record_kind).in_([RecordKind.plan.value, RecordKind.task.value]),
        )
        .order_by(col(FieldEdit.change_seq), col(FieldEdit.at))  # arrival order
    ).all()
    document = PlanExport(
        schema_="harbour.case-record.plan",
        **_header(session, council, person, me, now),
        plan=PlanRecord(
            review_due=out.review_due,
            review_overdue=out.review_overdue,
            version=out.version,
            created_at=plan.created_at if plan else None,
            today=council_today(council),
            tasks=out.tasks,
            history=[history_out(row, person.preferred_name) for row in edits],
        ),
    )
    audit.record_about(
        session,
        AuditAction.case_record_plan_exported,
        me,
        person,
        detail={"tasks": len(out.tasks)},
    )
    session.commit()
    return document
