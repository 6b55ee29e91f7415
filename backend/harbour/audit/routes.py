"""Audit API: council admins read and filter the trail. There is no way to change it."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from harbour.access.caseload import visible_young_people
from harbour.access.session import Admin
from harbour.audit import service
from harbour.audit.schemas import AuditAction, AuditPage
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.kernel.text import IsoDatetime

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=SIGNED_IN_RESPONSES)


@router.get("", summary="The audit trail (admins)")
def list_events(
    caller: Admin,
    session: SessionDep,
    action: Annotated[AuditAction | None, Query(description="Only this action.")] = None,
    actor_id: Annotated[uuid.UUID | None, Query(description="Only what this person did.")] = None,
    subject_id: Annotated[
        uuid.UUID | None, Query(description="Only what was done to this record.")
    ] = None,
    since: Annotated[IsoDatetime | None, Query(description="From this time.")] = None,
    until: Annotated[IsoDatetime | None, Query(description="Before this time.")] = None,
    before: Annotated[
        uuid.UUID | None, Query(description="`next_before` from the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPage:
    """Who read, changed or exported which record, and every sign-in, failed sign-in and
    access reset, newest first. Viewing the trail is itself audited.

    Rows hold ids only; each event also names its actor and its record when they are staff
    of this council or young people the viewer may see (`actor_name`, `subject_name`),
    looked up when the trail is read. Nobody in another council is ever named."""
    wanted = service.AuditFilter(action, actor_id, subject_id, since, until, before, limit)
    young_people = visible_young_people(caller.principal)
    page = service.list_events(session, caller.council, wanted, young_people)
    service.record(session, caller.council.id, AuditAction.audit_viewed, caller.principal)
    session.commit()
    return page
