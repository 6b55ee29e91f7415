"""Calendar shapes: a young person's dated events and their feed's state."""

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from harbour.db import UtcDatetime

ICS_MEDIA_TYPE = "text/calendar"


class EventKind(StrEnum):
    plan = "plan"
    health = "health"


class EventOut(BaseModel):
    key: str = Field(
        description="Stable for this kind of date: `plan-review`, or a passport date such as "
        "`dental-check-next`. `GET /api/v1/calendar/events/{key}.ics` is its file."
    )
    date: dt.date = Field(description="The council's local date (an all-day event).")
    kind: EventKind


class EventList(BaseModel):
    events: list[EventOut] = Field(description="Today and later, soonest first.")


class FeedCreated(BaseModel):
    url: str = Field(description="Shown once: only a hash of it is kept.")
    created_at: UtcDatetime


class FeedStatus(BaseModel):
    active: bool
    created_at: UtcDatetime | None
