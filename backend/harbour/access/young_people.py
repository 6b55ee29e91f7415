"""A young person's record from the path, through the caseload rule: one outside it is
refused (404, audited) exactly like an id that does not exist."""

import uuid
from typing import Annotated

from fastapi import Depends, Path

from harbour.access.caseload import visible_young_people
from harbour.access.refused import refused
from harbour.access.session import CallerDep
from harbour.accounts.models import YoungPerson
from harbour.db import SessionDep
from harbour.kernel.errors import Forbidden

YoungPersonId = Annotated[uuid.UUID, Path(description="The young person's id.")]


def young_person_from_path(
    young_person_id: YoungPersonId, caller: CallerDep, session: SessionDep
) -> YoungPerson:
    query = visible_young_people(caller.principal).where(YoungPerson.id == young_person_id)
    row = session.exec(query).first()
    if row is None:
        raise refused(session, caller, "young_person", young_person_id)
    return row


VisibleYoungPerson = Annotated[YoungPerson, Depends(young_person_from_path)]


def staff_may_change(caller: CallerDep, young_person: VisibleYoungPerson) -> YoungPerson:
    """Their PA, the manager or an admin may change a record; young people read theirs."""
    if not caller.principal.is_staff:
        raise Forbidden("Your PA can change this for you.")
    return young_person


ChangeableYoungPerson = Annotated[YoungPerson, Depends(staff_may_change)]
