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
from harbour.accounts.models import StaffMember, StaffPhoto
from harbour.accounts.schemas import StaffRole
from harbour.db import SessionDep
from harbour.kernel.errors import NotFound, invalid

StaffId = Annotated[uuid.UUID, Path(description="The staff member's id.")]


def staff_from_path(staff_id: StaffId, caller: CallerDep, session: SessionDep) -> StaffMember:
    """Staff records are the admin's to see; to everyone else they do not exist."""
    row = accounts.find_staff(session, caller.council, staff_id)
    if row is None or caller.principal.role is not StaffRole.council_admin:
        raise refused(session, caller, "staff", staff_id)
    return row


ManagedStaff = Annotated[StaffMember, Depends(staff_from_path)]


def own_staff_record(caller: CallerDep, session: SessionDep) -> StaffMember:
    """The signed-in staff member's own record; 404 to a young person (staff only)."""
    staff = accounts.find_staff(session, caller.council, caller.principal.id)
    if staff is None or not caller.principal.is_staff:
        raise NotFound("That profile")
    return staff


OwnStaffRecord = Annotated[StaffMember, Depends(own_staff_record)]


def own_pa_photo(caller: CallerDep, session: SessionDep) -> StaffPhoto:
    """The signed-in young person's own PA's photo. Anyone else (staff included), a young
    person with no PA, or a PA with no photo or who has left: 404, as for nothing there."""
    me = caller.principal
    person = None if me.is_staff else accounts.find_young_person(session, caller.council, me.id)
    photo = accounts.pa_photo(session, person) if person else None
    if photo is None:
        raise NotFound("That photo")
    return photo


OwnPaPhoto = Annotated[StaffPhoto, Depends(own_pa_photo)]


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
