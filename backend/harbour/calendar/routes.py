"""Calendar API for young people: their dates, one .ics file at a time, and a feed address
for their calendar app. The feed itself (`GET /calendar/{token}.ics`) needs no session: its
secret address is the key, and it is served outside /api so calendar apps can subscribe."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from harbour.accounts.schemas import NoFields
from harbour.calendar import service
from harbour.calendar.access import CalendarOwner
from harbour.calendar.schemas import ICS_MEDIA_TYPE, EventList, FeedCreated, FeedStatus
from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES, SIGNED_IN_RESPONSES, NotFound
from harbour.kernel.time import utc_now
from harbour.web import own_origin

router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"], responses=SIGNED_IN_RESPONSES)
feed_router = APIRouter(tags=["calendar"], responses=ERROR_RESPONSES)

ICS_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "An iCalendar file.",
        "content": {ICS_MEDIA_TYPE: {"schema": {"type": "string"}}},
    }
}


def _ics(body: bytes, headers: dict[str, str]) -> Response:
    return Response(
        body,
        media_type=ICS_MEDIA_TYPE,
        headers={"cache-control": "no-store"} | headers,
    )


@router.get("/events", summary="Your dates, for your calendar")
def list_events(caller: CalendarOwner, session: SessionDep) -> EventList:
    """Your health passport's dates still to come, today (the council's today) and later."""
    events = service.events_for(session, caller.council, caller.principal.id, utc_now())
    return EventList(events=[event.out() for event in events])


@router.get(
    "/events/{key}.ics",
    summary="One date as a calendar file",
    response_class=Response,
    responses=ICS_RESPONSE,
)
def event_file(
    key: Annotated[str, Path(max_length=40, pattern=r"^[a-z-]+$", description="From the list.")],
    caller: CalendarOwner,
    session: SessionDep,
) -> Response:
    """An all-day event titled only "Harbour: appointment". 404 for a key that is not one of
    your dates (or whose date has passed)."""
    now = utc_now()
    events = service.events_for(session, caller.council, caller.principal.id, now)
    chosen = [event for event in events if event.key == key]
    if not chosen:
        raise NotFound("That date")
    body = service.ics(caller.council, caller.principal.id, chosen, now)
    return _ics(body, {"content-disposition": 'attachment; filename="harbour-appointment.ics"'})


@router.post("/feed", status_code=201, summary="Make a calendar address to subscribe to")
def create_feed(
    caller: CalendarOwner, session: SessionDep, request: Request, _: NoFields | None = None
) -> FeedCreated:
    """A secret address for your calendar app, shown this once. Making a new one stops the
    old one working. Anyone with the address sees when you have appointments (never what
    they are), so keep it to yourself."""
    origin = request.app.state.settings.public_origin.rstrip("/") or own_origin(request)
    return service.create_feed(session, caller.principal, origin)


@router.get("/feed", summary="Whether you have a calendar address")
def get_feed(caller: CalendarOwner, session: SessionDep) -> FeedStatus:
    return service.feed_status(session, caller.principal)


@router.delete("/feed", status_code=204, summary="Stop your calendar address working")
def revoke_feed(caller: CalendarOwner, session: SessionDep) -> Response:
    """The address then answers 404. Nothing to stop is fine too."""
    service.revoke_feed(session, caller.principal)
    return Response(status_code=204)


@feed_router.get(
    "/calendar/{token}.ics",
    summary="A young person's calendar feed",
    response_class=Response,
    responses=ICS_RESPONSE,
)
def feed(
    token: Annotated[str, Path(max_length=100, description="The secret part of the address.")],
    session: SessionDep,
) -> Response:
    """For calendar apps: every date still to come, titled only "Harbour: appointment".
    404 once the address is revoked or replaced. Logs show the route pattern, never the
    token."""
    body = service.feed_calendar(session, token, utc_now())
    if body is None:
        raise NotFound("That calendar")
    return _ics(body, {})
