"""Rules for people: teams, staff, young people, invite codes and the secrets they set.

Who may do each thing is decided in harbour.access and accounts.access before these are
called; these functions keep records consistent (one council, single-use codes, unique
usernames) and audit them.
"""

import hmac
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

import pyotp
import structlog
from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.accounts.events import AccessReset, PersonLeft, YoungPersonActiveChanged
from harbour.accounts.models import (
    InviteCode,
    LegalStatusChange,
    RecoveryCode,
    StaffMember,
    StaffPhoto,
    Team,
    YoungPerson,
)
from harbour.accounts.photos import reencode, version_of
from harbour.accounts.schemas import (
    Adviser,
    AdviserList,
    InviteOut,
    InviteUsable,
    KeyDate,
    KeyDateIn,
    KeyDateKind,
    LegalStatusEntry,
    PersonKind,
    Principal,
    RecordDetails,
    StaffCreated,
    StaffIn,
    StaffJoined,
    StaffList,
    StaffOut,
    StaffProfileIn,
    StaffProfileOut,
    StaffRole,
    StaffUpdate,
    TeamIn,
    TeamList,
    TeamOut,
    YoungPersonIn,
    YoungPersonJoin,
    YoungPersonList,
    YoungPersonOut,
    YoungPersonSummary,
    YoungPersonUpdate,
)
from harbour.audit import service as audit
from harbour.audit.schemas import ActorKind, AuditAction
from harbour.credentials import (
    TotpSecrets,
    hash_secret,
    keyed_digest,
    new_invite_code,
    new_recovery_code,
    normalise_code,
    verify_secret,
)
from harbour.db import as_utc, rows_changed
from harbour.health import service as health
from harbour.kernel.errors import ApiError, invalid
from harbour.kernel.events import publish
from harbour.kernel.text import first_name
from harbour.kernel.time import utc_now
from harbour.offer.schemas import LegalStatus
from harbour.plans.models import Plan
from harbour.tenancy import council_today, scoped, scoped_to
from harbour.tenants.models import Tenant

log = structlog.get_logger("harbour.accounts")

INVITE_LIFETIME = timedelta(days=7)
RECOVERY_CODES = 10
TOTP_ISSUER = "Harbour"


# --- teams --------------------------------------------------------------------------------


def team_out(row: Team) -> TeamOut:
    return TeamOut(id=row.id, name=row.name)


def find_team(session: Session, tenant: Tenant, team_id: uuid.UUID) -> Team | None:
    return session.exec(scoped(Team, tenant).where(Team.id == team_id)).first()


def list_teams(session: Session, tenant: Tenant) -> TeamList:
    rows = session.exec(scoped(Team, tenant).order_by(col(Team.name))).all()
    return TeamList(teams=[team_out(row) for row in rows])


def create_team(session: Session, tenant: Tenant, data: TeamIn, actor: Principal) -> TeamOut:
    if session.exec(scoped(Team, tenant).where(Team.name == data.name)).first():
        raise invalid("body.name", "There is already a team with this name.", 409, "taken")
    team = Team(tenant_id=tenant.id, name=data.name)
    session.add(team)
    audit.record(
        session, tenant.id, AuditAction.team_created, actor, subject_kind="team", subject_id=team.id
    )
    session.commit()
    return team_out(team)


def _team_in_council(session: Session, tenant: Tenant, team_id: uuid.UUID | None) -> None:
    if team_id is not None and find_team(session, tenant, team_id) is None:
        raise invalid("body.team_id", "This council has no team with this id.")


# --- staff --------------------------------------------------------------------------------


def staff_out(row: StaffMember) -> StaffOut:
    return StaffOut(
        id=row.id,
        display_name=row.display_name,
        role=StaffRole(row.role),
        team_id=row.team_id,
        active=row.active,
        sign_in="oidc" if row.oidc_subject else "local",
        username=row.username,
    )


def find_staff(session: Session, tenant: Tenant, staff_id: uuid.UUID) -> StaffMember | None:
    return session.exec(scoped(StaffMember, tenant).where(StaffMember.id == staff_id)).first()


def find_staff_by_username(session: Session, tenant: Tenant, username: str) -> StaffMember | None:
    query = scoped(StaffMember, tenant).where(StaffMember.username == username.strip().lower())
    return session.exec(query).first()


def find_staff_by_subject(
    session: Session, tenant: Tenant, issuer: str, subject: str
) -> StaffMember | None:
    query = scoped(StaffMember, tenant).where(
        StaffMember.oidc_issuer == issuer, StaffMember.oidc_subject == subject
    )
    return session.exec(query).first()


def staff_for_identity(
    session: Session,
    tenant: Tenant,
    issuer: str,
    subject: str,
    display_name: str,
    role: StaffRole | None,
) -> StaffMember | None:
    """The staff member the council's identity provider vouched for. A known one gets the
    role the provider's claim gives (if it gives one); an unknown one is added only when
    the claim gives a role, otherwise an admin must add them first. Caller commits."""
    staff = find_staff_by_subject(session, tenant, issuer, subject)
    if staff is None:
        if role is None:
            return None
        staff = StaffMember(
            tenant_id=tenant.id,
            display_name=display_name,
            role=role.value,
            oidc_issuer=issuer,
            oidc_subject=subject,
        )
        session.add(staff)
        session.flush()
        audit.record_own(
            session,
            tenant.id,
            AuditAction.staff_created,
            ActorKind.staff,
            staff.id,
            detail={"by": "identity_provider"},
        )
    elif role is not None and staff.role != role.value:
        staff.role = role.value
        session.add(staff)
        audit.record_own(
            session,
            tenant.id,
            AuditAction.staff_changed,
            ActorKind.staff,
            staff.id,
            detail={"fields": ["role"], "by": "identity_provider"},
        )
    return staff if staff.active else None


def list_staff(session: Session, tenant: Tenant) -> StaffList:
    rows = session.exec(scoped(StaffMember, tenant).order_by(col(StaffMember.display_name))).all()
    return StaffList(staff=[staff_out(row) for row in rows])


def create_staff(
    session: Session,
    key: bytes,
    tenant: Tenant,
    data: StaffIn,
    actor: Principal | None,
    oidc_issuer: str | None,
) -> StaffCreated:
    """A new staff member; a local account also gets an invite code to set itself up."""
    _team_in_council(session, tenant, data.team_id)
    if data.sign_in == "oidc" and oidc_issuer is None:
        raise invalid("body.sign_in", "This council has no identity provider set up yet.")
    username = data.username.lower() if data.sign_in == "local" and data.username else None
    if username and find_staff_by_username(session, tenant, username):
        raise invalid("body.username", "Someone already has this username.", 409, "taken")
    subject = data.oidc_subject if data.sign_in == "oidc" else None
    if subject and oidc_issuer and find_staff_by_subject(session, tenant, oidc_issuer, subject):
        raise invalid("body.oidc_subject", "Someone already has this sign-in.", 409, "taken")
    staff = StaffMember(
        tenant_id=tenant.id,
        display_name=data.display_name,
        role=data.role.value,
        team_id=data.team_id,
        username=username,
        oidc_issuer=oidc_issuer if subject else None,
        oidc_subject=subject,
    )
    session.add(staff)
    session.flush()
    invite = issue_invite(session, key, tenant, staff=staff, issued_by=actor) if username else None
    audit.record(
        session,
        tenant.id,
        AuditAction.staff_created,
        actor,
        actor_kind=None if actor else ActorKind.operator,
        subject_kind="staff",
        subject_id=staff.id,
    )
    _commit_unique(session, "body.username")
    return StaffCreated(staff=staff_out(staff), invite=invite)


def create_local_staff(
    session: Session,
    key: bytes,
    totp: TotpSecrets,
    tenant: Tenant,
    display_name: str,
    role: StaffRole,
    username: str,
    passphrase: str,
) -> StaffJoined:
    """For the operator's command line (the council's first admin): the account is ready at
    once, with its TOTP secret and recovery codes returned to show to the person, once."""
    data = StaffIn(display_name=display_name, role=role, sign_in="local", username=username)
    created = create_staff(session, key, tenant, data, None, None)
    staff = find_staff(session, tenant, created.staff.id)
    assert staff is not None
    session.execute(
        update(InviteCode).where(col(InviteCode.staff_id) == staff.id).values(revoked_at=utc_now())
    )
    joined = set_staff_credentials(session, key, totp, tenant, staff, passphrase)
    session.commit()
    return joined


def _own_account(field: str, message: str) -> ApiError:
    return invalid(field, f"{message} Ask another admin to do it.", 409, "own_account")


def refuse_own_reset(staff: StaffMember, actor: Principal) -> None:
    """An admin who reset their own access would be signed out with only a code to get back
    in: another admin does it."""
    if staff.id == actor.id:
        raise _own_account("path.staff_id", "You can't reset your own access.")


def _refuse_locking_yourself_out(
    staff: StaffMember, changes: dict[str, Any], actor: Principal
) -> None:
    if staff.id != actor.id:
        return
    if changes.get("active") is False:
        raise _own_account("body.active", "You can't deactivate your own account.")
    if changes.get("role", StaffRole.council_admin) != StaffRole.council_admin:
        raise _own_account("body.role", "You can't take away your own admin role.")


def _active_admins(tenant: Tenant) -> SelectOfScalar[uuid.UUID]:
    return select(StaffMember.id).where(
        StaffMember.tenant_id == tenant.id,
        StaffMember.role == StaffRole.council_admin.value,
        col(StaffMember.active).is_(True),
    )


def _keep_an_admin(
    session: Session, tenant: Tenant, staff: StaffMember, changes: dict[str, Any]
) -> None:
    """Refuses a change that would leave the council with no active admin. Called with the
    change applied but not committed, after `_lock_admins`."""
    session.flush()  # the change is written, so the count below includes it
    if session.exec(_active_admins(tenant).limit(1)).first() is None:
        session.rollback()
        field = "body.active" if changes.get("active") is False else "body.role"
        raise invalid(
            field,
            f"{staff.display_name} is the council's last active admin. Make someone else "
            "an admin first.",
            409,
            "last_admin",
        )


def _lock_admins(session: Session, tenant: Tenant) -> set[uuid.UUID]:
    """The council's active admins, their rows locked until commit (PostgreSQL; in id order,
    so two requests cannot deadlock): two admins demoting each other at once are taken in
    turn, and the second sees the first's change. SQLite has one writer at a time, so there
    the change's own write (before the count in `_keep_an_admin`) does the same."""
    return set(session.exec(_active_admins(tenant).order_by(col(StaffMember.id)).with_for_update()))


def update_staff(
    session: Session, tenant: Tenant, staff: StaffMember, data: StaffUpdate, actor: Principal
) -> StaffOut:
    """Only the fields sent change. Nobody may leave the council without an active admin,
    and an admin may not deactivate or demote themselves. A leaver (`active: false`) is
    signed out everywhere in the same transaction (PersonLeft)."""
    changes = data.model_dump(exclude_unset=True)
    _team_in_council(session, tenant, data.team_id)
    _refuse_locking_yourself_out(staff, changes, actor)
    was_admin = ("role" in changes or "active" in changes) and staff.id in _lock_admins(
        session, tenant
    )
    for name, value in changes.items():
        setattr(staff, name, value.value if isinstance(value, StaffRole) else value)
    session.add(staff)
    if was_admin:
        _keep_an_admin(session, tenant, staff, changes)
    audit.record_about(
        session, AuditAction.staff_changed, actor, staff, detail={"fields": sorted(changes)}
    )
    if data.active is False:
        publish(session, PersonLeft(tenant.id, PersonKind.staff, staff.id, actor))
    session.commit()
    return staff_out(staff)


def _new_recovery_codes(session: Session, key: bytes, staff: StaffMember) -> list[str]:
    session.execute(
        update(RecoveryCode).where(col(RecoveryCode.staff_id) == staff.id).values(used_at=utc_now())
    )
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(
        RecoveryCode(
            tenant_id=staff.tenant_id,
            staff_id=staff.id,
            code_digest=keyed_digest(key, normalise_code(code)),
        )
        for code in codes
    )
    return codes


def set_staff_credentials(
    session: Session,
    key: bytes,
    totp: TotpSecrets,
    tenant: Tenant,
    staff: StaffMember,
    passphrase: str,
) -> StaffJoined:
    """A passphrase, a fresh TOTP secret and fresh recovery codes (the old ones stop working).
    The secret is stored encrypted and shown this once. The caller commits."""
    secret = pyotp.random_base32()
    staff.passphrase_hash = hash_secret(passphrase)
    staff.totp_secret = totp.seal(secret)
    staff.totp_last_step = None
    session.add(staff)
    codes = _new_recovery_codes(session, key, staff)
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=f"{staff.username}@{tenant.slug}", issuer_name=TOTP_ISSUER
    )
    return StaffJoined(totp_secret=secret, totp_uri=uri, recovery_codes=codes)


def _matching_totp_step(secret: str, code: str, now: datetime) -> int | None:
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):  # allow a phone clock 30 seconds out
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _use_totp(session: Session, totp: TotpSecrets, staff: StaffMember, code: str) -> bool:
    secret = totp.open(staff.totp_secret or "")
    if secret is None:  # sealed with a key that has been dropped: no code can match
        log.warning("totp_secret_unreadable")
        return False
    step = _matching_totp_step(secret, code, utc_now())
    if step is None:
        return False
    # Each code works once: the step only moves forward, in one statement.
    changed = rows_changed(
        session,
        update(StaffMember)
        .where(col(StaffMember.id) == staff.id)
        .where(
            or_(col(StaffMember.totp_last_step).is_(None), col(StaffMember.totp_last_step) < step)
        )
        .values(totp_last_step=step),
    )
    return changed == 1


def _use_recovery_code(session: Session, key: bytes, staff: StaffMember, code: str) -> bool:
    changed = rows_changed(
        session,
        update(RecoveryCode)
        .where(col(RecoveryCode.staff_id) == staff.id)
        .where(col(RecoveryCode.code_digest) == keyed_digest(key, normalise_code(code)))
        .where(col(RecoveryCode.used_at).is_(None))
        .values(used_at=utc_now()),
    )
    return changed == 1


def check_staff_secrets(
    session: Session,
    key: bytes,
    totp: TotpSecrets,
    staff: StaffMember | None,
    passphrase: str,
    code: str,
) -> bool:
    """Passphrase and then a TOTP or recovery code; both must be right. The caller commits."""
    hashed = staff.passphrase_hash if staff and staff.active and staff.totp_secret else None
    if not verify_secret(passphrase, hashed) or staff is None:
        return False
    compact = code.replace(" ", "")
    if compact.isdigit():
        return _use_totp(session, totp, staff, compact)
    return _use_recovery_code(session, key, staff, compact)


def reseal_totp_secrets(session: Session, totp: TotpSecrets) -> tuple[int, int]:
    """Every stored TOTP secret encrypted again with the first key, so older keys can be
    dropped. Each row changes only if it still holds what was read, so a secret set by
    someone joining meanwhile is kept. Commits; returns (resealed, unreadable)."""
    rows = session.exec(
        select(StaffMember.id, StaffMember.totp_secret).where(
            col(StaffMember.totp_secret).is_not(None)
        )
    ).all()
    resealed = unreadable = 0
    for staff_id, sealed in rows:
        fresh = totp.reseal(sealed or "")
        if fresh is None:
            unreadable += 1
            continue
        resealed += rows_changed(
            session,
            update(StaffMember)
            .where(col(StaffMember.id) == staff_id, col(StaffMember.totp_secret) == sealed)
            .values(totp_secret=fresh),
        )
    session.commit()
    return resealed, unreadable


# --- a staff member's own profile ----------------------------------------------------------
# Both parts are optional and shown only to the young people the staff member is PA for.
# The audit says what changed, never the number or the image.


def own_photo(session: Session, staff: StaffMember) -> StaffPhoto | None:
    query = scoped_to(StaffPhoto, staff.tenant_id).where(StaffPhoto.staff_id == staff.id)
    return session.exec(query).first()


def photo_version(session: Session, staff: StaffMember) -> str | None:
    photo = own_photo(session, staff)
    return photo.version if photo else None


def staff_profile(session: Session, staff: StaffMember) -> StaffProfileOut:
    return StaffProfileOut(
        first_name=first_name(staff.display_name),
        work_phone=staff.work_phone,
        photo_version=photo_version(session, staff),
    )


def _profile_changed(
    session: Session, staff: StaffMember, actor: Principal, part: str, now: str
) -> StaffProfileOut:
    audit.record_about(
        session, AuditAction.staff_profile_changed, actor, staff, {"part": part, "now": now}
    )
    session.commit()
    return staff_profile(session, staff)


def set_work_phone(
    session: Session, staff: StaffMember, data: StaffProfileIn, actor: Principal
) -> StaffProfileOut:
    staff.work_phone = data.work_phone
    session.add(staff)
    return _profile_changed(
        session, staff, actor, "work_phone", "set" if data.work_phone else "removed"
    )


def set_photo(
    session: Session, staff: StaffMember, upload: bytes, actor: Principal
) -> StaffProfileOut:
    """Keeps only the re-encoded image (accounts.photos); a 422 naming `body.image` when the
    upload is not a photo we can read, with nothing stored."""
    image = reencode(upload)
    photo = own_photo(session, staff) or StaffPhoto(
        tenant_id=staff.tenant_id, staff_id=staff.id, image=b"", version=""
    )
    photo.image, photo.version, photo.created_at = image, version_of(image), utc_now()
    session.add(photo)
    return _profile_changed(session, staff, actor, "photo", "set")


def remove_photo(session: Session, staff: StaffMember, actor: Principal) -> StaffProfileOut:
    photo = own_photo(session, staff)
    if photo is not None:
        session.delete(photo)
    return _profile_changed(session, staff, actor, "photo", "removed")


def active_pa(session: Session, young_person: YoungPerson) -> StaffMember | None:
    """The young person's PA while they still work here: the one whose name, phone and photo
    the young person sees."""
    if young_person.allocated_pa_id is None:
        return None
    query = scoped_to(StaffMember, young_person.tenant_id).where(
        StaffMember.id == young_person.allocated_pa_id, col(StaffMember.active).is_(True)
    )
    return session.exec(query).first()


@dataclass(frozen=True)
class ActivePa:
    staff: StaffMember
    photo_version: str | None  # None: no photo


def active_pa_and_photo(session: Session, young_person: YoungPerson) -> ActivePa | None:
    """`active_pa` and their photo's version, in one query (never the image itself)."""
    if young_person.allocated_pa_id is None:
        return None
    query = (
        select(StaffMember, StaffPhoto.version)
        .outerjoin(
            StaffPhoto,
            (col(StaffPhoto.staff_id) == StaffMember.id)
            & (col(StaffPhoto.tenant_id) == StaffMember.tenant_id),
        )
        .where(
            StaffMember.tenant_id == young_person.tenant_id,
            StaffMember.id == young_person.allocated_pa_id,
            col(StaffMember.active).is_(True),
        )
    )
    found = session.exec(query).first()
    return ActivePa(*found) if found else None


def pa_photo(session: Session, young_person: YoungPerson) -> StaffPhoto | None:
    pa = active_pa(session, young_person)
    return own_photo(session, pa) if pa else None


# --- young people -------------------------------------------------------------------------


def find_young_person(
    session: Session, tenant: Tenant, young_person_id: uuid.UUID
) -> YoungPerson | None:
    query = scoped(YoungPerson, tenant).where(YoungPerson.id == young_person_id)
    return session.exec(query).first()


def find_young_person_by_username(
    session: Session, tenant: Tenant, username: str
) -> YoungPerson | None:
    query = scoped(YoungPerson, tenant).where(YoungPerson.username == username.strip().lower())
    return session.exec(query).first()


def _pending_invite(session: Session, young_person: YoungPerson) -> InviteCode | None:
    query = (
        scoped_to(InviteCode, young_person.tenant_id)
        .where(InviteCode.young_person_id == young_person.id)
        .where(col(InviteCode.used_at).is_(None), col(InviteCode.revoked_at).is_(None))
        .where(col(InviteCode.expires_at) > utc_now())
    )
    return session.exec(query).first()


def age_on(born: date, today: date) -> int:
    """Whole years; someone born on 29 February turns a year older on 1 March."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def eighteenth_birthday(born: date) -> date:
    """The day `age_on` first says 18 (1 March for a 29 February birthday)."""
    if (born.month, born.day) == (2, 29):
        return date(born.year + 18, 3, 1)
    return born.replace(year=born.year + 18)


# Statuses for under-18s: at 18 a young person becomes former relevant (or qualifying).
UNDER_18_STATUSES = {LegalStatus.looked_after, LegalStatus.eligible, LegalStatus.relevant}


def all_key_dates(row: YoungPerson, review_due: date | None) -> list[KeyDate]:
    """The record's own key dates and the pathway plan's review date, in date order."""
    dates = [KeyDate.model_validate(d) for d in row.key_dates]
    if review_due is not None:
        dates.append(KeyDate(kind=KeyDateKind.pathway_plan_review, date=review_due))
    return sorted(dates, key=lambda d: d.date)


def _next_key_date(row: YoungPerson, review_due: date | None, today: date) -> KeyDate | None:
    birthday = KeyDate(
        kind=KeyDateKind.eighteenth_birthday, date=eighteenth_birthday(row.date_of_birth)
    )
    coming = [d for d in [*all_key_dates(row, review_due), birthday] if d.date >= today]
    return min(coming, key=lambda d: d.date, default=None)


def young_person_summary(
    row: YoungPerson, review_due: date | None, today: date
) -> YoungPersonSummary:
    """From the row and the plan's review date, so a list needs no query per person."""
    age = age_on(row.date_of_birth, today)
    return YoungPersonSummary(
        id=row.id,
        preferred_name=row.preferred_name,
        age=age,
        legal_status=row.legal_status,
        status_check_due=age >= 18 and row.legal_status in UNDER_18_STATUSES,
        allocated_pa_id=row.allocated_pa_id,
        joined=row.secret_hash is not None,
        active=row.active,
        next_key_date=_next_key_date(row, review_due, today),
    )


def _council(session: Session, tenant_id: uuid.UUID) -> Tenant:
    council = session.get(Tenant, tenant_id)  # already loaded by the caller's session check
    assert council is not None
    return council


def plan_review_due(session: Session, young_person_id: uuid.UUID) -> date | None:
    return session.exec(
        select(col(Plan.review_due)).where(Plan.young_person_id == young_person_id)
    ).first()


def _status_history(session: Session, row: YoungPerson) -> list[LegalStatusEntry]:
    found = session.exec(
        select(LegalStatusChange, StaffMember.display_name)
        .outerjoin(StaffMember, col(StaffMember.id) == col(LegalStatusChange.recorded_by))
        .where(LegalStatusChange.young_person_id == row.id)
        .order_by(col(LegalStatusChange.recorded_at).desc(), col(LegalStatusChange.id))
    ).all()
    return [
        LegalStatusEntry(
            legal_status=LegalStatus(change.legal_status),
            changed_on=change.changed_on,
            recorded_at=change.recorded_at,
            recorded_by=name,
        )
        for change, name in found
    ]


def young_person_out(session: Session, row: YoungPerson) -> YoungPersonOut:
    invite = _pending_invite(session, row)
    today = council_today(_council(session, row.tenant_id))
    review_due = plan_review_due(session, row.id)
    return YoungPersonOut(
        **young_person_summary(row, review_due, today).model_dump(),
        date_of_birth=row.date_of_birth,
        eighteenth_birthday=eighteenth_birthday(row.date_of_birth),
        key_dates=all_key_dates(row, review_due),
        **{name: getattr(row, name) for name in RecordDetails.model_fields},
        legal_status_history=_status_history(session, row),
        username=row.username,
        invite_expires_at=invite.expires_at if invite else None,
    )


def young_people(
    session: Session, tenant: Tenant, visible: SelectOfScalar[YoungPerson]
) -> YoungPersonList:
    """`visible` comes from harbour.access: the caseload this person may see. Two queries:
    the people, and their plans' review dates. Unaudited: the caller audits the listing."""
    today = council_today(tenant)
    rows = session.exec(visible.order_by(col(YoungPerson.preferred_name))).all()
    reviews = dict(
        session.exec(
            select(col(Plan.young_person_id), col(Plan.review_due)).where(
                col(Plan.young_person_id).in_([row.id for row in rows])
            )
        ).all()
    )
    return YoungPersonList(
        young_people=[young_person_summary(row, reviews.get(row.id), today) for row in rows]
    )


def audit_listing(session: Session, actor: Principal, count: int) -> None:
    """The audit row for listing young people (the caller commits)."""
    audit.record(
        session, actor.tenant_id, AuditAction.young_person_listed, actor, detail={"count": count}
    )


def list_young_people(
    session: Session, tenant: Tenant, visible: SelectOfScalar[YoungPerson], actor: Principal
) -> YoungPersonList:
    # Built before the commit: afterwards each row would be loaded again, one query each.
    listed = young_people(session, tenant, visible)
    audit_listing(session, actor, len(listed.young_people))
    session.commit()
    return listed


def young_people_names(
    session: Session, visible: SelectOfScalar[YoungPerson]
) -> list[tuple[uuid.UUID, str]]:
    """Each visible young person's id and preferred name, by name: one query."""
    query = visible.with_only_columns(col(YoungPerson.id), col(YoungPerson.preferred_name))
    return [
        (row[0], row[1]) for row in session.execute(query.order_by(col(YoungPerson.preferred_name)))
    ]


def list_advisers(
    session: Session, tenant: Tenant, listable: SelectOfScalar[StaffMember], with_caseloads: bool
) -> AdviserList:
    """`listable` comes from harbour.access. Two queries, however many people; one when
    caseloads are left out."""
    staff = session.exec(listable.order_by(col(StaffMember.display_name))).all()
    if not with_caseloads:
        return AdviserList(
            advisers=[
                Adviser(id=s.id, display_name=s.display_name, role=StaffRole(s.role), caseload=None)
                for s in staff
            ]
        )
    allocated = col(YoungPerson.allocated_pa_id)
    counts = dict(
        session.exec(
            select(allocated, func.count())
            .where(col(YoungPerson.tenant_id) == tenant.id, col(YoungPerson.active).is_(True))
            .where(allocated.in_([s.id for s in staff]))
            .group_by(allocated)
        ).all()
    )
    return AdviserList(
        advisers=[
            Adviser(
                id=s.id,
                display_name=s.display_name,
                role=StaffRole(s.role),
                caseload=counts.get(s.id, 0),
            )
            for s in staff
        ]
    )


def _key_dates(dates: list[KeyDateIn]) -> list[dict[str, Any]]:
    """What the record keeps: every key date but the plan's review date, in date order."""
    kept = [d for d in dates if d.kind is not KeyDateKind.pathway_plan_review]
    return [d.model_dump(mode="json") for d in sorted(kept, key=lambda d: d.date)]


def plan_review_in(dates: list[KeyDateIn]) -> date | None:
    """The pathway plan review date among key dates sent (at most one: the schema checks)."""
    return next((d.date for d in dates if d.kind is KeyDateKind.pathway_plan_review), None)


def _check_status_date(
    field: str, changed_on: date, born: date, today: date, last: date | None
) -> None:
    if changed_on > today:
        raise invalid(field, "The date it changed cannot be in the future.")
    if changed_on < born:
        raise invalid(field, "The date it changed cannot be before their date of birth.")
    if last is not None and changed_on < last:
        raise invalid(field, f"Their last change was on {last:%-d %B %Y}: pick that day or later.")


def _record_status(
    session: Session, row: YoungPerson, changed_on: date | None, actor: Principal
) -> None:
    session.add(
        LegalStatusChange(
            tenant_id=row.tenant_id,
            young_person_id=row.id,
            legal_status=row.legal_status,
            changed_on=changed_on,
            recorded_by=actor.id if actor.is_staff else None,
        )
    )


def add_young_person(
    session: Session,
    key: bytes,
    tenant: Tenant,
    data: YoungPersonIn,
    pa: StaffMember,
    actor: Principal,
) -> tuple[YoungPerson, InviteOut]:
    """The record, its first legal status and an invite code. Caller commits (after setting
    the plan's review date when a key date names one)."""
    if data.legal_status_since is not None:
        today = council_today(tenant)
        _check_status_date(
            "body.legal_status_since", data.legal_status_since, data.date_of_birth, today, None
        )
    row = YoungPerson(
        tenant_id=tenant.id,
        preferred_name=data.preferred_name,
        date_of_birth=data.date_of_birth,
        legal_status=data.legal_status.value,
        allocated_pa_id=pa.id,
        key_dates=_key_dates(data.key_dates),
        **{name: _stored(getattr(data, name)) for name in RecordDetails.model_fields},
    )
    session.add(row)
    session.flush()
    _record_status(session, row, data.legal_status_since, actor)
    invite = issue_invite(session, key, tenant, young_person=row, issued_by=actor)
    audit.record_about(session, AuditAction.young_person_created, actor, row)
    return row, invite


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


# Columns a PATCH may set; `key_dates` and `legal_status_changed_on` are handled apart.
CHANGEABLE = (
    "preferred_name",
    "date_of_birth",
    "legal_status",
    "allocated_pa_id",
    "active",
    *RecordDetails.model_fields,
)
NOT_EMPTIED = (
    "preferred_name",
    "date_of_birth",
    "legal_status",
    "allocated_pa_id",
    "active",
    "key_dates",
)


@dataclass(frozen=True)
class RecordChange:
    """A checked change to a record, made only once every field has passed."""

    values: dict[str, Any]  # column -> new value
    key_dates: list[dict[str, Any]] | None  # the record's own, when sent
    review_before: date | None  # the pathway plan's review date now
    review_after: date | None  # and after: the same unless the key dates sent move it
    status_changed_on: date | None  # when the legal status changes: the day it did
    left: bool  # `active: false` was sent, even if they already were: they are signed out

    @property
    def moves_review(self) -> bool:
        return self.review_after != self.review_before


def check_update(
    session: Session, council: Tenant, row: YoungPerson, data: YoungPersonUpdate
) -> RecordChange:
    """Every check before anything changes, so a refused PATCH changes nothing."""
    sent = data.model_fields_set
    for name in NOT_EMPTIED:
        if name in sent and getattr(data, name) is None:
            raise invalid(f"body.{name}", "This cannot be emptied.")
    values = {
        name: _stored(value)
        for name in CHANGEABLE
        if name in sent and (value := getattr(data, name)) != getattr(row, name)
    }
    new_status = "legal_status" in values
    changed_on: date | None = None
    if "legal_status_changed_on" in sent and not new_status:
        raise invalid("body.legal_status_changed_on", "Send it with a new legal status.")
    if new_status:
        today = council_today(council)
        changed_on = data.legal_status_changed_on or today
        born = values.get("date_of_birth", row.date_of_birth)
        last = session.exec(
            select(func.max(LegalStatusChange.changed_on)).where(
                LegalStatusChange.young_person_id == row.id
            )
        ).one()
        _check_status_date("body.legal_status_changed_on", changed_on, born, today, last)
    review = plan_review_due(session, row.id)
    return RecordChange(
        values=values,
        key_dates=_key_dates(data.key_dates) if data.key_dates is not None else None,
        review_before=review,
        review_after=review if data.key_dates is None else plan_review_in(data.key_dates),
        status_changed_on=changed_on,
        left=data.active is False,
    )


def _audited(row: YoungPerson, review_due: date | None) -> dict[str, Any]:
    """The record's values as the audit row keeps them (in the database only, never logs)."""
    values = {name: getattr(row, name) for name in CHANGEABLE}
    values["key_dates"] = [d.model_dump(mode="json") for d in all_key_dates(row, review_due)]
    dumped: dict[str, Any] = TypeAdapter(dict[str, Any]).dump_python(values, mode="json")
    return dumped


def update_young_person(
    session: Session,
    council: Tenant,
    row: YoungPerson,
    change: RecordChange,
    actor: Principal,
) -> YoungPersonOut:
    """Apply a checked change (the plan's review date is already set) and audit it with
    the values before and after."""
    before = _audited(row, change.review_before)
    before_pa = row.allocated_pa_id
    for name, value in change.values.items():
        setattr(row, name, value)
    if change.key_dates is not None:
        row.key_dates = change.key_dates
    row.updated_at = utc_now()
    session.add(row)
    if "legal_status" in change.values:
        _record_status(session, row, change.status_changed_on, actor)
    after = _audited(row, change.review_after)
    changed = sorted(name for name in after if after[name] != before[name])
    audit.record_about(
        session,
        AuditAction.young_person_changed,
        actor,
        row,
        detail={
            "fields": changed,
            "before": {name: before[name] for name in changed},
            "after": {name: after[name] for name in changed},
        },
    )
    if "active" in change.values:
        publish(session, YoungPersonActiveChanged(council, row.id, row.updated_at))
    if before_pa != row.allocated_pa_id:
        audit.record_about(
            session,
            AuditAction.young_person_reallocated,
            actor,
            row,
            detail={"from": str(before_pa) if before_pa else None, "to": str(row.allocated_pa_id)},
        )
    if change.left:
        publish(session, PersonLeft(row.tenant_id, PersonKind.young_person, row.id, actor))
    session.commit()
    return young_person_out(session, row)


def read_young_person(session: Session, row: YoungPerson, actor: Principal) -> YoungPersonOut:
    """The full record. A staff read is audited; a young person reading their own is not."""
    if actor.is_staff:
        audit.record_about(session, AuditAction.young_person_read, actor, row)
        session.commit()
    return young_person_out(session, row)


def export_young_person(session: Session, row: YoungPerson, actor: Principal) -> dict[str, Any]:
    """Everything Harbour holds on the record itself, for a subject access request, and the
    health passport while the young person shares it with staff."""
    audit.record_about(session, AuditAction.young_person_exported, actor, row)
    session.commit()
    out = young_person_out(session, row).model_dump(mode="json") | {
        "created_at": as_utc(row.created_at).isoformat(),
        "updated_at": as_utc(row.updated_at).isoformat(),
    }
    passport = health.export_passport(session, row)  # only while they share it
    return out if passport is None else out | {"health_passport": passport}


# --- invite codes -------------------------------------------------------------------------


def issue_invite(
    session: Session,
    key: bytes,
    tenant: Tenant,
    *,
    young_person: YoungPerson | None = None,
    staff: StaffMember | None = None,
    issued_by: Principal | None,
) -> InviteOut:
    """A new code for this person; any code they had before stops working. Caller commits."""
    now = utc_now()
    person_column = InviteCode.young_person_id if young_person else InviteCode.staff_id
    person_id = young_person.id if young_person else staff.id if staff else None
    assert person_id is not None
    session.execute(
        update(InviteCode)
        .where(col(InviteCode.tenant_id) == tenant.id, col(person_column) == person_id)
        .where(col(InviteCode.used_at).is_(None), col(InviteCode.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    code = new_invite_code()
    invite = InviteCode(
        tenant_id=tenant.id,
        young_person_id=young_person.id if young_person else None,
        staff_id=staff.id if staff else None,
        code_digest=keyed_digest(key, normalise_code(code)),
        issued_by=issued_by.id if issued_by and issued_by.is_staff else None,
        created_at=now,
        expires_at=now + INVITE_LIFETIME,
    )
    session.add(invite)
    audit.record(
        session,
        tenant.id,
        AuditAction.invite_issued,
        issued_by,
        actor_kind=None if issued_by else ActorKind.operator,
        subject_kind="young_person" if young_person else "staff",
        subject_id=person_id,
    )
    return InviteOut(code=code, expires_at=invite.expires_at)


def invite_young_person(
    session: Session, key: bytes, tenant: Tenant, person: YoungPerson, actor: Principal
) -> InviteOut:
    """A new code for someone who has not joined yet (or whose code ran out); their older
    codes stop working. Someone who has joined needs an access reset instead, which also
    signs them out: a code would otherwise let its holder replace their PIN quietly."""
    if person.secret_hash is not None:
        raise invalid(
            "path.young_person_id",
            "They have already joined. Reset their access if they need a new code.",
            409,
            "already_joined",
        )
    invite = issue_invite(session, key, tenant, young_person=person, issued_by=actor)
    session.commit()
    return invite


def reset_young_person_secret(
    session: Session, key: bytes, tenant: Tenant, person: YoungPerson, actor: Principal
) -> InviteOut:
    """The old PIN or passphrase stops working; a new code lets them choose another.
    Their username stays. The caller commits."""
    person.secret_hash = None
    person.secret_kind = None
    person.updated_at = utc_now()
    session.add(person)
    return issue_invite(session, key, tenant, young_person=person, issued_by=actor)


def reset_access(
    session: Session,
    council: Tenant,
    kind: PersonKind,
    person: StaffMember | YoungPerson,
    actor: Principal,
) -> None:
    """The rest of an access reset, once they have a new code: every way they sign in now
    stops (sessions, the wrong-tries lock, a young person's passkeys: the AccessReset
    handlers in auth and passkeys), audited as `access_reset`. Committed."""
    publish(session, AccessReset(council, kind, person.id, person.username, actor))
    audit.record_about(session, AuditAction.access_reset, actor, person)
    session.commit()


def _live_invite(key: bytes, typed_code: str) -> tuple[ColumnElement[bool], ...]:
    """The conditions for a code that works now: right, unused, not revoked, not expired."""
    now = utc_now()
    return (
        col(InviteCode.code_digest) == keyed_digest(key, normalise_code(typed_code)),
        col(InviteCode.used_at).is_(None),
        col(InviteCode.revoked_at).is_(None),
        col(InviteCode.expires_at) > now,
    )


def usable_invite(session: Session, key: bytes, typed_code: str) -> InviteUsable | None:
    """Whether a young person's code would work now, without using it up; None if not."""
    invite = session.exec(
        select(InviteCode)
        .where(*_live_invite(key, typed_code))
        .where(col(InviteCode.young_person_id).is_not(None))
    ).first()
    person = (
        session.exec(
            scoped_to(YoungPerson, invite.tenant_id).where(YoungPerson.id == invite.young_person_id)
        ).first()
        if invite
        else None
    )
    if invite is None or person is None or not person.active:
        return None
    return InviteUsable(username=person.username)


def use_invite(session: Session, key: bytes, typed_code: str) -> InviteCode | None:
    """Marks the code used if it is live, in one statement, so it works exactly once even
    when two phones send it together. None for a wrong, used, revoked or expired code."""
    digest = keyed_digest(key, normalise_code(typed_code))
    used = rows_changed(
        session, update(InviteCode).where(*_live_invite(key, typed_code)).values(used_at=utc_now())
    )
    if used != 1:
        return None
    # The code itself is what tells us which council it belongs to.
    return session.exec(select(InviteCode).where(InviteCode.code_digest == digest)).one()


def join_young_person(
    session: Session, tenant: Tenant, invite: InviteCode, data: YoungPersonJoin
) -> YoungPerson:
    """Set the young person's username (first time) and PIN or passphrase. Caller commits."""
    person = find_young_person(session, tenant, invite.young_person_id)  # type: ignore[arg-type]
    if person is None or not person.active:
        raise invalid("body.code", "This code is not right, or has expired.", 401, "bad_code")
    if person.username is not None and data.username not in (None, person.username):
        # A new code (after an access reset) is for a new PIN, never a new identity.
        raise invalid(
            "body.username", "You already have a username; it stays the same. Leave this out."
        )
    username = person.username or data.username
    if username is None:
        raise invalid("body.username", "Choose a username to sign in with next time.")
    taken = find_young_person_by_username(session, tenant, username)
    if taken is not None and taken.id != person.id:
        raise invalid(
            "body.username", "Someone already has this username. Try another.", 409, "taken"
        )
    person.username = username
    person.secret_kind = data.secret_kind.value
    person.secret_hash = hash_secret(data.secret_text)
    person.updated_at = utc_now()
    session.add(person)
    audit.record_own(
        session, tenant.id, AuditAction.invite_redeemed, ActorKind.young_person, person.id
    )
    return person


def join_staff(
    session: Session,
    key: bytes,
    totp: TotpSecrets,
    tenant: Tenant,
    invite: InviteCode,
    passphrase: str,
) -> StaffJoined:
    """Set a local staff member's passphrase; they get their TOTP secret and recovery codes."""
    staff = find_staff(session, tenant, invite.staff_id)  # type: ignore[arg-type]
    if staff is None or not staff.active or staff.username is None:
        raise invalid("body.code", "This code is not right, or has expired.", 401, "bad_code")
    joined = set_staff_credentials(session, key, totp, tenant, staff, passphrase)
    audit.record_own(session, tenant.id, AuditAction.invite_redeemed, ActorKind.staff, staff.id)
    return joined


def check_young_person_secret(person: YoungPerson | None, secret: str) -> bool:
    hashed = person.secret_hash if person is not None and person.active else None
    return verify_secret(secret, hashed)


def _commit_unique(session: Session, field: str) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise invalid(field, "Someone already has this.", 409, "taken") from None
