"""Who sees which statement, and what must alert them (harbour.access's docstring says who).
The conditions are plain SQL, for the queue and the urgent push as much as for one id."""

import uuid
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import Session, col, select

from harbour.access.caseload import CASEWORKERS, in_caseload
from harbour.access.refused import refused
from harbour.access.session import Caller, CallerDep
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.db import SessionDep
from harbour.kernel.errors import Forbidden, NotFound
from harbour.statements.models import Statement
from harbour.tenancy import scoped_to
from harbour.tenants.schemas import PA_RECIPIENT


def statement_visible_to(principal: Principal) -> ColumnElement[bool]:
    """The statements this person may see (harbour.access's docstring), as a condition;
    callers scope the query to the council too."""
    if not principal.is_staff or principal.role not in CASEWORKERS:
        return false()
    if principal.role is StaffRole.council_admin:
        return true()
    rules = [
        col(Statement.assigned_staff_id) == principal.id,
        and_(
            in_caseload(principal, Statement.young_person_id),
            or_(col(Statement.recipient) == PA_RECIPIENT, col(Statement.urgent)),
        ),
    ]
    if principal.team_id is not None:
        rules.append(col(Statement.team_id) == principal.team_id)
    return or_(*rules)


def statement_alerts_for(principal: Principal) -> ColumnElement[bool]:
    """Unacknowledged urgent statements that must interrupt this person: the allocated PA
    and their manager, the recipient team, and whoever it is assigned to. Admins hold no
    caseload; they are alerted to urgent statements nobody else would see at once (a young
    person with no PA allocated)."""
    if not principal.is_staff or principal.role not in CASEWORKERS:
        return false()
    caseload = (
        and_(col(Statement.assigned_staff_id).is_(None), col(Statement.team_id).is_(None))
        if principal.role is StaffRole.council_admin
        else in_caseload(principal, Statement.young_person_id)
    )
    rules = [caseload, col(Statement.assigned_staff_id) == principal.id]
    if principal.team_id is not None:
        rules.append(col(Statement.team_id) == principal.team_id)
    return and_(col(Statement.urgent), col(Statement.acknowledged_at).is_(None), or_(*rules))


def statement_staff(caller: CallerDep) -> Caller:
    """The statement routes are for caseworkers; to young people they do not exist."""
    if not caller.principal.is_staff:
        raise NotFound("That")
    if caller.principal.role not in CASEWORKERS:
        raise Forbidden("Your role cannot see young people's statements.")
    return caller


StatementStaff = Annotated[Caller, Depends(statement_staff)]


def check_team_view(caller: Caller, view: str) -> None:
    """The team view is for managers and admins: a PA asking for it is refused, naming it."""
    if view == "team" and caller.principal.role is StaffRole.personal_adviser:
        raise Forbidden("The team view is for team managers and admins.", "query.view")


StatementId = Annotated[uuid.UUID, Path(description="The statement's id.")]


def statement_from_path(
    statement_id: StatementId, caller: CallerDep, session: SessionDep
) -> Statement:
    query = scoped_to(Statement, caller.council.id).where(
        Statement.id == statement_id, statement_visible_to(caller.principal)
    )
    row = session.exec(query).first()
    if row is None:
        raise refused(session, caller, "statement", statement_id)
    return row


VisibleStatement = Annotated[Statement, Depends(statement_from_path)]


def own_statement(session: Session, person: Principal, statement_id: uuid.UUID) -> Statement | None:
    """One of this young person's own statements; None for anyone else's (or a made-up id),
    which callers answer the same way. A plain function, for the sync kind too."""
    if person.kind is not PersonKind.young_person:
        return None
    return session.exec(
        select(Statement).where(
            Statement.tenant_id == person.tenant_id,
            Statement.young_person_id == person.id,
            Statement.id == statement_id,
        )
    ).first()


MyStatementId = Annotated[uuid.UUID, Path(description="The id of one of your statements.")]


def own_statement_from_path(
    my_statement_id: MyStatementId, caller: CallerDep, session: SessionDep
) -> Statement:
    """The caller's own statement. To staff, and to any other young person, it does not
    exist: the same audited 404 as a made-up id."""
    row = own_statement(session, caller.principal, my_statement_id)
    if row is None:
        raise refused(session, caller, "statement", my_statement_id)
    return row


OwnStatement = Annotated[Statement, Depends(own_statement_from_path)]
