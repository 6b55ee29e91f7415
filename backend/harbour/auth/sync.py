"""Who is signed in, as a part of every pull (harbour.sync): the phone keeps its word on who
they are (their name, their PA) fresh from the one request it opens with, never from a second
`GET /api/v1/auth/me`."""

from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.auth import service
from harbour.auth.schemas import MePull
from harbour.kernel.change_sequence import ChangeWindow
from harbour.sync.kinds import PullSection
from harbour.tenants.models import Tenant


def _read(session: Session, council: Tenant, person: Principal, _window: ChangeWindow) -> MePull:
    row = service.caller_row(session, person)
    return MePull(me=service.signed_in_person(session, council, person.kind, row))


PULL = PullSection(shape=MePull, read=_read)
