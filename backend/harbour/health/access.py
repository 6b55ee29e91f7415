"""Who reaches a young person's health passport through the staff routes: whoever sees the
young person, and only while it is shared (harbour.access says who sees whom)."""

from typing import Annotated

from fastapi import Depends

from harbour.access.caseload import CASEWORKERS
from harbour.access.refused import refused
from harbour.access.session import CallerDep
from harbour.access.young_people import VisibleYoungPerson
from harbour.accounts.models import YoungPerson
from harbour.db import SessionDep
from harbour.health import service as health
from harbour.health.models import HealthPassport
from harbour.kernel.errors import Forbidden


def passport_staff(caller: CallerDep, young_person: VisibleYoungPerson) -> YoungPerson:
    """The staff passport routes: a young person's own passport comes to their phone."""
    if caller.principal.role not in CASEWORKERS:
        raise Forbidden("Your own health passport is in the app on your phone.")
    return young_person


PassportYoungPerson = Annotated[YoungPerson, Depends(passport_staff)]


def shared_passport(
    young_person: PassportYoungPerson, caller: CallerDep, session: SessionDep
) -> HealthPassport:
    passport = health.find_passport(session, young_person.tenant_id, young_person.id)
    if passport is None or not passport.shared_with_pa:
        raise refused(session, caller, "young_person", young_person.id)
    return passport


SharedPassport = Annotated[HealthPassport, Depends(shared_passport)]
