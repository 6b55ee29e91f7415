"""The one answer for a record the caller may not reach: audited, then 404."""

import uuid

from sqlmodel import Session

from harbour.access.session import Caller
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.kernel.errors import NotFound


def refused(session: Session, caller: Caller, kind: str, record_id: uuid.UUID) -> NotFound:
    """Record the refused attempt and return the 404 to raise: word for word the answer for
    an id that does not exist, so a record's existence never leaks."""
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
