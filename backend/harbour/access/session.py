"""Who is calling: the session cookie, the CSRF check on changes, and the role gates."""

import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlmodel import Session, select

from harbour.access.caseload import CASEWORKERS, EDITORS
from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.auth.models import SignInSession
from harbour.credentials import session_digest
from harbour.db import SessionDep, as_utc
from harbour.kernel.errors import ApiError, Forbidden
from harbour.kernel.time import utc_now
from harbour.tenancy import scoped_to
from harbour.tenants.models import Tenant
from harbour.web import CSRF_HEADER, SESSION_COOKIE, cookie_name, own_origin

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOUCH_EVERY = timedelta(minutes=1)  # last-seen is a guide, not a write on every request


@dataclass(frozen=True)
class Caller:
    """The signed-in person making this request, their session and their council."""

    principal: Principal
    sign_in: SignInSession
    council: Tenant


def _check_csrf(request: Request, row: SignInSession) -> None:
    """Changes made with a cookie must come from our own pages: the Origin (when the browser
    sends one) is ours, and the X-CSRF-Token header matches this session's token, which
    another site can neither read nor guess."""
    origin = request.headers.get("origin")
    if origin is not None and origin != own_origin(request):
        raise Forbidden("This change came from another website.", "header.origin")
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), row.csrf_token.encode()):
        raise Forbidden(
            "The X-CSRF-Token header is missing or wrong. Reload the app and try again.",
            f"header.{CSRF_HEADER.lower()}",
        )


def session_token(request: Request) -> str | None:
    return request.cookies.get(cookie_name(request, SESSION_COOKIE))


def find_session(session: Session, token: str) -> SignInSession | None:
    """The live session for this cookie, or None. An expired one is deleted on sight."""
    row = session.exec(
        select(SignInSession).where(SignInSession.token_digest == session_digest(token))
    ).first()
    if row is None:
        return None
    now = utc_now()
    last_seen = as_utc(row.last_seen_at)
    if as_utc(row.expires_at) <= now or last_seen + timedelta(minutes=row.idle_minutes) <= now:
        session.delete(row)
        session.commit()
        return None
    if now - last_seen >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return row


def _keep_for_the_request(session: Session, person: StaffMember | YoungPerson) -> None:
    """Holds the caller's row while the request lasts: the session's identity map keeps a row
    only while something else does, and while it does, `session.get` by its id (who are you,
    in GET /auth/me and every pull) finds it without asking the database again."""
    session.info["caller"] = person


def principal_for(session: Session, row: SignInSession) -> Principal | None:
    """Who a live session belongs to, if they are still active."""
    kind = PersonKind(row.person_kind)
    if kind is PersonKind.staff:
        staff = session.exec(
            scoped_to(StaffMember, row.tenant_id).where(StaffMember.id == row.person_id)
        ).first()
        if staff is None or not staff.active:
            return None
        _keep_for_the_request(session, staff)
        return Principal(
            kind,
            staff.id,
            staff.tenant_id,
            row.id,
            StaffRole(staff.role),
            staff.team_id,
            row.device_label,
        )
    person = session.exec(
        scoped_to(YoungPerson, row.tenant_id).where(YoungPerson.id == row.person_id)
    ).first()
    if person is None or not person.active:
        return None
    _keep_for_the_request(session, person)
    return Principal(kind, person.id, person.tenant_id, row.id, device=row.device_label)


def current_caller(request: Request, response: Response, session: SessionDep) -> Caller:
    # Answers to signed-in people carry personal data: no browser or proxy may keep them.
    response.headers["cache-control"] = "no-store"
    token = session_token(request)
    row = find_session(session, token) if token else None
    principal = principal_for(session, row) if row else None
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
            raise Forbidden("Your role cannot do this.")
        return caller

    return Depends(gate)


AnyStaff = Annotated[Caller, staff_with(*StaffRole)]
Caseworker = Annotated[Caller, staff_with(*CASEWORKERS)]
Admin = Annotated[Caller, staff_with(StaffRole.council_admin)]
Editor = Annotated[Caller, staff_with(*EDITORS)]


def young_people_only(message: str) -> object:
    """A dependency: a signed-in young person, else 403 with `message`."""

    def gate(caller: CallerDep) -> Caller:
        if caller.principal.kind is not PersonKind.young_person:
            raise Forbidden(message)
        return caller

    return Depends(gate)


PullingYoungPerson = Annotated[
    Caller, young_people_only("Only young people pull their own changes to their phone.")
]


def push_author(request: Request, response: Response, session: Session) -> Principal:
    """The author of personal items in a pushed batch: the session's young person. Without
    a session the whole batch is 401, so the phone keeps every item and asks them to sign in."""
    caller = current_caller(request, response, session)
    if caller.principal.kind is not PersonKind.young_person:
        raise Forbidden("Only young people send statements from their phone.")
    return caller.principal
