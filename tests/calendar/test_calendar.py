"""A young person's dates as calendar files and a feed: parsed with `icalendar`, all-day
dates in the council's time zone, discreet titles, and a revoked feed answers 404."""

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from harbour.accounts.models import YoungPerson
from harbour.audit.models import AuditEvent
from harbour.calendar import routes as calendar_routes
from harbour.calendar.models import CalendarFeed
from harbour.tenancy import council_today
from harbour.tenants.models import Tenant
from tests.health.conftest import AsPerson
from tests.people import SignedIn, World, make_passport

EVENTS = "/api/v1/calendar/events"
FEED = "/api/v1/calendar/feed"


def parse(response: Any) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def dates(calendar: Calendar) -> list[date]:
    return sorted(event.get("dtstart").dt for event in calendar.walk("VEVENT"))


def assert_discreet(calendar: Calendar) -> None:
    for event in calendar.walk("VEVENT"):
        assert str(event.get("summary")) == "Harbour: appointment"
        assert event.get("description") is None
        assert event.get("location") is None
        start, end = event.get("dtstart"), event.get("dtend")
        assert start.params.get("VALUE") == "DATE"  # all-day: a date, not a time
        assert type(start.dt) is date
        assert end.dt == start.dt + timedelta(days=1)
        stamp = event.get("dtstamp").dt
        assert stamp.utcoffset() == timedelta(0)


@pytest.fixture
def jordan(world: World, as_person: AsPerson, engine: Engine) -> SignedIn:
    """Jordan's passport: one past date, one today, one to come, and two 'last' dates."""
    today = council_today(world.north)
    make_passport(
        engine,
        world.yp1,
        eye_test_next=(today - timedelta(days=1)).isoformat(),
        passport_review=today.isoformat(),
        dental_check_next=(today + timedelta(days=30)).isoformat(),
        dental_check_last=(today - timedelta(days=150)).isoformat(),
        health_assessment_last=(today - timedelta(days=10)).isoformat(),
        gp_name="Riverside Surgery",
        conditions="Asthma",
    )
    return as_person(world.yp1)


def test_the_events_are_the_dates_from_today_on(world: World, jordan: SignedIn) -> None:
    today = council_today(world.north)

    events = jordan.client.get(EVENTS).json()["events"]

    assert events == [
        {"key": "passport-review", "date": today.isoformat(), "kind": "health"},
        {
            "key": "dental-check-next",
            "date": (today + timedelta(days=30)).isoformat(),
            "kind": "health",
        },
    ]


def test_the_plans_review_date_is_an_event_too(
    world: World, jordan: SignedIn, as_person: AsPerson
) -> None:
    review = council_today(world.north) + timedelta(days=12)
    pa = as_person(world.pa1)
    edit = {"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": str(review)}}
    assert pa.client.post(f"/api/v1/young-people/{world.yp1.id}/plan/edits", json=edit).is_success

    events = jordan.client.get(EVENTS).json()["events"]
    response = jordan.client.get(f"{EVENTS}/plan-review.ics")

    assert {"key": "plan-review", "date": review.isoformat(), "kind": "plan"} in events
    assert dates(parse(response)) == [review]
    assert_discreet(parse(response))
    assert b"review" not in response.content.lower()


def test_one_date_as_a_file(world: World, jordan: SignedIn) -> None:
    response = jordan.client.get(f"{EVENTS}/dental-check-next.ics")

    calendar = parse(response)

    assert response.headers["content-disposition"] == (
        'attachment; filename="harbour-appointment.ics"'
    )
    assert dates(calendar) == [council_today(world.north) + timedelta(days=30)]
    assert str(calendar.get("x-wr-timezone")) == "Europe/London"
    assert_discreet(calendar)
    for private in (b"Riverside", b"Asthma", b"dental", str(world.yp1.id).encode()):
        assert private not in response.content


def test_an_unknown_or_past_date_has_no_file(jordan: SignedIn) -> None:
    for key in ("eye-test-next", "dental-check-last", "nothing-here"):
        assert jordan.client.get(f"{EVENTS}/{key}.ics").status_code == 404


def test_an_event_keeps_its_uid_when_its_date_moves(
    world: World, jordan: SignedIn, engine: Engine
) -> None:
    before = parse(jordan.client.get(f"{EVENTS}/dental-check-next.ics"))
    make_passport(engine, world.yp1, dental_check_next="2030-01-02")  # from another device

    after = parse(jordan.client.get(f"{EVENTS}/dental-check-next.ics"))

    [first], [second] = before.walk("VEVENT"), after.walk("VEVENT")
    assert first.get("uid") == second.get("uid")
    assert dates(after) == [date(2030, 1, 2)]


@pytest.fixture
def auckland(world: World, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Northdale moved to New Zealand, at 12:30 UTC on 24 November 2026: already 25 November
    there, still the 24th in London."""
    with Session(engine) as session:
        session.execute(
            update(Tenant)
            .where(col(Tenant.id) == world.north.id)
            .values(time_zone="Pacific/Auckland")
        )
        session.commit()
    monkeypatch.setattr(
        calendar_routes, "utc_now", lambda: datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    )


def test_dates_follow_the_councils_own_time_zone(
    world: World, as_person: AsPerson, engine: Engine, auckland: None
) -> None:
    make_passport(
        engine,
        world.yp1,
        eye_test_next="2026-11-24",  # yesterday in Auckland (today in London)
        dental_check_next="2026-11-25",  # today in Auckland
        passport_review="2027-05-01",
    )
    jordan = as_person(world.yp1).client
    url = jordan.post(FEED).json()["url"]

    events = jordan.get(EVENTS).json()["events"]
    single = parse(jordan.get(f"{EVENTS}/dental-check-next.ics"))
    feed = parse(TestClient(jordan.app).get(url))

    assert [(e["key"], e["date"]) for e in events] == [
        ("dental-check-next", "2026-11-25"),
        ("passport-review", "2027-05-01"),
    ]
    assert jordan.get(f"{EVENTS}/eye-test-next.ics").status_code == 404
    assert dates(single) == [date(2026, 11, 25)]
    assert dates(feed) == [date(2026, 11, 25), date(2027, 5, 1)]
    for calendar in (single, feed):
        assert str(calendar.get("x-wr-timezone")) == "Pacific/Auckland"
        assert_discreet(calendar)


def test_a_feed_is_made_read_replaced_and_revoked(
    world: World, jordan: SignedIn, app: FastAPI, engine: Engine
) -> None:
    outsider = TestClient(app)  # a calendar app: no session, only the address

    made = jordan.client.post(FEED)
    url = made.json()["url"]
    status = jordan.client.get(FEED).json()
    feed = parse(outsider.get(url))
    replaced_url = jordan.client.post(FEED).json()["url"]
    old_after_replacing = outsider.get(url)
    new_after_replacing = outsider.get(replaced_url)
    revoked = jordan.client.delete(FEED)
    after_revoking = outsider.get(replaced_url)

    assert made.status_code == 201
    assert url.startswith("http://testserver/calendar/")
    assert url.endswith(".ics")
    assert status == {"active": True, "created_at": made.json()["created_at"]}
    assert dates(feed) == [
        council_today(world.north),
        council_today(world.north) + timedelta(days=30),
    ]
    assert_discreet(feed)
    assert old_after_replacing.status_code == 404
    assert new_after_replacing.status_code == 200
    assert revoked.status_code == 204
    assert after_revoking.status_code == 404
    assert jordan.client.get(FEED).json() == {"active": False, "created_at": None}
    assert jordan.client.delete(FEED).status_code == 204  # nothing left to stop: fine
    with Session(engine) as session:
        actions = session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.subject_id == world.yp1.id)
            .where(col(AuditEvent.action).startswith("calendar"))
            .order_by(col(AuditEvent.at))
        ).all()
        stored = session.exec(select(CalendarFeed.token_sha256)).all()
    assert actions == [
        "calendar_feed_created",
        "calendar_feed_revoked",
        "calendar_feed_created",
        "calendar_feed_revoked",
    ]
    token = replaced_url.rsplit("/", 1)[1].removesuffix(".ics")
    assert hashlib.sha256(token.encode()).hexdigest() in stored  # only the hash is kept


def test_the_feed_of_a_closed_account_answers_404(
    world: World, jordan: SignedIn, app: FastAPI, engine: Engine
) -> None:
    url = jordan.client.post(FEED).json()["url"]
    with Session(engine) as session:
        session.execute(
            update(YoungPerson).where(col(YoungPerson.id) == world.yp1.id).values(active=False)
        )
        session.commit()

    assert TestClient(app).get(url).status_code == 404


def test_the_log_line_names_the_route_pattern_never_the_token(
    jordan: SignedIn, app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    url = jordan.client.post(FEED).json()["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    capsys.readouterr()

    TestClient(app).get(url)
    TestClient(app).get(url.replace(token, token[:-2] + "xx"))  # an unknown one, too

    logged = capsys.readouterr().out
    assert '"route": "/calendar/{token}.ics"' in logged
    assert token not in logged
    assert token[:-2] not in logged


def test_calendars_are_for_young_people(world: World, as_person: AsPerson, app: FastAPI) -> None:
    pa = as_person(world.pa1).client

    assert pa.get(EVENTS).status_code == 403
    assert pa.post(FEED).status_code == 403
    assert TestClient(app).get(EVENTS).status_code == 401


def test_making_a_feed_needs_the_csrf_token(world: World, jordan: SignedIn) -> None:
    del jordan.client.headers["X-CSRF-Token"]

    assert jordan.client.post(FEED).status_code == 403
    assert jordan.client.get(FEED).json()["active"] is False
