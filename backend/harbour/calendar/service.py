"""A young person's dates as calendar events: one .ics file at a time, or a feed their
calendar app subscribes to.

Calendars show on lock screens and are often shared with family, so every event says only
"Harbour: appointment": no description, no location, nothing about health or care. Dates are
all-day events on the council's local date; the calendar names the council's time zone.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import update
from sqlmodel import Session, col, select

from harbour.accounts.models import YoungPerson
from harbour.accounts.schemas import Principal
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.calendar.models import CalendarFeed
from harbour.calendar.schemas import EventKind, EventOut, FeedCreated, FeedStatus
from harbour.health import service as health
from harbour.kernel.time import utc_now
from harbour.plans import service as plans
from harbour.tenancy import council_today, scoped_to
from harbour.tenants.models import Tenant

SUMMARY = "Harbour: appointment"
PRODUCT = "-//Harbour//Harbour calendar//EN"


@dataclass(frozen=True)
class Dated:
    key: str
    on: date
    kind: EventKind

    def out(self) -> EventOut:
        return EventOut(key=self.key, date=self.on, kind=self.kind)


def events_for(
    session: Session, council: Tenant, young_person_id: uuid.UUID, now: datetime
) -> list[Dated]:
    """Their dates from today on (the council's today), soonest first."""
    today = council_today(council, now)
    dated = [
        Dated(name.replace("_", "-"), on, EventKind.health)
        for name, on in health.next_dates(session, council.id, young_person_id).items()
    ]
    review = plans.review_date(session, young_person_id)
    if review is not None:
        dated.append(Dated("plan-review", review, EventKind.plan))
    dated = [event for event in dated if event.on >= today]
    return sorted(dated, key=lambda event: (event.on, event.key))


def _uid(young_person_id: uuid.UUID, key: str) -> str:
    """The same for an event whose date moves, so calendars update it rather than add one;
    a hash, so the file does not carry the young person's id."""
    digest = hashlib.sha256(f"{young_person_id}:{key}".encode()).hexdigest()[:32]
    return f"{digest}@harbour"


def ics(council: Tenant, young_person_id: uuid.UUID, events: list[Dated], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Harbour")
    calendar.add("x-wr-timezone", council.time_zone)
    for dated in events:
        event = Event()
        event.add("uid", _uid(young_person_id, dated.key))
        event.add("dtstamp", now)
        event.add("dtstart", dated.on)
        event.add("dtend", dated.on + timedelta(days=1))
        event.add("summary", SUMMARY)
        event.add("transp", "TRANSPARENT")  # all day, but the person is not busy all day
        calendar.add_component(event)
    return bytes(calendar.to_ical())


# --- feeds --------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _live_feed(session: Session, person: Principal) -> CalendarFeed | None:
    return session.exec(
        scoped_to(CalendarFeed, person.tenant_id)
        .where(CalendarFeed.young_person_id == person.id)
        .where(col(CalendarFeed.revoked_at).is_(None))
    ).first()


def _revoke(session: Session, person: Principal, now: datetime) -> bool:
    """End their feed, if they have one; True if one was ended."""
    ended = session.execute(
        update(CalendarFeed)
        .where(col(CalendarFeed.tenant_id) == person.tenant_id)
        .where(col(CalendarFeed.young_person_id) == person.id)
        .where(col(CalendarFeed.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    return bool(ended.rowcount)  # type: ignore[attr-defined]


def _audit(session: Session, person: Principal, action: AuditAction) -> None:
    audit.record(
        session, person.tenant_id, action, person, subject_kind="young_person", subject_id=person.id
    )


def create_feed(session: Session, person: Principal, origin: str) -> FeedCreated:
    """A new secret address; the one before stops working."""
    now = utc_now()
    if _revoke(session, person, now):
        _audit(session, person, AuditAction.calendar_feed_revoked)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        tenant_id=person.tenant_id,
        young_person_id=person.id,
        token_sha256=_digest(token),
        created_at=now,
    )
    session.add(feed)
    _audit(session, person, AuditAction.calendar_feed_created)
    session.commit()
    return FeedCreated(url=f"{origin}/calendar/{token}.ics", created_at=now)


def feed_status(session: Session, person: Principal) -> FeedStatus:
    feed = _live_feed(session, person)
    return FeedStatus(active=feed is not None, created_at=feed.created_at if feed else None)


def revoke_feed(session: Session, person: Principal) -> None:
    if _revoke(session, person, utc_now()):
        _audit(session, person, AuditAction.calendar_feed_revoked)
    session.commit()


def feed_calendar(session: Session, token: str, now: datetime) -> bytes | None:
    """The calendar behind a feed's address; None for an address revoked or never given, or
    once the young person's account is closed."""
    # Not scoped to a council: the address is all the calendar app sends, and its token
    # (256 random bits) names one feed of one council.
    feed = session.exec(
        select(CalendarFeed).where(CalendarFeed.token_sha256 == _digest(token))
    ).first()
    if feed is None or feed.revoked_at is not None:
        return None
    person = session.get(YoungPerson, feed.young_person_id)
    council = session.get(Tenant, feed.tenant_id)
    if person is None or not person.active or council is None:
        return None
    return ics(council, person.id, events_for(session, council, person.id, now), now)
