"""A calendar feed is a young person's own dates: staff have none."""

from typing import Annotated

from harbour.access.session import Caller, young_people_only

CalendarOwner = Annotated[Caller, young_people_only("Calendars are for young people's own dates.")]
