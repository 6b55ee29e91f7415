"""The `reminder_settings` kind and the `reminder_settings` pull section."""

from pydantic import BaseModel
from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.kernel.change_sequence import ChangeWindow
from harbour.kernel.errors import ApiError, Rejected
from harbour.kernel.time import utc_now
from harbour.reminders import service
from harbour.reminders.schemas import ReminderSettingsIn, ReminderSettingsOut
from harbour.sync.kinds import Author, PullSection, signed_in, young_persons_kind
from harbour.sync.schemas import PushItem
from harbour.tenants.models import Tenant


def _apply(
    session: Session, _item: PushItem, council: Tenant, body: ReminderSettingsIn, author: Author
) -> None:
    try:  # it commits, together with the item's receipt: both are stored or neither
        service.change_settings(session, council, signed_in(author), body, utc_now())
    except ApiError as error:  # a kind of reminder they do not get: the field is named
        raise Rejected(error.fields) from None


REMINDER_SETTINGS = young_persons_kind(
    "reminder_settings",
    "The signed-in young person's reminder settings, changed on the phone.",
    ReminderSettingsIn,
    _apply,
)

KINDS = [REMINDER_SETTINGS]


class ReminderSettingsPull(BaseModel):
    reminder_settings: ReminderSettingsOut


def _read(
    session: Session, council: Tenant, person: Principal, _window: ChangeWindow
) -> ReminderSettingsPull:
    settings = service.settings_for(session, council, person.kind, person.id)
    return ReminderSettingsPull(reminder_settings=settings)


PULL = PullSection(shape=ReminderSettingsPull, read=_read)
