"""Who may see and change what: the one place access is decided.

Every route that needs a signed-in person depends on `CallerDep` (or a role gate built on
it), and every route that takes a record's id gets the record through a dependency here.
A record in another council, another young person's record, or a young person outside a
PA's caseload answers 404, exactly as if it did not exist, so existence never leaks; the
refused attempt is audited.

Who sees which young people:
* a young person: only their own record;
* a personal adviser: the young people allocated to them (their caseload);
* a team manager: their own caseload and the caseloads of the PAs in their team;
* a council admin: everyone in their council;
* a content editor: nobody.

Who edits the council's offer and pledge: content editors and council admins. To anyone
else, and to another council's editors, an item's id does not exist (404).

Who sees a young person's health passport: the young person, on their phone; their PA, the
manager and the admin (whoever sees the young person) only while the young person shares it.
Without consent staff learn only whether one exists and whether it is shared; every other
passport route answers 404, word for word as for a young person who does not exist.

Who sees a young person's statement ("My views", decision 005):
* statements to `pa`: whoever sees the young person (above);
* statements to a team (IRO, participation ...): that team's members and manager;
* urgent statements, whatever the recipient: also the allocated PA and their manager;
* whoever a statement is assigned to; and the council admin;
* young people and content editors: none through the staff routes (their own come back to
  the phone through `GET /api/v1/sync/pull`).
"""

import hmac
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request, Response
from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.accounts import service as accounts
from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.auth import service as auth
from harbour.auth.models import SignInSession
from harbour.auth.schemas import Me
from harbour.db import SessionDep, as_utc
from harbour.errors import ApiError, FieldError, NotFound
from harbour.health import service as health
from harbour.health.models import HealthPassport
from harbour.offer.models import OfferItem
from harbour.passkeys import service as passkeys
from harbour.passkeys.models import Passkey
from harbour.plans.models import PlanTask
from harbour.pledge.models import PledgePromise, PledgeTheme
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import ReminderStatus
from harbour.statements.models import Statement
from harbour.tenancy import scoped_to
from harbour.tenants.models import Tenant, utc_now
from harbour.tenants.schemas import PA_RECIPIENT
from harbour.web import (
    CSRF_HEADER,
    SESSION_COOKIE,
    cookie_name,
    own_origin,
    set_session_cookies,
)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CASEWORKERS = (StaffRole.personal_adviser, StaffRole.team_manager, StaffRole.council_admin)
HOLD_CASELOADS = (StaffRole.personal_adviser, StaffRole.team_manager)
EDITORS = (StaffRole.content_editor, StaffRole.council_admin)


@dataclass(frozen=True)
class Caller:
    """The signed-in person making this request, their session and their council."""

    principal: Principal
    sign_in: SignInSession
    council: Tenant


def _forbidden(message: str, field: str | None = None) -> ApiError:
    fields = [FieldError(field=field, message=message)] if field else []
    return ApiError(403, "not_allowed", message, fields)


def _check_csrf(request: Request, row: SignInSession) -> None:
    """Changes made with a cookie must come from our own pages: the Origin (when the browser
    sends one) is ours, and the X-CSRF-Token header matches this session's token, which
    another site can neither read nor guess."""
    origin = request.headers.get("origin")
    if origin is not None and origin != own_origin(request):
        raise _forbidden("This change came from another website.", "header.origin")
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), row.csrf_token.encode()):
        raise _forbidden(
            "The X-CSRF-Token header is missing or wrong. Reload the app and try again.",
            f"header.{CSRF_HEADER.lower()}",
        )


def session_token(request: Request) -> str | None:
    return request.cookies.get(cookie_name(request, SESSION_COOKIE))


def current_caller(request: Request, response: Response, session: SessionDep) -> Caller:
    # Answers to signed-in people carry personal data: no browser or proxy may keep them.
    response.headers["cache-control"] = "no-store"
    token = session_token(request)
    row = auth.find_session(session, token) if token else None
    principal = auth.principal_for(session, row) if row else None
    council = session.get(Tenant, principal.tenant_id) if principal else None
    if row is None or principal is None or council is None:
        raise ApiError(401, "signed_out", "Please sign in to see this.")
    if request.method in UNSAFE_METHODS:
        _check_csrf(request, row)
    return Caller(principal, row, council)


CallerDep = Annotated[Caller, Depends(current_caller)]


def staff_with(*roles: StaffRole) -> object:
    """A dependency: a signed-in staff member with one of these roles, else 403."""

    def gate(caller: CallerDep) -> Caller:
        if caller.principal.role not in roles:
            raise _forbidden("Your role cannot do this.")
        return caller

    return Depends(gate)


AnyStaff = Annotated[Caller, staff_with(*StaffRole)]
Caseworker = Annotated[Caller, staff_with(*CASEWORKERS)]
Admin = Annotated[Caller, staff_with(StaffRole.council_admin)]
Editor = Annotated[Caller, staff_with(*EDITORS)]


def _refused(session: Session, caller: Caller, kind: str, record_id: uuid.UUID) -> NotFound:
    audit.record(
        session,
        caller.council.id,
        AuditAction.not_found_or_not_allowed,
        caller.principal,
        subject_kind=kind,
        subject_id=record_id,
    )
    session.commit()
    return NotFound(f"That {kind.replace('_', ' ')}")


# --- young people -------------------------------------------------------------------------


def visible_young_people(principal: Principal) -> SelectOfScalar[YoungPerson]:
    """The young people this person may see, as a query to narrow further."""
    query = scoped_to(YoungPerson, principal.tenant_id)
    if principal.kind is PersonKind.young_person:
        return query.where(YoungPerson.id == principal.id)
    own_caseload = col(YoungPerson.allocated_pa_id) == principal.id
    if principal.role is StaffRole.council_admin:
        return query
    if principal.role is StaffRole.team_manager and principal.team_id is not None:
        team = select(StaffMember.id).where(
            StaffMember.tenant_id == principal.tenant_id, StaffMember.team_id == principal.team_id
        )
        return query.where(or_(own_caseload, col(YoungPerson.allocated_pa_id).in_(team)))
    if principal.role in (StaffRole.personal_adviser, StaffRole.team_manager):
        return query.where(own_caseload)
    return query.where(false())


YoungPersonId = Annotated[uuid.UUID, Path(description="The young person's id.")]


def young_person_from_path(
    young_person_id: YoungPersonId, caller: CallerDep, session: SessionDep
) -> YoungPerson:
    query = visible_young_people(caller.principal).where(YoungPerson.id == young_person_id)
    row = session.exec(query).first()
    if row is None:
        raise _refused(session, caller, "young_person", young_person_id)
    return row


VisibleYoungPerson = Annotated[YoungPerson, Depends(young_person_from_path)]


def staff_may_change(caller: CallerDep, young_person: VisibleYoungPerson) -> YoungPerson:
    """Their PA, the manager or an admin may change a record; young people read theirs."""
    if not caller.principal.is_staff:
        raise _forbidden("Your PA can change this for you.")
    return young_person


ChangeableYoungPerson = Annotated[YoungPerson, Depends(staff_may_change)]


# --- pathway plans ------------------------------------------------------------------------


def plan_young_person(caller: CallerDep, young_person: VisibleYoungPerson) -> YoungPerson:
    """A young person's plan, for the staff who see them (their PA, the PA's manager, an
    admin). The young person's own plan reaches their phone through sync instead."""
    if not caller.principal.is_staff:
        raise _forbidden("Your plan comes to your phone through sync.")
    return young_person


PlanYoungPerson = Annotated[YoungPerson, Depends(plan_young_person)]
TaskId = Annotated[uuid.UUID, Path(description="The task's id.")]


def task_from_path(
    task_id: TaskId, young_person: PlanYoungPerson, caller: CallerDep, session: SessionDep
) -> PlanTask:
    """A task of the young person in the path: another young person's is not there."""
    row = session.exec(
        scoped_to(PlanTask, caller.council.id).where(
            PlanTask.id == task_id, PlanTask.young_person_id == young_person.id
        )
    ).first()
    if row is None:
        raise _refused(session, caller, "task", task_id)
    return row


PlanTaskDep = Annotated[PlanTask, Depends(task_from_path)]


def own_task(session: Session, person: Principal, task_id: uuid.UUID) -> PlanTask | None:
    """A task in this young person's own plan, for what their phone sends; None for anyone
    else's (or a made-up id): the phone is told the same for both."""
    if person.kind is not PersonKind.young_person:
        return None
    return session.exec(
        scoped_to(PlanTask, person.tenant_id).where(
            PlanTask.id == task_id, PlanTask.young_person_id == person.id
        )
    ).first()


def allocatable_advisers(principal: Principal) -> SelectOfScalar[StaffMember]:
    """Who this person may allocate young people to: active PAs and managers (managers hold
    caseloads too) in the council for an admin, in their team for a manager, and only
    themselves for anyone else."""
    query = scoped_to(StaffMember, principal.tenant_id).where(
        col(StaffMember.active).is_(True),
        col(StaffMember.role).in_([r.value for r in HOLD_CASELOADS]),
    )
    if principal.role is StaffRole.council_admin:
        return query
    if principal.role is StaffRole.team_manager and principal.team_id is not None:
        return query.where(
            or_(col(StaffMember.team_id) == principal.team_id, col(StaffMember.id) == principal.id)
        )
    return query.where(StaffMember.id == principal.id)


def listable_advisers(principal: Principal) -> SelectOfScalar[StaffMember]:
    """Who this person sees in the advisers list: whoever they may allocate to, and for a PA
    also the PAs and manager of their own team, to hand a statement to (never other teams)."""
    allocatable = allocatable_advisers(principal)
    if principal.role is not StaffRole.personal_adviser or principal.team_id is None:
        return allocatable
    return scoped_to(StaffMember, principal.tenant_id).where(
        col(StaffMember.active).is_(True),
        col(StaffMember.role).in_([r.value for r in HOLD_CASELOADS]),
        col(StaffMember.team_id) == principal.team_id,
    )


def sees_caseloads(principal: Principal) -> bool:
    """Colleagues' caseload sizes are for managers and admins, who balance them."""
    return principal.role in (StaffRole.team_manager, StaffRole.council_admin)


def allocatable_pa(session: Session, caller: Caller, pa_id: uuid.UUID | None) -> StaffMember:
    """The PA a young person is being allocated to, if this caller may choose them. Someone
    outside the caller's reach gets the same answer as an id that does not exist."""
    me = caller.principal
    target = pa_id or (me.id if me.role is not StaffRole.council_admin else None)
    if target is None:
        raise accounts.invalid("body.allocated_pa_id", "Choose the PA for this young person.")
    pa = session.exec(allocatable_advisers(me).where(StaffMember.id == target)).first()
    if pa is None:
        raise accounts.invalid(
            "body.allocated_pa_id", "There is no PA with this id you can allocate young people to."
        )
    return pa


# --- staff and sessions -------------------------------------------------------------------

StaffId = Annotated[uuid.UUID, Path(description="The staff member's id.")]
SessionId = Annotated[uuid.UUID, Path(description="The id of one of your sessions.")]


def staff_from_path(staff_id: StaffId, caller: CallerDep, session: SessionDep) -> StaffMember:
    """Staff records are the admin's to see; to everyone else they do not exist."""
    row = accounts.find_staff(session, caller.council, staff_id)
    if row is None or caller.principal.role is not StaffRole.council_admin:
        raise _refused(session, caller, "staff", staff_id)
    return row


ManagedStaff = Annotated[StaffMember, Depends(staff_from_path)]


def own_session_from_path(
    session_id: SessionId, caller: CallerDep, session: SessionDep
) -> SignInSession:
    row = auth.find_own_session(session, caller.principal, session_id)
    if row is None:
        raise _refused(session, caller, "session", session_id)
    return row


OwnSession = Annotated[SignInSession, Depends(own_session_from_path)]

PasskeyId = Annotated[uuid.UUID, Path(description="The id of one of your passkeys.")]


def own_passkey_from_path(passkey_id: PasskeyId, caller: CallerDep, session: SessionDep) -> Passkey:
    row = passkeys.find_own_passkey(session, caller.principal, passkey_id)
    if row is None:
        raise _refused(session, caller, "passkey", passkey_id)
    return row


OwnPasskey = Annotated[Passkey, Depends(own_passkey_from_path)]


# --- the council's offer and pledge, for editors ---------------------------------------

OfferItemId = Annotated[uuid.UUID, Path(description="The offer item's id (not its pack id).")]
ThemeId = Annotated[uuid.UUID, Path(description="The pledge theme's id (not its pack id).")]
PromiseId = Annotated[uuid.UUID, Path(description="The promise's id (not its pack id).")]


def _editable(
    session: Session, caller: Caller, model: type[Any], kind: str, record_id: uuid.UUID
) -> Any:
    """Content to edit: only an editor or admin of its own council finds it."""
    row = session.exec(scoped_to(model, caller.council.id).where(model.id == record_id)).first()
    if row is None or caller.principal.role not in EDITORS:
        raise _refused(session, caller, kind, record_id)
    return row


def offer_item_from_path(item_id: OfferItemId, caller: CallerDep, session: SessionDep) -> OfferItem:
    row: OfferItem = _editable(session, caller, OfferItem, "offer_item", item_id)
    return row


def theme_from_path(theme_id: ThemeId, caller: CallerDep, session: SessionDep) -> PledgeTheme:
    row: PledgeTheme = _editable(session, caller, PledgeTheme, "pledge_theme", theme_id)
    return row


def promise_from_path(
    promise_id: PromiseId, caller: CallerDep, session: SessionDep
) -> PledgePromise:
    row: PledgePromise = _editable(session, caller, PledgePromise, "pledge_promise", promise_id)
    return row


EditableOfferItem = Annotated[OfferItem, Depends(offer_item_from_path)]
EditableTheme = Annotated[PledgeTheme, Depends(theme_from_path)]
EditablePromise = Annotated[PledgePromise, Depends(promise_from_path)]


def young_people_only(message: str) -> object:
    """A dependency: a signed-in young person, else 403 with `message`."""

    def gate(caller: CallerDep) -> Caller:
        if caller.principal.kind is not PersonKind.young_person:
            raise _forbidden(message)
        return caller

    return Depends(gate)


# Passkeys are for young people; staff use their provider or passphrase and TOTP.
YoungPersonCaller = Annotated[
    Caller, young_people_only("Passkeys are for young people's accounts.")
]
PullingYoungPerson = Annotated[
    Caller, young_people_only("Only young people pull their own changes to their phone.")
]


def push_author(request: Request, response: Response, session: Session) -> Principal:
    """The author of personal items in a pushed batch: the session's young person. Without
    a session the whole batch is 401, so the phone keeps every item and asks them to sign in."""
    caller = current_caller(request, response, session)
    if caller.principal.kind is not PersonKind.young_person:
        raise _forbidden("Only young people send statements from their phone.")
    return caller.principal


def start_session_response(
    request: Request, response: Response, session: Session, signed: auth.SignedIn
) -> Me:
    """Set the cookies for a newly signed-in session, ending any session this browser had
    before (a new token at every sign-in: no session fixation)."""
    old = session_token(request)
    old_row = auth.find_session(session, old) if old else None
    if old_row is not None and old_row.id != signed.session.id:
        auth.end_session(session, old_row, None)
    response.headers["cache-control"] = "no-store"
    max_age = int((as_utc(signed.session.expires_at) - utc_now()).total_seconds())
    set_session_cookies(response, request, signed.token, signed.session.csrf_token, max_age)
    return auth.me_out(signed)


# --- health passports ----------------------------------------------------------------------


def passport_staff(caller: CallerDep, young_person: VisibleYoungPerson) -> YoungPerson:
    """The staff passport routes: a young person's own passport comes to their phone."""
    if caller.principal.role not in CASEWORKERS:
        raise _forbidden("Your own health passport is in the app on your phone.")
    return young_person


PassportYoungPerson = Annotated[YoungPerson, Depends(passport_staff)]


def shared_passport(
    young_person: PassportYoungPerson, caller: CallerDep, session: SessionDep
) -> HealthPassport:
    passport = health.find_passport(session, young_person.tenant_id, young_person.id)
    if passport is None or not passport.shared_with_pa:
        raise _refused(session, caller, "young_person", young_person.id)
    return passport


SharedPassport = Annotated[HealthPassport, Depends(shared_passport)]

CalendarOwner = Annotated[Caller, young_people_only("Calendars are for young people's own dates.")]


# --- statements ---------------------------------------------------------------------------


def _caseload_ids(principal: Principal) -> ColumnElement[bool]:
    caseload = visible_young_people(principal).with_only_columns(col(YoungPerson.id))
    return col(Statement.young_person_id).in_(caseload)


def statement_visible_to(principal: Principal) -> ColumnElement[bool]:
    """The statements this person may see (module docstring), as a condition; callers
    scope the query to the council too."""
    if not principal.is_staff or principal.role not in CASEWORKERS:
        return false()
    if principal.role is StaffRole.council_admin:
        return true()
    rules = [
        col(Statement.assigned_staff_id) == principal.id,
        and_(
            _caseload_ids(principal),
            or_(col(Statement.recipient) == PA_RECIPIENT, col(Statement.urgent)),
        ),
    ]
    if principal.team_id is not None:
        rules.append(col(Statement.team_id) == principal.team_id)
    return or_(*rules)


def statement_alerts_for(principal: Principal) -> ColumnElement[bool]:
    """Unacknowledged urgent statements that must interrupt this person: the allocated PA
    and their manager, the recipient team, and whoever it is assigned to. Admins hold no
    caseload; they are alerted to urgent statements nobody else would see at once (a young
    person with no PA allocated)."""
    if not principal.is_staff or principal.role not in CASEWORKERS:
        return false()
    caseload = (
        and_(col(Statement.assigned_staff_id).is_(None), col(Statement.team_id).is_(None))
        if principal.role is StaffRole.council_admin
        else _caseload_ids(principal)
    )
    rules = [caseload, col(Statement.assigned_staff_id) == principal.id]
    if principal.team_id is not None:
        rules.append(col(Statement.team_id) == principal.team_id)
    return and_(col(Statement.urgent), col(Statement.acknowledged_at).is_(None), or_(*rules))


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


def statement_staff(caller: CallerDep) -> Caller:
    """The statement routes are for caseworkers; to young people they do not exist."""
    if not caller.principal.is_staff:
        raise NotFound("That")
    if caller.principal.role not in CASEWORKERS:
        raise _forbidden("Your role cannot see young people's statements.")
    return caller


StatementStaff = Annotated[Caller, Depends(statement_staff)]


def check_team_view(caller: Caller) -> None:
    if caller.principal.role is StaffRole.personal_adviser:
        raise _forbidden("The team view is for team managers and admins.", "query.view")


StatementId = Annotated[uuid.UUID, Path(description="The statement's id.")]


def statement_from_path(
    statement_id: StatementId, caller: CallerDep, session: SessionDep
) -> Statement:
    query = scoped_to(Statement, caller.council.id).where(
        Statement.id == statement_id, statement_visible_to(caller.principal)
    )
    row = session.exec(query).first()
    if row is None:
        raise _refused(session, caller, "statement", statement_id)
    return row


VisibleStatement = Annotated[Statement, Depends(statement_from_path)]


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


def statement_assignee(
    session: Session, caller: Caller, statement: Statement, target_id: uuid.UUID | None
) -> StaffMember | None:
    """Who a statement may be assigned to by this caller. Managers and admins assign and
    reassign; a PA takes an unassigned team statement, hands theirs to a teammate, or puts
    a team statement they hold back in the team's pool (`None`)."""
    me = caller.principal
    leads = me.role in (StaffRole.team_manager, StaffRole.council_admin)
    holds_it = statement.assigned_staff_id == me.id
    if target_id is None:
        if statement.team_id is None:
            raise accounts.invalid(
                "body.assigned_staff_id", "A statement for the PA needs someone to hold it."
            )
        if not (leads or holds_it):
            raise _forbidden("Only whoever holds it, or a manager, can put it back.")
        return None
    target = accounts.find_staff(session, caller.council, target_id)
    holds_caseloads = {StaffRole.personal_adviser.value, StaffRole.team_manager.value}
    if (
        target is None
        or not target.active
        or target.role not in holds_caseloads
        or not _may_receive(session, statement, target)
    ):
        raise accounts.invalid(
            "body.assigned_staff_id",
            "Choose an active PA who works with this young person, or in the team it was sent to.",
        )
    same_team = me.team_id is not None and target.team_id == me.team_id
    if me.role is StaffRole.council_admin:
        return target
    if me.role is StaffRole.team_manager:
        if not (same_team or target.id == me.id):
            raise accounts.invalid("body.assigned_staff_id", "Choose someone in your team.")
        return target
    takes_from_pool = (
        statement.assigned_staff_id is None and statement.team_id is not None and target.id == me.id
    )
    if takes_from_pool or (holds_it and same_team):
        return target
    raise _forbidden("You can take an unassigned team statement, or hand on one you hold.")


# --- reminders ----------------------------------------------------------------------------

ReminderId = Annotated[uuid.UUID, Path(description="The id of one of your inbox entries.")]


def own_reminder_from_path(
    reminder_id: ReminderId, caller: CallerDep, session: SessionDep
) -> Reminder:
    """An inbox entry of the caller's own; anyone else's does not exist."""
    me = caller.principal
    row = session.exec(
        scoped_to(Reminder, caller.council.id).where(
            Reminder.id == reminder_id,
            Reminder.recipient_kind == me.kind.value,
            Reminder.recipient_id == me.id,
            col(Reminder.status) != ReminderStatus.cancelled.value,
        )
    ).first()
    if row is None:
        raise _refused(session, caller, "reminder", reminder_id)
    return row


OwnReminder = Annotated[Reminder, Depends(own_reminder_from_path)]
