"""Reminders API for the signed-in person, young person or staff: their reminder settings
and their inbox. Whose inbox entry is whose is decided in reminders.access."""

from fastapi import APIRouter, Response

from harbour.access.session import CallerDep
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.kernel.time import utc_now
from harbour.reminders import service
from harbour.reminders.access import OwnReminder
from harbour.reminders.schemas import InboxOut, ReminderSettingsIn, ReminderSettingsOut

router = APIRouter(prefix="/api/v1", tags=["reminders"], responses=SIGNED_IN_RESPONSES)


@router.get("/reminders/settings", summary="Your reminder settings")
def get_settings(caller: CallerDep, session: SessionDep) -> ReminderSettingsOut:
    """Quiet hours (council time) and which kinds of reminder you get. Until you change
    them: the council's quiet hours and every kind on. Nothing is pushed to a device until
    you turn reminders on there."""
    me = caller.principal
    return service.settings_for(session, caller.council, me.kind, me.id)


@router.put("/reminders/settings", summary="Change your reminder settings")
def put_settings(
    data: ReminderSettingsIn, caller: CallerDep, session: SessionDep
) -> ReminderSettingsOut:
    """Kinds you leave out keep their value. Quiet hours hold pushes back until they end
    (an urgent alert to staff is never held); start equal to end means none."""
    return service.change_settings(session, caller.council, caller.principal, data, utc_now())


@router.get("/inbox", summary="Your reminders and messages")
def get_inbox(caller: CallerDep, session: SessionDep) -> InboxOut:
    """Everything due by now, newest first (at most 100), whether or not its push arrived,
    and how many you have not seen."""
    return service.inbox(session, caller.council, caller.principal, utc_now())


@router.post("/inbox/{reminder_id}/seen", status_code=204, summary="Mark an inbox entry as seen")
def mark_seen(reminder: OwnReminder, session: SessionDep) -> Response:
    """Seeing it again changes nothing. Someone else's entry answers 404."""
    service.mark_seen(session, reminder, utc_now())
    return Response(status_code=204)
