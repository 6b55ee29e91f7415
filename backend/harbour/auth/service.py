"""Signing in and out: sessions, and slowing down then locking wrong guesses.

Wrong tries are counted in the database, before the secret is checked, in one
compare-and-set statement: however many processes or requests race, each try is counted
once, and nobody gets a free guess while a slow Argon2 check is running elsewhere.
"""

import hashlib
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import structlog
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from harbour.accounts import service as accounts
from harbour.accounts.models import InviteCode, StaffMember, YoungPerson
from harbour.accounts.schemas import (
    InviteUsable,
    PersonKind,
    Principal,
    StaffJoin,
    StaffJoined,
    StaffRole,
    YoungPersonJoin,
)
from harbour.audit import service as audit
from harbour.audit.schemas import ActorKind, AuditAction
from harbour.auth.models import SignInSession, SignInThrottle
from harbour.auth.schemas import (
    Me,
    SessionList,
    SessionOut,
    SignedInPerson,
    StaffSignIn,
    YoungPersonSignIn,
)
from harbour.config import Settings
from harbour.credentials import TotpSecrets, new_session_token, session_digest
from harbour.db import as_utc, insert_once, rows_changed
from harbour.kernel.errors import ApiError, FieldError
from harbour.kernel.text import first_name
from harbour.kernel.time import utc_now
from harbour.push import service as push
from harbour.tenancy import find_council, scoped_to
from harbour.tenants.models import CouncilSignIn, Tenant

log = structlog.get_logger("harbour.auth")

MAX_DELAY = timedelta(minutes=15)
HOUR = timedelta(hours=1)


# --- slowing down and locking -------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    free_attempts: int
    threshold: int
    base_delay: float

    def delay_after(self, failures: int) -> timedelta | None:
        if failures < self.free_attempts:
            return None
        seconds = self.base_delay * 2 ** (failures - self.free_attempts)
        return min(timedelta(seconds=seconds), MAX_DELAY)


def account_policy(settings: Settings) -> Policy:
    return Policy(
        settings.lockout_free_attempts,
        settings.lockout_threshold,
        settings.lockout_base_delay_seconds,
    )


@dataclass(frozen=True)
class Budget:
    """A sliding-window rate: at most `per_hour` tries in any hour, then one more each time
    1/`per_hour` of an hour passes. Nothing ever locks for long, so one person's mistakes
    cost others on the same network little; kept as one timestamp per key (GCRA)."""

    per_hour: int

    @property
    def interval(self) -> timedelta:
        return HOUR / self.per_hour


def invite_budgets(settings: Settings, client: str) -> list[tuple[str, Budget]]:
    """Invite codes are tried from an address, not an account: a generous budget for each
    address, and an overall one that caps guessing spread over many addresses. The address
    comes first, so one address that is over its budget cannot use up everyone's."""
    return [
        (throttle_key("invite", client), Budget(settings.invite_tries_per_address_hour)),
        (throttle_key("invite", "*"), Budget(settings.invite_tries_total_hour)),
    ]


def _throttle(session: Session, key: str, now: datetime) -> SignInThrottle:
    """The key's row (made, at no tries, the first time), read afresh from the database:
    its count is what the compare-and-set in `_count` compares with."""
    insert_once(session, SignInThrottle, {"key": key, "failures": 0, "updated_at": now})
    return session.exec(
        select(SignInThrottle)
        .where(SignInThrottle.key == key)
        .execution_options(populate_existing=True)
    ).one()


def _count(session: Session, key: str, seen: int, **values: Any) -> None:
    """Write the key's new count only if it is still `seen`, in one statement. Commits."""
    counted = rows_changed(
        session,
        update(SignInThrottle)
        .where(col(SignInThrottle.key) == key, col(SignInThrottle.failures) == seen)
        .values(**values),
    )
    session.commit()
    if counted != 1:  # another request counted a try at this very moment: take turns
        raise _wait(1)


def spend(session: Session, key: str, budget: Budget) -> None:
    """Count one try against this budget, or refuse it with 429 and Retry-After when the
    last hour's tries are used up. `next_attempt_at` is when the budget would be full
    again; `failures` only counts, so that the update is one compare-and-set. Commits."""
    now = utc_now()
    row = _throttle(session, key, now)
    seen = row.failures
    full_at = max(as_utc(row.next_attempt_at), now) if row.next_attempt_at else now
    full_at += budget.interval
    if full_at - now > HOUR:
        session.commit()
        raise _wait((full_at - HOUR - now).total_seconds())
    _count(session, key, seen, failures=seen + 1, next_attempt_at=full_at, updated_at=now)


def throttle_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def account_key(kind: PersonKind, council: str, username: str) -> str:
    return throttle_key(kind.value, council, username.strip().lower())


def _wait(seconds: float) -> ApiError:
    wait = max(1, math.ceil(seconds))
    return ApiError(
        429,
        "slow_down",
        f"Too many wrong tries. Please wait {wait} seconds, then try again.",
        headers={"Retry-After": str(wait)},
    )


LOCKED = (
    "This is locked after too many wrong tries. Ask your PA or your council's Harbour "
    "admin to reset your access; they will give you a new code."
)


def claim_attempt(session: Session, key: str, policy: Policy) -> None:
    """Count this try as wrong before checking it (forgiven if it turns out right), or
    refuse it: 429 with Retry-After while slowed down, 423 once locked. Commits."""
    now = utc_now()
    row = _throttle(session, key, now)
    if row.locked_at is not None:  # until someone resets the person's access
        session.commit()
        raise ApiError(423, "locked", LOCKED)
    if row.next_attempt_at is not None and as_utc(row.next_attempt_at) > now:
        session.commit()
        raise _wait((as_utc(row.next_attempt_at) - now).total_seconds())
    seen = row.failures
    failures = seen + 1
    delay = policy.delay_after(failures)
    _count(
        session,
        key,
        seen,
        failures=failures,
        next_attempt_at=now + delay if delay else None,
        locked_at=now if failures >= policy.threshold else None,
        updated_at=now,
    )


def forgive(session: Session, key: str) -> None:
    """A right answer (or an access reset) clears the count. The caller commits."""
    session.execute(delete(SignInThrottle).where(col(SignInThrottle.key) == key))


# --- sessions -----------------------------------------------------------------------------


def _limits(settings: Settings, kind: PersonKind) -> tuple[int, timedelta]:
    if kind is PersonKind.staff:
        return settings.staff_idle_minutes, timedelta(hours=settings.staff_absolute_hours)
    return settings.young_person_idle_minutes, timedelta(hours=settings.young_person_absolute_hours)


def start_session(
    session: Session,
    settings: Settings,
    tenant_id: uuid.UUID,
    kind: PersonKind,
    person_id: uuid.UUID,
    device_label: str,
) -> tuple[str, SignInSession]:
    """A new session with a new random token (never reused across sign-ins). Caller commits."""
    token = new_session_token()
    idle_minutes, lifetime = _limits(settings, kind)
    now = utc_now()
    row = SignInSession(
        tenant_id=tenant_id,
        token_digest=session_digest(token),
        csrf_token=new_session_token(),
        person_kind=kind.value,
        person_id=person_id,
        device_label=device_label,
        created_at=now,
        last_seen_at=now,
        idle_minutes=idle_minutes,
        expires_at=now + lifetime,
    )
    session.add(row)
    return token, row


def list_sessions(session: Session, principal: Principal) -> SessionList:
    query = (
        scoped_to(SignInSession, principal.tenant_id)
        .where(SignInSession.person_kind == principal.kind.value)
        .where(SignInSession.person_id == principal.id)
        .order_by(col(SignInSession.last_seen_at).desc())
    )
    rows = session.exec(query).all()
    return SessionList(sessions=[SessionOut.of(row, principal.session_id) for row in rows])


def find_own_session(
    session: Session, principal: Principal, session_id: uuid.UUID
) -> SignInSession | None:
    query = (
        scoped_to(SignInSession, principal.tenant_id)
        .where(SignInSession.id == session_id)
        .where(SignInSession.person_kind == principal.kind.value)
        .where(SignInSession.person_id == principal.id)
    )
    return session.exec(query).first()


def end_session(session: Session, row: SignInSession, actor: Principal | None) -> None:
    session.delete(row)  # the database deletes its push subscriptions with it
    action = (
        AuditAction.signed_out
        if actor and actor.session_id == row.id
        else (AuditAction.session_ended)
    )
    audit.record(
        session,
        row.tenant_id,
        action,
        actor,
        subject_kind=row.person_kind,
        subject_id=row.person_id,
        detail={"session_id": str(row.id)},
    )
    session.commit()


def end_all_sessions(
    session: Session,
    tenant_id: uuid.UUID,
    kind: PersonKind,
    person_id: uuid.UUID,
    actor: Principal | None,
) -> int:
    """ "Sign out everywhere": every session of this person ends now, and every device of
    theirs stops getting pushes. Caller commits."""
    push.forget_person(session, tenant_id, kind, person_id)
    ended = rows_changed(
        session,
        delete(SignInSession)
        .where(col(SignInSession.tenant_id) == tenant_id)
        .where(col(SignInSession.person_kind) == kind.value)
        .where(col(SignInSession.person_id) == person_id),
    )
    audit.record(
        session,
        tenant_id,
        AuditAction.signed_out_everywhere,
        actor,
        subject_kind=kind.value,
        subject_id=person_id,
        detail={"sessions": ended},
    )
    return ended


# --- signing in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: SignInSession
    tenant: Tenant
    kind: PersonKind
    person: YoungPerson | StaffMember


def signed_in_person(
    session: Session, tenant: Tenant, kind: PersonKind, person: YoungPerson | StaffMember
) -> SignedInPerson:
    """Who is signed in, with a young person's PA (name, work phone, photo version)."""
    staff = person if isinstance(person, StaffMember) else None
    pa = accounts.active_pa_and_photo(session, person) if isinstance(person, YoungPerson) else None
    return SignedInPerson(
        kind=kind,
        id=person.id,
        council=tenant.slug,
        display_name=staff.display_name if staff else getattr(person, "preferred_name", ""),
        role=StaffRole(staff.role) if staff else None,
        team_id=staff.team_id if staff else None,
        pa_first_name=first_name(pa.staff.display_name) if pa else None,
        pa_work_phone=pa.staff.work_phone if pa else None,
        pa_photo_version=pa.photo_version if pa else None,
    )


def me_out(session: Session, signed: SignedIn) -> Me:
    person = signed_in_person(session, signed.tenant, signed.kind, signed.person)
    return Me(
        **person.model_dump(),
        session_id=signed.session.id,
        csrf_token=signed.session.csrf_token,
    )


def caller_row(session: Session, principal: Principal) -> YoungPerson | StaffMember:
    """The signed-in person's row. Checking the session has just loaded it and keeps it for
    the request (harbour.access.session), so `get` finds it without asking the database."""
    person: YoungPerson | StaffMember | None = (
        session.get(StaffMember, principal.id)
        if principal.is_staff
        else session.get(YoungPerson, principal.id)
    )
    assert person is not None  # the session's check found them active in their council
    assert person.tenant_id == principal.tenant_id
    return person


def _wrong_details(message: str, *fields: str) -> ApiError:
    return ApiError(
        401, "wrong_details", message, [FieldError(field=f, message="not right") for f in fields]
    )


def _claim_or_audit(
    session: Session,
    key: str,
    policy: Policy,
    tenant: Tenant | None,
    person_id: uuid.UUID | None,
    kind: PersonKind,
) -> None:
    try:
        claim_attempt(session, key, policy)
    except ApiError as refused:
        if tenant is not None and refused.code == "locked":
            audit.record(
                session,
                tenant.id,
                AuditAction.sign_in_locked,
                actor_kind=ActorKind.unknown,
                subject_kind=kind.value,
                subject_id=person_id,
            )
            session.commit()
        raise


def _finish(
    session: Session,
    settings: Settings,
    key: str,
    tenant: Tenant,
    kind: PersonKind,
    person: YoungPerson | StaffMember,
    device_label: str,
    method: str,
) -> SignedIn:
    forgive(session, key)
    token, row = start_session(session, settings, tenant.id, kind, person.id, device_label)
    audit.record_own(
        session,
        tenant.id,
        AuditAction.sign_in,
        ActorKind(kind.value),
        person.id,
        {"method": method, "session_id": str(row.id)},
    )
    session.commit()
    log.info("signed_in", kind=kind.value, method=method)
    return SignedIn(token, row, tenant, kind, person)


def _failed(
    session: Session,
    tenant: Tenant | None,
    kind: PersonKind,
    person_id: uuid.UUID | None,
    method: str,
) -> None:
    session.rollback()  # nothing of a wrong try is kept but its count and its audit row
    if tenant is not None:
        audit.record(
            session,
            tenant.id,
            AuditAction.sign_in_failed,
            actor_kind=ActorKind.unknown,
            subject_kind=kind.value if person_id else None,
            subject_id=person_id,
            detail={"method": method},
        )
        session.commit()
    log.info("sign_in_failed", kind=kind.value, method=method)


Person = TypeVar("Person", YoungPerson, StaffMember)


def _checked(
    session: Session,
    settings: Settings,
    kind: PersonKind,
    sent: YoungPersonSignIn | StaffSignIn,
    find: Callable[[Session, Tenant, str], Person | None],
    check: Callable[[Person | None], bool],
    method: str,
    wrong: ApiError,
) -> tuple[Tenant, Person, str]:
    """A sign-in's council, person and wrong-tries key, once the lock allows a try and
    `check` accepts their secrets. Otherwise the wrong try is counted, audited (as `method`)
    and refused with `wrong`, the same whether the council, the person or the secret was
    wrong, and after the same work: `check` runs for no one too (against a dummy hash), so
    the time taken does not say whether the name exists."""
    tenant = find_council(session, sent.council)
    person = find(session, tenant, sent.username) if tenant else None
    key = account_key(kind, sent.council, sent.username)
    person_id = person.id if person else None
    _claim_or_audit(session, key, account_policy(settings), tenant, person_id, kind)
    accepted = check(person)
    if tenant is None or person is None or not accepted:
        _failed(session, tenant, kind, person_id, method)
        raise wrong
    return tenant, person, key


def sign_in_young_person(session: Session, settings: Settings, data: YoungPersonSignIn) -> SignedIn:
    kind = PersonKind.young_person
    tenant, person, key = _checked(
        session,
        settings,
        kind,
        data,
        accounts.find_young_person_by_username,
        lambda person: accounts.check_young_person_secret(person, data.secret),
        "secret",
        _wrong_details(
            "That username or PIN is not right. Check them and try again.",
            "body.username",
            "body.secret",
        ),
    )
    method = person.secret_kind or "secret"
    return _finish(session, settings, key, tenant, kind, person, data.device_label, method)


def sign_in_staff(
    session: Session, settings: Settings, key_bytes: bytes, totp: TotpSecrets, data: StaffSignIn
) -> SignedIn:
    kind = PersonKind.staff
    method = "passphrase_totp"
    tenant, staff, key = _checked(
        session,
        settings,
        kind,
        data,
        accounts.find_staff_by_username,
        lambda staff: accounts.check_staff_secrets(
            session, key_bytes, totp, staff, data.passphrase, data.code
        ),
        method,
        _wrong_details(
            "That username, passphrase or code is not right.",
            "body.username",
            "body.passphrase",
            "body.code",
        ),
    )
    return _finish(session, settings, key, tenant, kind, staff, data.device_label, method)


def sign_in_oidc_staff(
    session: Session, settings: Settings, tenant: Tenant, staff: StaffMember, device_label: str
) -> SignedIn:
    """The identity provider has vouched for this staff member."""
    key = account_key(PersonKind.staff, tenant.slug, f"oidc:{staff.id}")
    return _finish(session, settings, key, tenant, PersonKind.staff, staff, device_label, "oidc")


def role_from_claims(settings: CouncilSignIn, claims: dict[str, Any]) -> StaffRole | None:
    """The Harbour role named by the council's role claim, if it is set up and names one."""
    if not settings.role_claim:
        return None
    value = claims.get(settings.role_claim)
    values = value if isinstance(value, list) else [value]
    for candidate in values:
        role = settings.role_map.get(str(candidate))
        if role is not None:
            return StaffRole(role)
    return None


def sign_in_with_identity(
    session: Session,
    settings: Settings,
    tenant: Tenant,
    provider: CouncilSignIn,
    claims: dict[str, Any],
) -> SignedIn | None:
    """After the provider's ID token has been checked (signature, issuer, audience, nonce):
    sign the staff member in, or None when they are not (or no longer) staff here."""
    subject = str(claims.get("sub") or "")
    name = str(claims.get("name") or claims.get("preferred_username") or "Staff member")[:120]
    staff = (
        accounts.staff_for_identity(
            session, tenant, provider.issuer, subject, name, role_from_claims(provider, claims)
        )
        if subject
        else None
    )
    if staff is None:
        oidc_refused(session, tenant, "not_staff_here")
        return None
    return sign_in_oidc_staff(session, settings, tenant, staff, "Computer")


def oidc_refused(session: Session, tenant: Tenant, reason: str) -> None:
    session.rollback()
    audit.record(
        session,
        tenant.id,
        AuditAction.sign_in_failed,
        actor_kind=ActorKind.unknown,
        subject_kind=PersonKind.staff.value,
        detail={"method": "oidc", "reason": reason},
    )
    session.commit()
    log.info("sign_in_failed", kind="staff", method="oidc", reason=reason)


def sign_in_with_passkey(
    session: Session, settings: Settings, tenant: Tenant, person: YoungPerson, device_label: str
) -> SignedIn:
    """After harbour.passkeys has checked the passkey's signature over our challenge."""
    key = account_key(PersonKind.young_person, tenant.slug, person.username or "")
    return _finish(
        session, settings, key, tenant, PersonKind.young_person, person, device_label, "passkey"
    )


def _bad_code() -> ApiError:
    return ApiError(
        401,
        "bad_code",
        "This code is not right, or it has expired or been used. Check it, or ask for a new one.",
        [FieldError(field="body.code", message="not right, expired or used")],
    )


def _spend_invite_try(session: Session, settings: Settings, client: str) -> None:
    # Every try counts, right or wrong, and is never forgiven: checking a code does not use
    # it up, so forgiving a right one would let someone holding a code guess for free.
    for key, budget in invite_budgets(settings, client):
        spend(session, key, budget)


def check_invite(
    session: Session, settings: Settings, key_bytes: bytes, client: str, code: str
) -> InviteUsable:
    """Whether a young person's code would work, before they choose a PIN. Counted
    exactly like a join."""
    _spend_invite_try(session, settings, client)
    usable = accounts.usable_invite(session, key_bytes, code)
    if usable is None:
        log.info("invite_code_wrong")
        raise _bad_code()
    return usable


def _use_code(
    session: Session, settings: Settings, key_bytes: bytes, client: str, code: str
) -> tuple[Tenant, InviteCode]:
    _spend_invite_try(session, settings, client)
    invite = accounts.use_invite(session, key_bytes, code)
    tenant = session.get(Tenant, invite.tenant_id) if invite else None
    if invite is None or tenant is None:
        session.rollback()
        log.info("invite_code_wrong")
        raise _bad_code()
    return tenant, invite


def join_young_person(
    session: Session, settings: Settings, key_bytes: bytes, client: str, data: YoungPersonJoin
) -> SignedIn:
    """Invite code → username and PIN or passphrase → signed in on this phone."""
    tenant, invite = _use_code(session, settings, key_bytes, client, data.code)
    if invite.young_person_id is None:
        session.rollback()
        raise _bad_code()
    person = accounts.join_young_person(session, tenant, invite, data)
    key = account_key(PersonKind.young_person, tenant.slug, person.username or "")
    return _finish(
        session, settings, key, tenant, PersonKind.young_person, person, data.device_label, "invite"
    )


def join_staff(
    session: Session,
    settings: Settings,
    key_bytes: bytes,
    totp: TotpSecrets,
    client: str,
    data: StaffJoin,
) -> StaffJoined:
    tenant, invite = _use_code(session, settings, key_bytes, client, data.code)
    if invite.staff_id is None:
        session.rollback()
        raise _bad_code()
    joined = accounts.join_staff(session, key_bytes, totp, tenant, invite, data.passphrase)
    staff = accounts.find_staff(session, tenant, invite.staff_id)
    if staff is not None:
        forgive(session, account_key(PersonKind.staff, tenant.slug, staff.username or ""))
        end_all_sessions(session, tenant.id, PersonKind.staff, staff.id, None)
    session.commit()
    return joined


def clear_lock(session: Session, kind: PersonKind, council: str, username: str | None) -> None:
    """Part of an access reset: the person may try again with their new code. Caller commits."""
    if username:
        forgive(session, account_key(kind, council, username))
