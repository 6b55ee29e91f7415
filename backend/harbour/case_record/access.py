"""Whose records a caller may export: caseworkers, for the young people and statements they
see. To anyone else, the young person themselves included, an export does not exist (the
audited 404), as for an id that does not exist."""

from typing import Annotated

from fastapi import Depends

from harbour.access.caseload import CASEWORKERS
from harbour.access.refused import refused
from harbour.access.session import CallerDep
from harbour.access.young_people import VisibleYoungPerson
from harbour.accounts.models import YoungPerson
from harbour.db import SessionDep


def young_person_to_export(
    young_person: VisibleYoungPerson, caller: CallerDep, session: SessionDep
) -> YoungPerson:
    """A young person the caller sees, for a caseworker: the young person's own record is
    not theirs to export from here (their "Download my data" is), so it answers as if it
    did not exist."""
    if not caller.principal.is_staff or caller.principal.role not in CASEWORKERS:
        raise refused(session, caller, "young_person", young_person.id)
    return young_person


ExportableYoungPerson = Annotated[YoungPerson, Depends(young_person_to_export)]
