"""Each staff screen from the domains' own services, with one audit row per view (the
domains' own routes audit each listing as they always have)."""

from datetime import datetime

from sqlmodel import Session

from harbour.access.caseload import CASEWORKERS, visible_young_people
from harbour.access.session import Caller
from harbour.accounts import service as accounts
from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import PersonKind
from harbour.auth import service as auth
from harbour.plans import service as plans
from harbour.reminders import service as reminders
from harbour.screens.schemas import CaseloadScreen, QueueScreen, StaffFrame
from harbour.statements import service as statements
from harbour.statements.access import statement_alerts_for, statement_visible_to
from harbour.statements.schemas import QueueQuery, YoungPersonRef


def frame(session: Session, caller: Caller, now: datetime) -> StaffFrame:
    """Who is signed in, their inbox count and their urgent alerts: four queries beyond the
    session check's (the staff member's row, the count, the alerts' page and their rows)."""
    me = caller.principal
    staff = session.get(StaffMember, me.id)
    assert staff is not None  # the session check has just found them, active
    signed = auth.SignedIn("", caller.sign_in, caller.council, PersonKind.staff, staff)
    alerts = (
        statements.list_alerts(session, caller.council, statement_alerts_for(me), now)
        if me.role in CASEWORKERS
        else []
    )
    return StaffFrame(
        me=auth.me_out(session, signed),
        inbox_unseen=reminders.unseen_count(session, caller.council, me, now),
        alerts=alerts,
    )


def caseload(session: Session, caller: Caller, now: datetime) -> CaseloadScreen:
    """Staff home: the young people this person supports and their plans at a glance, audited
    as one listing. A content editor supports no one: their home reads and audits nothing."""
    me, council = caller.principal, caller.council
    around = frame(session, caller, now)
    if me.role not in CASEWORKERS:
        return CaseloadScreen(
            **dict(around), young_people=[], plans=plans.glance(session, council, [], now)
        )
    listed = accounts.young_people(session, council, visible_young_people(me))
    ids = [person.id for person in listed.young_people]
    screen = CaseloadScreen(
        **dict(around),
        young_people=listed.young_people,
        plans=plans.glance(session, council, ids, now),
    )
    accounts.audit_listing(session, me, len(ids))
    session.commit()
    return screen


def queue(session: Session, caller: Caller, query: QueueQuery, now: datetime) -> QueueScreen:
    """The triage queue: a page of statements and the names to filter by, audited as one
    look at the queue."""
    me, council = caller.principal, caller.council
    reach = statements.Reach(statement_visible_to(me), statement_alerts_for(me))
    page = statements.queue_page(session, council, me, reach, statements.QueueFilter.of(query), now)
    names = accounts.young_people_names(session, visible_young_people(me))
    screen = QueueScreen(
        **dict(frame(session, caller, now)),
        queue=page,
        people=[YoungPersonRef(id=person_id, preferred_name=name) for person_id, name in names],
    )
    statements.audit_listing(session, council, me, len(page.items))
    session.commit()
    return screen
