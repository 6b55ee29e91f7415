"""What the plans domain publishes (see harbour.kernel.events); reminders acts on both."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from harbour.kernel.events import Event
from harbour.plans.models import PlanTask, TaskNote
from harbour.tenants.models import Tenant


@dataclass(frozen=True)
class PlanChanged(Event):
    """The plan's review date or one of its tasks changed (added, dates, status, owner):
    whatever follows a young person's dates must follow now."""

    council: Tenant
    young_person_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class TaskNoted(Event):
    """A note was added to a task (by the young person or by staff)."""

    council: Tenant
    task: PlanTask
    note: TaskNote
