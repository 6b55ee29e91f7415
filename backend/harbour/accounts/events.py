"""What the accounts domain publishes (see harbour.kernel.events). Auth and passkeys act on an
access reset and auth on a leaver (accounts cannot import auth: auth imports accounts);
reminders acts on a young person made inactive or active again."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from harbour.accounts.schemas import PersonKind, Principal
from harbour.kernel.events import Event
from harbour.tenants.models import Tenant


@dataclass(frozen=True)
class AccessReset(Event):
    """A person's access was reset (they have a new invite code): every way they sign in
    now must stop. `username` is None for someone who has not chosen one yet."""

    council: Tenant
    kind: PersonKind
    person_id: uuid.UUID
    username: str | None
    by: Principal


@dataclass(frozen=True)
class PersonLeft(Event):
    """A person was marked as gone (`active: false` sent, even if they already were)."""

    tenant_id: uuid.UUID
    kind: PersonKind
    person_id: uuid.UUID
    by: Principal


@dataclass(frozen=True)
class YoungPersonActiveChanged(Event):
    """A young person was made inactive or active again: an inactive one gets no
    reminders."""

    council: Tenant
    young_person_id: uuid.UUID
    at: datetime
