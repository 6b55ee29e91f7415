"""What auth does when accounts' events happen (registered by harbour.subscriptions)."""

from sqlmodel import Session

from harbour.accounts.events import AccessReset, PersonLeft
from harbour.auth import service
from harbour.kernel import events


def on_access_reset(session: Session, event: AccessReset) -> None:
    """Signed out everywhere, and the wrong-tries lock cleared so their new code works."""
    service.end_all_sessions(session, event.council.id, event.kind, event.person_id, event.by)
    service.clear_lock(session, event.kind, event.council.slug, event.username)


def on_person_left(session: Session, event: PersonLeft) -> None:
    """A person marked as gone is signed out everywhere at once."""
    service.end_all_sessions(session, event.tenant_id, event.kind, event.person_id, event.by)


def subscribe() -> None:
    events.subscribe(AccessReset, on_access_reset)
    events.subscribe(PersonLeft, on_person_left)
