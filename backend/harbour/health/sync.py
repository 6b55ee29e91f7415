"""The health passport's sync kind and pull section: the young person's edits come in as
`passport_edit` items; their passport goes back in a pull when it changed."""

from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.health import service
from harbour.health.schemas import PassportEditIn, PassportPull
from harbour.kernel.change_sequence import ChangeWindow
from harbour.sync.kinds import PullSection, signed_in, young_persons_kind
from harbour.tenants.models import Tenant

PASSPORT_EDIT = young_persons_kind(
    "passport_edit",
    """From the signed-in young person: an edit to their health passport (the
item's id is the edit's id). `base_version`: the passport version the phone showed (0 before
the first edit). Each field in `set` takes the value sent (null or "" empties it); one that
someone else changed since `base_version` is replaced too, and the value it replaced stays
in the history. `shared_with_pa`: share it with your PA. A refused edit names the field,
e.g. `body.set.nhs_number`.""",
    PassportEditIn,
    lambda session, item, council, edit, author: service.record_phone_edit(
        session, item.id, council, edit, signed_in(author), item.created_at
    ),
    keeps_action_time=True,
)

KINDS = [PASSPORT_EDIT]


def _read(
    session: Session, _council: Tenant, person: Principal, window: ChangeWindow
) -> PassportPull:
    return PassportPull(passport=service.changes_for(session, person, window))


PULL = PullSection(shape=PassportPull, read=_read, unchanged=PassportPull(passport=None))
