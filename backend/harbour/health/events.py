"""What the health domain publishes (see harbour.kernel.events); reminders acts on it."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from harbour.kernel.events import Event
from harbour.tenants.models import Tenant


@dataclass(frozen=True)
class PassportChanged(Event):
    """An edit reached a young person's health passport, perhaps one of its dates."""

    council: Tenant
    young_person_id: uuid.UUID
    at: datetime
