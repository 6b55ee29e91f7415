"""Staff records and allocation: which staff member's record a caller reaches, and whom
they may allocate a young person to (the caseload rule in harbour.access)."""

import uuid
from typing import Annotated

from fastapi import Depends, Path
from sqlmodel import Session

from harbour.access.caseload import allocatable_advisers
from harbour.access.refused import refused
from harbour.access.session import Caller, CallerDep
from harbour.accounts import service as accounts
from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import StaffRole
from harbour.db import SessionDep
from harbour.kernel.errors import invalid

StaffId = Annotated[uuid.UUID, Path(description="The staff member's id.")]


def staff_from_path(staff_id: StaffId, caller: CallerDep, session: SessionDep) -> StaffMember:
    """Staff records are the admin's to see; to everyone else they do not exist."""
    row = accounts.find_staff(session, caller.council, staff_id)
    if row is None or caller.principal.role is not StaffRole.council_admin:
        raise refused(session, caller, "staff", staff_id)
    return row


ManagedStaff = Annotated[StaffMember, Depends(staff_from_path)]


def allocatable_pa(session: Session, caller: Caller, pa_id: uuid.UUID | None) -> StaffMember:
    """The PA a young person is being allocated to, if this caller may choose them. Someone
    outside the caller's reach gets the same answer as an id that does not exist."""
    me = caller.principal
    target = pa_id or (me.id if me.role is not StaffRole.council_admin else None)
    if target is None:
        raise invalid("body.allocated_pa_id", "Choose the PA for this young person.")
    pa = session.exec(allocatable_advisers(me).where(StaffMember.id == target)).first()
    if pa is None:
        raise invalid(
            "body.allocated_pa_id", "There is no PA with this id you can allocate young people to."
        )
    return pa
