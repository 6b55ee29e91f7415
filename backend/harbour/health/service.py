"""Health passport rules: the young person's edits from their phone (through the field edit
engine), consent to share with their PA, what staff may read, and the health-assessment
dates a PA records.

Consent: only the young person turns `shared_with_pa` on or off, and each turn writes an
audit row in the same transaction. While it is off, staff learn only whether a passport
exists and whether it is shared (health.access answers 404 for everything else).
"""

import uuid
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from harbour.accounts.models import YoungPerson
from harbour.accounts.schemas import Principal
from harbour.audit import service as audit
from harbour.audit.schemas import ActorKind, AuditAction
from harbour.field_edits import (
    YOUNG_PERSON,
    Actor,
    Edit,
    FieldEdit,
    HistoryOut,
    RecordKind,
    apply_edit,
    as_json,
    earlier_result,
    editor_ref,
    history_out,
)
from harbour.health.events import PassportChanged
from harbour.health.models import HealthPassport
from harbour.health.schemas import (
    DATE_FIELDS,
    NEXT_DATE_FIELDS,
    PASSPORT_FIELDS,
    HealthAssessmentIn,
    PassportEditIn,
    PassportOut,
    RecordedBy,
    SharingOut,
)
from harbour.kernel.change_sequence import ChangeWindow, next_change
from harbour.kernel.errors import ApiError, Rejected
from harbour.kernel.events import publish
from harbour.kernel.time import utc_now
from harbour.tenancy import scoped_to
from harbour.tenants.models import Tenant

SHARED = "shared_with_pa"


def find_passport(
    session: Session, tenant_id: uuid.UUID, young_person_id: uuid.UUID
) -> HealthPassport | None:
    query = scoped_to(HealthPassport, tenant_id).where(
        HealthPassport.young_person_id == young_person_id
    )
    return session.exec(query.execution_options(populate_existing=True)).first()


def _locked_passport(
    session: Session, tenant_id: uuid.UUID, young_person_id: uuid.UUID
) -> tuple[int, HealthPassport]:
    """The young person's next change number, then the passport as it is now (made if
    missing): the number's row lock means no other change to it can land in between."""
    change = next_change(session, tenant_id, young_person_id)
    passport = find_passport(session, tenant_id, young_person_id)
    if passport is None:
        passport = HealthPassport(tenant_id=tenant_id, young_person_id=young_person_id)
        session.add(passport)
    return change, passport


def _apply(
    session: Session,
    passport: HealthPassport,
    change: int,
    actor: Actor,
    edit: Edit,
    principal: Principal | None,
) -> FieldEdit:
    """One edit through the engine; turning sharing on or off is audited with it, and the
    young person's reminders follow its dates."""
    row = apply_edit(session, passport, RecordKind.passport, actor, edit, change)
    # A resent edit comes back as the stored row (not new): it was audited the first time.
    for changed in row.changes if row in session.new else []:
        if changed["field"] == SHARED:
            audit.record(
                session,
                passport.tenant_id,
                AuditAction.passport_shared if changed["after"] else AuditAction.passport_unshared,
                principal,
                actor_kind=ActorKind.young_person,
                actor_id=passport.young_person_id,
                subject_kind="young_person",
                subject_id=passport.young_person_id,
            )
    council = session.get(Tenant, passport.tenant_id)
    assert council is not None
    publish(session, PassportChanged(council, passport.young_person_id, utc_now()))
    return row


# --- the young person's edits, from their phone ---------------------------------------------


def edit_as_young_person(
    session: Session,
    tenant_id: uuid.UUID,
    young_person_id: uuid.UUID,
    edit: Edit,
    *,
    device: str | None = None,
    principal: Principal | None = None,
) -> FieldEdit:
    """Apply the young person's own edit; the caller commits. Rejected for a version the
    server never gave out."""
    change, passport = _locked_passport(session, tenant_id, young_person_id)
    if edit.base_version > passport.version:
        raise Rejected.at(
            "body.base_version", f"must be at most {passport.version}, the passport's version"
        )
    actor = Actor(YOUNG_PERSON, young_person_id, device=device)
    return _apply(session, passport, change, actor, edit, principal)


def record_phone_edit(
    session: Session,
    op_id: uuid.UUID,
    council: Tenant,
    body: PassportEditIn,
    author: Principal,
    acted_at: datetime,
) -> None:
    """A `passport_edit` sync item, made on the phone at `acted_at`; its sync receipt is
    already claimed."""
    edit = Edit(op_id, body.base_version, body.set.values(), acted_at)
    try:
        edit_as_young_person(
            session,
            council.id,
            author.id,
            edit,
            device=author.device,
            principal=author,
        )
    except ApiError as error:  # the id was used by a PA's change on the website
        raise Rejected.at("id", error.message) from None


# --- staff --------------------------------------------------------------------------------


def record_assessment(
    session: Session,
    young_person: YoungPerson,
    actor: Actor,
    data: HealthAssessmentIn,
    principal: Principal | None = None,
) -> None:
    """Dates a PA records as their source, with or without consent (they get nothing back).
    Based on version 0: a PA never saw what they replace, and a resend must match exactly.
    `principal`: the signed-in staff member (None for the demo's PA)."""
    values = {
        name: value
        for name, value in (
            ("health_assessment_last", data.last),
            ("health_assessment_next", data.next),
        )
        if value is not None
    }
    edit = Edit(op_id=data.op_id, base_version=0, values=values)
    change, passport = _locked_passport(session, young_person.tenant_id, young_person.id)
    if (
        earlier_result(session, passport.tenant_id, RecordKind.passport, passport.id, actor, edit)
        is None
    ):
        _apply(session, passport, change, actor, edit, principal)
        audit.record(
            session,
            young_person.tenant_id,
            AuditAction.passport_recorded,
            principal,
            actor_kind=ActorKind.staff,
            actor_id=actor.id,
            subject_kind="young_person",
            subject_id=young_person.id,
            detail={"fields": sorted(values)},
        )
    session.commit()


def sharing(session: Session, young_person: YoungPerson, principal: Principal) -> SharingOut:
    """Whether there is a passport and whether it is shared: audited like any staff read."""
    passport = find_passport(session, young_person.tenant_id, young_person.id)
    out = SharingOut(
        exists=passport is not None, shared=passport is not None and passport.shared_with_pa
    )
    _audit_read(session, young_person.tenant_id, young_person.id, principal, "sharing")
    return out


def _audit_read(
    session: Session,
    tenant_id: uuid.UUID,
    young_person_id: uuid.UUID,
    principal: Principal,
    part: str,
) -> None:
    audit.record(
        session,
        tenant_id,
        AuditAction.passport_read,
        principal,
        subject_kind="young_person",
        subject_id=young_person_id,
        detail={"part": part},
    )
    session.commit()


def read_passport(session: Session, passport: HealthPassport, principal: Principal) -> PassportOut:
    """A shared passport (health.access checked consent); every read is audited."""
    out = passport_out(session, passport)
    _audit_read(session, passport.tenant_id, passport.young_person_id, principal, "details")
    return out


def read_history(session: Session, passport: HealthPassport, principal: Principal) -> HistoryOut:
    person = session.get(YoungPerson, passport.young_person_id)
    assert person is not None  # a passport is never without its young person
    name = person.preferred_name
    out = HistoryOut(history=[history_out(row, name) for row in _history(session, passport.id)])
    _audit_read(session, passport.tenant_id, passport.young_person_id, principal, "history")
    return out


def export_passport(session: Session, young_person: YoungPerson) -> dict[str, Any] | None:
    """For the staff export: the passport only while the young person shares it."""
    passport = find_passport(session, young_person.tenant_id, young_person.id)
    if passport is None or not passport.shared_with_pa:
        return None
    return passport_out(session, passport).model_dump(mode="json")


# --- shapes ---------------------------------------------------------------------------------


def _history(session: Session, passport_id: uuid.UUID) -> list[FieldEdit]:
    return list(
        session.exec(
            select(FieldEdit)
            .where(FieldEdit.record_kind == RecordKind.passport.value)
            .where(FieldEdit.record_id == passport_id)
            .order_by(col(FieldEdit.change_seq), col(FieldEdit.at))
        ).all()
    )


def _recorded_by(passport: HealthPassport, history: list[FieldEdit]) -> dict[str, RecordedBy]:
    """Who last set each date that has a value, from the passport's history."""
    found: dict[str, RecordedBy] = {}
    for row in history:
        by = editor_ref(row.actor_kind, row.actor_name, row.actor_role)
        for change in row.changes:
            if change["field"] in DATE_FIELDS:
                found[change["field"]] = RecordedBy(**by.model_dump(), at=row.acted_at)
    return {name: by for name, by in found.items() if getattr(passport, name) is not None}


def passport_out(session: Session, passport: HealthPassport | None) -> PassportOut:
    if passport is None:
        return PassportOut(
            exists=False, shared_with_pa=False, version=0, recorded_by={}, updated_at=None
        )
    # Dates as text: the fields' checks read dates as typed (YYYY-MM-DD), as from a phone.
    values = {name: as_json(getattr(passport, name)) for name in PASSPORT_FIELDS}
    return PassportOut.model_validate(
        values
        | {
            "exists": True,
            "shared_with_pa": passport.shared_with_pa,
            "version": passport.version,
            "recorded_by": _recorded_by(passport, _history(session, passport.id)),
            "updated_at": passport.updated_at,
        }
    )


# --- a young person's pull, and their calendar ----------------------------------------------


def changes_for(session: Session, person: Principal, window: ChangeWindow) -> PassportOut | None:
    """Their passport, when it changed in the window."""
    passport = find_passport(session, person.tenant_id, person.id)
    if passport is None or not window.holds(passport.change_seq):
        return None
    return passport_out(session, passport)


def next_dates(
    session: Session, tenant_id: uuid.UUID, young_person_id: uuid.UUID
) -> dict[str, date]:
    """The passport's dates still to come (by field name), whatever today is."""
    passport = find_passport(session, tenant_id, young_person_id)
    if passport is None:
        return {}
    return {
        name: value for name in NEXT_DATE_FIELDS if (value := getattr(passport, name)) is not None
    }
