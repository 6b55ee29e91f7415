"""Writing audit rows (inside the caller's transaction) and reading them back for admins,
with the names of the people in them that the viewer may see."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asgi_correlation_id import correlation_id
from sqlalchemy import literal, tuple_, union_all
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import Principal
from harbour.audit.models import AuditEvent
from harbour.audit.schemas import ActorKind, AuditAction, AuditEventOut, AuditPage
from harbour.kernel.errors import invalid
from harbour.tenancy import scoped
from harbour.tenants.models import Tenant

# Rows name people by id only; these kinds (as actor or subject) are shown by name.
STAFF = "staff"
YOUNG_PERSON = "young_person"


def record(
    session: Session,
    tenant_id: uuid.UUID,
    action: AuditAction,
    actor: Principal | None = None,
    *,
    actor_kind: ActorKind | None = None,
    actor_id: uuid.UUID | None = None,
    subject_kind: str | None = None,
    subject_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add one audit row to the session; it is written when the caller commits."""
    session.add(
        AuditEvent(
            tenant_id=tenant_id,
            action=action.value,
            actor_kind=(
                actor_kind or (ActorKind(actor.kind.value) if actor else ActorKind.unknown)
            ).value,
            actor_id=actor.id if actor else actor_id,
            session_id=actor.session_id if actor else None,
            subject_kind=subject_kind,
            subject_id=subject_id,
            request_id=correlation_id.get(),
            detail=detail or {},
        )
    )


def record_own(
    session: Session,
    tenant_id: uuid.UUID,
    action: AuditAction,
    kind: ActorKind,
    person_id: uuid.UUID,
    detail: dict[str, Any] | None = None,
) -> None:
    """An audit row for something a person did to their own account (joining, signing in,
    or the identity provider vouching for them), before they hold a session."""
    record(
        session,
        tenant_id,
        action,
        actor_kind=kind,
        actor_id=person_id,
        subject_kind=kind.value,
        subject_id=person_id,
        detail=detail,
    )


def record_about(
    session: Session,
    action: AuditAction,
    actor: Principal,
    person: StaffMember | YoungPerson,
    detail: dict[str, Any] | None = None,
) -> None:
    """An audit row for something done to a person's record, in their council."""
    kind = YOUNG_PERSON if isinstance(person, YoungPerson) else STAFF
    record(
        session,
        person.tenant_id,
        action,
        actor,
        subject_kind=kind,
        subject_id=person.id,
        detail=detail,
    )


@dataclass(frozen=True)
class AuditFilter:
    action: AuditAction | None = None
    actor_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: uuid.UUID | None = None
    limit: int = 50


Named = dict[tuple[str, uuid.UUID], str]


def _people_in(rows: list[AuditEvent]) -> dict[str, set[uuid.UUID]]:
    """The staff and young people these rows mention, by kind."""
    people: dict[str, set[uuid.UUID]] = {STAFF: set(), YOUNG_PERSON: set()}
    for row in rows:
        for kind, person_id in ((row.actor_kind, row.actor_id), (row.subject_kind, row.subject_id)):
            if person_id is not None and kind in people:
                people[kind].add(person_id)
    return people


def names_for(
    session: Session,
    tenant: Tenant,
    young_people: SelectOfScalar[YoungPerson],
    rows: list[AuditEvent],
) -> Named:
    """The names of the people in `rows` that the viewer may see, in one query: staff of
    this council, and the young people in `young_people` (those the viewer sees). An id from
    another council (a refused attempt is audited with the id that was tried) stays unnamed."""
    people = _people_in(rows)
    if not any(people.values()):
        return {}
    visible = young_people.subquery()
    staff = select(literal(STAFF), StaffMember.id, StaffMember.display_name).where(
        StaffMember.tenant_id == tenant.id, col(StaffMember.id).in_(people[STAFF])
    )
    young = select(literal(YOUNG_PERSON), visible.c.id, visible.c.preferred_name).where(
        visible.c.id.in_(people[YOUNG_PERSON])
    )
    found = session.execute(union_all(staff, young)).all()
    return {(kind, person_id): name for kind, person_id, name in found}


def _event_out(row: AuditEvent, names: Named) -> AuditEventOut:
    event = AuditEventOut.model_validate(row, from_attributes=True)
    if row.actor_id is not None:
        event.actor_name = names.get((row.actor_kind, row.actor_id))
    if row.subject_kind is not None and row.subject_id is not None:
        event.subject_name = names.get((row.subject_kind, row.subject_id))
    return event


def list_events(
    session: Session,
    tenant: Tenant,
    wanted: AuditFilter,
    young_people: SelectOfScalar[YoungPerson],
) -> AuditPage:
    """A page of the council's trail, each event with the names the viewer may see (the
    young people in `young_people`)."""
    query = scoped(AuditEvent, tenant)
    if wanted.action is not None:
        query = query.where(AuditEvent.action == wanted.action.value)
    if wanted.actor_id is not None:
        query = query.where(AuditEvent.actor_id == wanted.actor_id)
    if wanted.subject_id is not None:
        query = query.where(AuditEvent.subject_id == wanted.subject_id)
    if wanted.since is not None:
        query = query.where(col(AuditEvent.at) >= wanted.since)
    if wanted.until is not None:
        query = query.where(col(AuditEvent.at) < wanted.until)
    if wanted.before is not None:
        anchor = session.exec(
            scoped(AuditEvent, tenant).where(AuditEvent.id == wanted.before)
        ).first()
        if anchor is None:
            raise invalid(
                "query.before",
                "not a known audit event id",
                summary="That page marker is not one of this council's audit events.",
            )
        query = query.where(
            tuple_(col(AuditEvent.at), col(AuditEvent.id)) < tuple_(anchor.at, anchor.id)
        )
    rows = session.exec(
        query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(wanted.limit + 1)
    ).all()
    page = list(rows[: wanted.limit])
    names = names_for(session, tenant, young_people, page)
    return AuditPage(
        events=[_event_out(row, names) for row in page],
        next_before=page[-1].id if len(rows) > wanted.limit else None,
    )
