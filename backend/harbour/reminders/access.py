"""A caller's own inbox entries: anyone else's, or a cancelled one, does not exist."""

import uuid
from typing import Annotated

from fastapi import Depends, Path
from sqlmodel import col

from harbour.access.refused import refused
from harbour.access.session import CallerDep
from harbour.db import SessionDep
from harbour.reminders.models import Reminder
from harbour.reminders.schemas import ReminderStatus
from harbour.tenancy import scoped_to

ReminderId = Annotated[uuid.UUID, Path(description="The id of one of your inbox entries.")]


def own_reminder_from_path(
    reminder_id: ReminderId, caller: CallerDep, session: SessionDep
) -> Reminder:
    """An inbox entry of the caller's own; anyone else's does not exist."""
    me = caller.principal
    row = session.exec(
        scoped_to(Reminder, caller.council.id).where(
            Reminder.id == reminder_id,
            Reminder.recipient_kind == me.kind.value,
            Reminder.recipient_id == me.id,
            col(Reminder.status) != ReminderStatus.cancelled.value,
        )
    ).first()
    if row is None:
        raise refused(session, caller, "reminder", reminder_id)
    return row


OwnReminder = Annotated[Reminder, Depends(own_reminder_from_path)]
