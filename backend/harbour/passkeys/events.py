"""What passkeys does when accounts' events happen (registered by harbour.subscriptions)."""

from sqlmodel import Session

from harbour.accounts.events import AccessReset
from harbour.accounts.schemas import PersonKind
from harbour.kernel import events
from harbour.passkeys import service


def on_access_reset(session: Session, event: AccessReset) -> None:
    """A young person's passkeys go with a reset (a lost phone may hold one); staff have
    none."""
    if event.kind is PersonKind.young_person:
        service.remove_all(session, event.council.id, event.person_id)


def subscribe() -> None:
    events.subscribe(AccessReset, on_access_reset)
