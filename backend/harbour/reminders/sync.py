"""The inbox's count as a part of every young person's pull (harbour.sync): the count beside
Inbox comes with the one request a screen makes, not from `GET /api/v1/inbox`."""

from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.kernel.change_sequence import ChangeWindow
from harbour.kernel.time import utc_now
from harbour.reminders import service
from harbour.reminders.schemas import InboxPull
from harbour.sync.kinds import PullSection
from harbour.tenants.models import Tenant


def _read(session: Session, council: Tenant, person: Principal, _window: ChangeWindow) -> InboxPull:
    return InboxPull(inbox_unseen=service.unseen_count(session, council, person, utc_now()))


PULL = PullSection(shape=InboxPull, read=_read)
