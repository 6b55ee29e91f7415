"""Writing audit rows (inside the caller's transaction) and reading them back for admins."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asgi_correlation_id import correlation_id
from sqlalchemy import tuple_
from sqlmodel import Session, col

from harbour.accounts.schemas import Principal
from harbour.audit.models import AuditEvent
from harbour.audit.schemas import ActorKind, AuditAction, AuditEventOut, AuditPage
from harbour.errors import ApiError, FieldError
from harbour.tenancy import scoped
from harbour.tenants.models import Tenant


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


@dataclass(frozen=True)
class AuditFilter:
    action: AuditAction | None = None
    actor_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: uuid.UUID | None = None
    limit: int = 50


def list_events(session: Session, tenant: Tenant, wanted: AuditFilter) -> AuditPage:
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
            raise ApiError(
                422,
                "invalid",
                "That page marker is not one of this council's audit events.",
                [FieldError(field="query.before", message="not a known audit event id")],
            )
        query = query.where(
            tuple_(col(AuditEvent.at), col(AuditEvent.id)) < tuple_(anchor.at, anchor.id)
        )
    rows = session.exec(
        query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(wanted.limit + 1)
    ).all()
    page = rows[: wanted.limit]
    return AuditPage(
        events=[AuditEventOut.model_validate(row, from_attributes=True) for row in page],
        next_before=page[-1].id if len(rows) > wanted.limit else None,
    )
