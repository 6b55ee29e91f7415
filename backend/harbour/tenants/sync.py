"""The council's content version as a part of every young person's pull (harbour.sync): the
phone keeps the council, its offer and its pledge for offline use, and fetches one again only
when this says the council changed it, never on every start."""

from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.kernel.change_sequence import ChangeWindow
from harbour.sync.kinds import PullSection
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import ContentPull


def _read(
    _session: Session, council: Tenant, _person: Principal, _window: ChangeWindow
) -> ContentPull:
    return ContentPull(content_version=council.content_version)


PULL = PullSection(shape=ContentPull, read=_read)
