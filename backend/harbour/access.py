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
"""

import hmac
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request, Response
from sqlalchemy import false, or_
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
from harbour.offer.models import OfferItem
from harbour.passkeys import service as passkeys
from harbour.passkeys.models import Passkey
from harbour.pledge.models import PledgePromise, PledgeTheme
from harbour.tenancy import scoped_to
from harbour.tenants.models import Tenant, utc_now
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
Allocator = Annotated[Caller, staff_with(StaffRole.team_manager, StaffRole.council_admin)]
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


def young_person_only(caller: CallerDep) -> Caller:
    """Passkeys are for young people; staff use their provider or passphrase and TOTP."""
    if caller.principal.kind is not PersonKind.young_person:
        raise _forbidden("Passkeys are for young people's accounts.")
    return caller


YoungPersonCaller = Annotated[Caller, Depends(young_person_only)]


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
