"""The caseload rule: which young people each person sees, and whom staff may allocate to
(the package docstring says who sees whom). Plain queries and conditions, with no request
in sight, so services may use them too.
"""

import uuid

from sqlalchemy import ColumnElement, false, or_
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.tenancy import scoped_to

CASEWORKERS = (StaffRole.personal_adviser, StaffRole.team_manager, StaffRole.council_admin)
HOLD_CASELOADS = (StaffRole.personal_adviser, StaffRole.team_manager)
EDITORS = (StaffRole.content_editor, StaffRole.council_admin)


def visible_young_people(principal: Principal) -> SelectOfScalar[YoungPerson]:
    """The young people this person may see, as a query to narrow further."""
    query = scoped_to(YoungPerson, principal.tenant_id)
    if principal.kind is PersonKind.young_person:
        return query.where(YoungPerson.id == principal.id)
    own_caseload = col(YoungPerson.allocated_pa_id) == principal.id
    if principal.role is StaffRole.council_admin:
        return query
    if principal.role is StaffRole.team_manager and principal.team_id is not None:
        team = select(StaffMember.id).where(
            StaffMember.tenant_id == principal.tenant_id, StaffMember.team_id == principal.team_id
        )
        return query.where(or_(own_caseload, col(YoungPerson.allocated_pa_id).in_(team)))
    if principal.role in (StaffRole.personal_adviser, StaffRole.team_manager):
        return query.where(own_caseload)
    return query.where(false())


def in_caseload(principal: Principal, column: uuid.UUID) -> ColumnElement[bool]:
    """A condition on a record's young person column (e.g. `Statement.young_person_id`):
    a young person this person may see."""
    caseload = visible_young_people(principal).with_only_columns(col(YoungPerson.id))
    return col(column).in_(caseload)


def allocatable_advisers(principal: Principal) -> SelectOfScalar[StaffMember]:
    """Who this person may allocate young people to: active PAs and managers (managers hold
    caseloads too) in the council for an admin, in their team for a manager, and only
    themselves for anyone else."""
    query = scoped_to(StaffMember, principal.tenant_id).where(
        col(StaffMember.active).is_(True),
        col(StaffMember.role).in_([r.value for r in HOLD_CASELOADS]),
    )
    if principal.role is StaffRole.council_admin:
        return query
    if principal.role is StaffRole.team_manager and principal.team_id is not None:
        return query.where(
            or_(col(StaffMember.team_id) == principal.team_id, col(StaffMember.id) == principal.id)
        )
    return query.where(StaffMember.id == principal.id)


def listable_advisers(principal: Principal) -> SelectOfScalar[StaffMember]:
    """Who this person sees in the advisers list: whoever they may allocate to, and for a PA
    also the PAs and manager of their own team, to hand a statement to (never other teams)."""
    allocatable = allocatable_advisers(principal)
    if principal.role is not StaffRole.personal_adviser or principal.team_id is None:
        return allocatable
    return scoped_to(StaffMember, principal.tenant_id).where(
        col(StaffMember.active).is_(True),
        col(StaffMember.role).in_([r.value for r in HOLD_CASELOADS]),
        col(StaffMember.team_id) == principal.team_id,
    )


def sees_caseloads(principal: Principal) -> bool:
    """Colleagues' caseload sizes are for managers and admins, who balance them."""
    return principal.role in (StaffRole.team_manager, StaffRole.council_admin)
