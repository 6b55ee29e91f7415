"""Everything Harbour holds about one young person, as one document ("Download my data", and
staff's copy for a subject access request), and the staff who opened their records ("Who
has seen my information"), from the audit trail.

Each domain gives its own account of its records through its service, in the shapes the app
already shows; the tables with nothing more to say are read here. `docs/my-data.md` lists
every table that holds something about a young person and where it goes in the document.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, or_, true, tuple_
from sqlmodel import Session, col, select

from harbour.accounts import service as accounts
from harbour.accounts.models import InviteCode, StaffMember, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.audit import service as audit
from harbour.audit.models import AuditEvent
from harbour.audit.schemas import ActorKind, AuditAction
from harbour.auth.models import SignInSession
from harbour.auth.schemas import SessionOut
from harbour.calendar.models import CalendarFeed
from harbour.field_edits import FieldEdit, RecordKind, history_out
from harbour.health import service as health
from harbour.kernel.errors import invalid
from harbour.kernel.text import first_name
from harbour.my_data.schemas import (
    CalendarFeedEntry,
    CouncilMention,
    InviteEntry,
    LeftOut,
    MyDataDocument,
    PassportEntry,
    PlanEntry,
    Profile,
    PushEntry,
    ReminderEntry,
    SeenEntry,
    SeenPage,
    SeenWhat,
    StaffMention,
    StatementEntry,
    TrailEntry,
)
from harbour.passkeys.models import Passkey
from harbour.passkeys.schemas import PasskeyOut
from harbour.plans import service as plans
from harbour.plans.models import Plan, PlanTask
from harbour.push.models import PushSubscription
from harbour.reminders import service as reminders
from harbour.reminders.models import Reminder
from harbour.statements import service as statements
from harbour.statements.access import statement_visible_to
from harbour.statements.models import Statement
from harbour.statements.schemas import StatementType, UpdateSaid, YoungPersonSaid
from harbour.tenancy import scoped
from harbour.tenants.models import Tenant
from harbour.tenants.service import privacy_settings

YOUNG_PERSON = PersonKind.young_person.value

# Staff reads of a young person's records, and what each opened. A passport read says which
# part in its detail (`passport_read` below).
READS: dict[AuditAction, SeenWhat] = {
    AuditAction.statement_read: SeenWhat.statement,
    AuditAction.plan_read: SeenWhat.plan,
    AuditAction.plan_history_read: SeenWhat.task_history,
    AuditAction.young_person_read: SeenWhat.record,
    AuditAction.young_person_exported: SeenWhat.record_copy,
    AuditAction.subject_access_exported: SeenWhat.everything,
}
PASSPORT_PARTS = {
    "details": SeenWhat.passport,
    "history": SeenWhat.passport_history,
    "sharing": SeenWhat.passport_sharing,
}


# --- whose rows: the young person, their statements and their tasks -------------------------


def _about(council: Tenant, person: YoungPerson) -> ColumnElement[bool]:
    """Audit rows whose record is this young person, one of their statements or tasks."""
    their_statements = select(Statement.id).where(
        Statement.tenant_id == council.id, Statement.young_person_id == person.id
    )
    their_tasks = select(PlanTask.id).where(
        PlanTask.tenant_id == council.id, PlanTask.young_person_id == person.id
    )
    return or_(
        and_(col(AuditEvent.subject_kind) == YOUNG_PERSON, col(AuditEvent.subject_id) == person.id),
        and_(
            col(AuditEvent.subject_kind) == "statement",
            col(AuditEvent.subject_id).in_(their_statements),
        ),
        and_(col(AuditEvent.subject_kind) == "task", col(AuditEvent.subject_id).in_(their_tasks)),
    )


def _staff_reads() -> ColumnElement[bool]:
    return and_(
        col(AuditEvent.actor_kind) == ActorKind.staff.value,
        col(AuditEvent.action).in_([*READS, AuditAction.passport_read]),
    )


@dataclass(frozen=True)
class _Names:
    """What a young person's audit rows need to be told in words: staff, statements, tasks."""

    staff: dict[uuid.UUID, StaffMention]
    statement_types: dict[uuid.UUID, StatementType]
    task_titles: dict[uuid.UUID, str]


def _staff_mentions(
    session: Session, council: Tenant, ids: set[uuid.UUID]
) -> dict[uuid.UUID, StaffMention]:
    """Staff by first name and role, or by role only where the council says so."""
    names = privacy_settings(council).show_staff_names_to_young_people
    rows = session.exec(scoped(StaffMember, council).where(col(StaffMember.id).in_(ids))).all()
    return {
        row.id: StaffMention(
            name=first_name(row.display_name) if names else None, role=StaffRole(row.role)
        )
        for row in rows
    }


def _names(
    session: Session, council: Tenant, person: YoungPerson, rows: Sequence[AuditEvent]
) -> _Names:
    staff_ids = {r.actor_id for r in rows if r.actor_kind == ActorKind.staff and r.actor_id}
    types = session.exec(
        select(Statement.id, Statement.type).where(
            Statement.tenant_id == council.id, Statement.young_person_id == person.id
        )
    ).all()
    titles = session.exec(
        select(PlanTask.id, PlanTask.title).where(
            PlanTask.tenant_id == council.id, PlanTask.young_person_id == person.id
        )
    ).all()
    return _Names(
        _staff_mentions(session, council, staff_ids),
        {statement_id: StatementType(kind) for statement_id, kind in types},
        dict(titles),
    )


def _seen_entry(row: AuditEvent, names: _Names) -> SeenEntry | None:
    action = AuditAction(row.action)
    what = (
        PASSPORT_PARTS.get(str(row.detail.get("part")))
        if action is AuditAction.passport_read
        else READS.get(action)
    )
    by = names.staff.get(row.actor_id) if row.actor_id else None
    if what is None or by is None:
        return None
    subject = row.subject_id
    return SeenEntry(
        id=row.id,
        at=row.at,
        what=what,
        statement_type=names.statement_types.get(subject) if subject else None,
        task_title=names.task_titles.get(subject) if subject else None,
        by=by,
    )


def _all_seen(session: Session, council: Tenant, person: YoungPerson) -> list[SeenEntry]:
    rows = session.exec(
        scoped(AuditEvent, council)
        .where(_staff_reads(), _about(council, person))
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    ).all()
    names = _names(session, council, person, rows)
    return [entry for row in rows if (entry := _seen_entry(row, names)) is not None]


def who_has_seen(
    session: Session,
    council: Tenant,
    person: YoungPerson,
    before: uuid.UUID | None,
    limit: int,
) -> SeenPage:
    """Staff who opened this young person's records, newest first, `limit` at a time. Only
    staff reads: never their own actions, anyone else's records, or the system's."""
    after_anchor: ColumnElement[bool] = true()
    if before is not None:
        anchor = session.exec(
            scoped(AuditEvent, council).where(
                AuditEvent.id == before, _staff_reads(), _about(council, person)
            )
        ).first()
        if anchor is None:
            raise invalid("query.before", "Use `next_before` from the page before.")
        after_anchor = tuple_(col(AuditEvent.at), col(AuditEvent.id)) < tuple_(anchor.at, anchor.id)
    query = (
        scoped(AuditEvent, council)
        .where(_staff_reads(), _about(council, person), after_anchor)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit + 1)
    )
    rows = session.exec(query).all()
    page = list(rows[:limit])
    names = _names(session, council, person, page)
    return SeenPage(
        seen=[entry for row in page if (entry := _seen_entry(row, names)) is not None],
        next_before=page[-1].id if len(rows) > limit else None,
    )


def _trail(session: Session, council: Tenant, person: YoungPerson) -> list[TrailEntry]:
    """Every audit row about them or by them, newest first. Refused attempts are left out:
    they are about whoever tried, and can name another young person."""
    own = and_(
        col(AuditEvent.actor_kind) == ActorKind.young_person.value,
        col(AuditEvent.actor_id) == person.id,
    )
    not_another_young_person = or_(
        col(AuditEvent.actor_kind) != ActorKind.young_person.value,
        col(AuditEvent.actor_id) == person.id,
    )
    rows = session.exec(
        scoped(AuditEvent, council)
        .where(or_(own, _about(council, person)), not_another_young_person)
        .where(col(AuditEvent.action) != AuditAction.not_found_or_not_allowed.value)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    ).all()
    staff = _names(session, council, person, rows).staff
    return [_trail_entry(row, staff) for row in rows]


def _trail_entry(row: AuditEvent, staff: dict[uuid.UUID, StaffMention]) -> TrailEntry:
    mention = staff.get(row.actor_id) if row.actor_id else None
    return TrailEntry(
        at=row.at,
        action=row.action,
        by="you" if row.actor_kind == YOUNG_PERSON else "staff" if mention else "system",
        staff=mention,
    )


# --- the document -------------------------------------------------------------------------


def _profile(session: Session, council: Tenant, person: YoungPerson) -> Profile:
    pa = (
        _staff_mentions(session, council, {person.allocated_pa_id}).get(person.allocated_pa_id)
        if person.allocated_pa_id
        else None
    )
    return Profile(
        **dict(accounts.young_person_out(session, person)),
        personal_adviser=pa,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )


def _statements(
    session: Session, council: Tenant, person: YoungPerson, reader: Principal
) -> list[StatementEntry]:
    """Theirs, newest first; for staff, those the reader may see (decision 005)."""
    visible = statement_visible_to(reader) if reader.is_staff else true()
    rows = session.exec(
        select(Statement)
        .where(Statement.tenant_id == council.id, Statement.young_person_id == person.id)
        .where(visible)
        .order_by(col(Statement.written_at).desc(), col(Statement.id))
    ).all()
    return [
        StatementEntry(
            **dict(statements.thread_for(session, council, row)),
            meeting_date=row.meeting_date,
            young_person_update=(
                YoungPersonSaid(said=UpdateSaid(row.update_said), at=row.update_at)
                if row.update_said and row.update_at
                else None
            ),
        )
        for row in rows
    ]


def _history(
    session: Session, council: Tenant, person: YoungPerson, kinds: Sequence[RecordKind]
) -> list[FieldEdit]:
    return list(
        session.exec(
            scoped(FieldEdit, council)
            .where(FieldEdit.young_person_id == person.id)
            .where(col(FieldEdit.record_kind).in_([kind.value for kind in kinds]))
            .order_by(col(FieldEdit.change_seq), col(FieldEdit.at))
        ).all()
    )


def _plan(session: Session, council: Tenant, person: YoungPerson) -> PlanEntry:
    plan = session.exec(scoped(Plan, council).where(Plan.young_person_id == person.id)).first()
    edits = _history(session, council, person, (RecordKind.plan, RecordKind.task))
    return PlanEntry(
        **dict(plans.plan_out(session, council, person.id)),
        created_at=plan.created_at if plan else None,
        history=[history_out(row, person.preferred_name) for row in edits],
    )


def _passport(
    session: Session, council: Tenant, person: YoungPerson, reader: Principal
) -> PassportEntry | None:
    """Staff get it only while the young person shares it (decision 007)."""
    passport = health.find_passport(session, council.id, person.id)
    if passport is None or (reader.is_staff and not passport.shared_with_pa):
        return None
    edits = _history(session, council, person, (RecordKind.passport,))
    # As JSON: the passport's fields take dates as ISO text, as from a phone.
    return PassportEntry.model_validate(
        health.passport_out(session, passport).model_dump(mode="json")
        | {"history": [history_out(row, person.preferred_name) for row in edits]}
    )


def _invites(session: Session, council: Tenant, person: YoungPerson) -> list[InviteEntry]:
    rows = session.exec(
        scoped(InviteCode, council)
        .where(InviteCode.young_person_id == person.id)
        .order_by(col(InviteCode.created_at).desc())
    ).all()
    return [InviteEntry.model_validate(row, from_attributes=True) for row in rows]


def _reminders(session: Session, council: Tenant, person: YoungPerson) -> list[ReminderEntry]:
    rows = session.exec(
        scoped(Reminder, council)
        .where(Reminder.recipient_kind == YOUNG_PERSON, Reminder.recipient_id == person.id)
        .order_by(col(Reminder.due_at).desc(), col(Reminder.id))
    ).all()
    return [ReminderEntry.model_validate(row, from_attributes=True) for row in rows]


def _sessions(
    session: Session, council: Tenant, person: YoungPerson, reader: Principal
) -> list[SessionOut]:
    rows = session.exec(
        scoped(SignInSession, council)
        .where(SignInSession.person_kind == YOUNG_PERSON, SignInSession.person_id == person.id)
        .order_by(col(SignInSession.created_at).desc())
    ).all()
    return [SessionOut.of(row, reader.session_id) for row in rows]


def _passkeys(session: Session, council: Tenant, person: YoungPerson) -> list[PasskeyOut]:
    rows = session.exec(
        scoped(Passkey, council)
        .where(Passkey.young_person_id == person.id)
        .order_by(col(Passkey.created_at))
    ).all()
    return [PasskeyOut.model_validate(row, from_attributes=True) for row in rows]


def _push(session: Session, council: Tenant, person: YoungPerson) -> list[PushEntry]:
    rows = session.exec(
        scoped(PushSubscription, council)
        .where(
            PushSubscription.person_kind == YOUNG_PERSON, PushSubscription.person_id == person.id
        )
        .order_by(col(PushSubscription.created_at))
    ).all()
    return [
        PushEntry(
            push_service=urlsplit(row.endpoint).hostname or "",
            created_at=row.created_at,
            last_success_at=row.last_success_at,
        )
        for row in rows
    ]


def _feeds(session: Session, council: Tenant, person: YoungPerson) -> list[CalendarFeedEntry]:
    rows = session.exec(
        scoped(CalendarFeed, council)
        .where(CalendarFeed.young_person_id == person.id)
        .order_by(col(CalendarFeed.created_at).desc())
    ).all()
    return [CalendarFeedEntry.model_validate(row, from_attributes=True) for row in rows]


ALWAYS_LEFT_OUT = (
    LeftOut(
        what="Your answers to the council's promises",
        why="They are anonymous: Harbour keeps them without your name, so it cannot tell "
        "which answers are yours (decision 001).",
    ),
    LeftOut(
        what="Your PIN or passphrase, and the secret parts of your passkeys, sign-ins, "
        "reminders and calendar address",
        why="Harbour keeps only scrambled versions that cannot be turned back into them, and "
        "never gives them out.",
    ),
    LeftOut(
        what="Records your phone's messages to Harbour leave behind, and counts of wrong "
        "sign-in tries",
        why="They stop things arriving twice and slow down guessing. They hold no name and "
        "cannot be linked to you.",
    ),
    LeftOut(
        what="A count of the changes to your things",
        why="Your phone uses it to fetch only what is new. It is a number and nothing else: "
        "the changes themselves are in this download.",
    ),
)
NOTES_FOR_YOU = LeftOut(
    what="Notes staff write to each other about your statements",
    why="They are for staff only and are never shown in the app. You can ask your council "
    "for them: that is called a subject access request, and they check them first for other "
    "people's information.",
)
NOTES_FOR_STAFF = LeftOut(
    what="Internal staff notes on their statements",
    why="They are never shown to the young person. For a subject access request, review "
    "them for third-party information and serious-harm exemptions before release "
    "(trust.md DP-14).",
)
OTHER_TEAMS = LeftOut(
    what="Statements sent to a team you are not in",
    why="Only that team sees them (decision 005). A council admin's download has them all.",
)
UNSHARED_PASSPORT = LeftOut(
    what="Their health passport",
    why="They do not share it with staff (decision 007). They can download it themselves "
    "from My data in the app.",
)


def _left_out(
    session: Session, council: Tenant, person: YoungPerson, reader: Principal
) -> list[LeftOut]:
    if not reader.is_staff:
        return [NOTES_FOR_YOU, *ALWAYS_LEFT_OUT]
    found = [NOTES_FOR_STAFF, *ALWAYS_LEFT_OUT]
    if reader.role is not StaffRole.council_admin:
        found.append(OTHER_TEAMS)
    passport = health.find_passport(session, council.id, person.id)
    if passport is not None and not passport.shared_with_pa:
        found.append(UNSHARED_PASSPORT)
    return found


def document(
    session: Session, council: Tenant, person: YoungPerson, reader: Principal, now: datetime
) -> MyDataDocument:
    """Everything Harbour holds about `person`, for themselves or for staff (a subject access
    request). Audited first, so the document's own trail shows this download."""
    action = (
        AuditAction.subject_access_exported if reader.is_staff else AuditAction.my_data_downloaded
    )
    audit.record_about(session, action, reader, person)
    session.commit()
    return MyDataDocument(
        made_at=now,
        made_for="subject_access_request" if reader.is_staff else "young_person",
        council=CouncilMention(slug=council.slug, name=council.name),
        profile=_profile(session, council, person),
        invite_codes=_invites(session, council, person),
        statements=_statements(session, council, person, reader),
        plan=_plan(session, council, person),
        health_passport=_passport(session, council, person, reader),
        reminders=_reminders(session, council, person),
        reminder_settings=reminders.settings_for(
            session, council, PersonKind.young_person, person.id
        ),
        sign_in_sessions=_sessions(session, council, person, reader),
        passkeys=_passkeys(session, council, person),
        push_subscriptions=_push(session, council, person),
        calendar_feeds=_feeds(session, council, person),
        who_has_seen=_all_seen(session, council, person),
        trail=_trail(session, council, person),
        left_out=_left_out(session, council, person, reader),
    )
