"""The caseload list: each young person's age (in the council's time zone) and their next
key date, from one query however long the caseload is."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, update
from sqlmodel import Session

from harbour.accounts.models import YoungPerson
from harbour.accounts.service import age_on
from harbour.tenants.models import Tenant
from tests.people import SignedIn, World, make_young_person
from tests.sql import selects, statements_run

LIST = "/api/v1/young-people"


def set_birthday(engine: Engine, person: YoungPerson, born: date) -> None:
    with Session(engine) as session:
        session.execute(
            update(YoungPerson).where(YoungPerson.id == person.id).values(date_of_birth=born)  # type: ignore[arg-type]
        )
        session.commit()


def set_time_zone(engine: Engine, council: Tenant, zone: str) -> None:
    with Session(engine) as session:
        session.execute(update(Tenant).where(Tenant.id == council.id).values(time_zone=zone))  # type: ignore[arg-type]
        session.commit()


def seventeen_today_in(zone: str) -> date:
    today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date()
    return today.replace(year=today.year - 17)


def test_age_is_whole_years_and_a_leap_day_birthday_comes_on_1_march() -> None:
    assert age_on(date(2008, 5, 14), date(2026, 5, 13)) == 17
    assert age_on(date(2008, 5, 14), date(2026, 5, 14)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_the_list_shows_age_on_the_councils_own_date(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    # Kiritimati (UTC+14) is always a day or more ahead of Pago Pago (UTC-11): a birthday
    # that is today in one is still tomorrow in the other.
    set_birthday(engine, world.yp1, seventeen_today_in("Pacific/Kiritimati"))
    pa = as_person(world.pa1).client

    set_time_zone(engine, world.north, "Pacific/Kiritimati")
    ahead = pa.get(LIST).json()["young_people"][0]
    set_time_zone(engine, world.north, "Pacific/Pago_Pago")
    behind = pa.get(LIST).json()["young_people"][0]
    record = pa.get(f"{LIST}/{world.yp1.id}").json()

    assert ahead["age"] == 17
    assert behind["age"] == 16
    assert record["age"] == 16
    assert record["date_of_birth"] == seventeen_today_in("Pacific/Kiritimati").isoformat()
    assert "date_of_birth" not in ahead  # the list carries the age, not the date


def test_the_next_key_date_is_the_first_from_today_on(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    pa = as_person(world.pa1).client
    today = datetime.now(UTC).astimezone(ZoneInfo(world.north.time_zone)).date()
    dates = [
        {"kind": "left_care", "date": (today - timedelta(days=300)).isoformat()},
        {"kind": "next_visit", "date": (today + timedelta(days=40)).isoformat()},
        {"kind": "other", "date": today.isoformat(), "label": "Housing panel"},
    ]
    assert pa.patch(f"{LIST}/{world.yp1.id}", json={"key_dates": dates}).status_code == 200

    people = {p["preferred_name"]: p for p in pa.get(LIST).json()["young_people"]}

    assert people["Jordan"]["next_key_date"] == dates[2]
    pa.patch(f"{LIST}/{world.yp1.id}", json={"key_dates": dates[:1]})
    assert pa.get(LIST).json()["young_people"][0]["next_key_date"] is None  # only past ones


def test_the_list_takes_the_same_queries_for_one_person_or_twenty(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    pa = as_person(world.pa1).client
    with statements_run(engine) as one:
        assert len(pa.get(LIST).json()["young_people"]) == 1
    for n in range(19):
        make_young_person(engine, world.north, world.pa1.id, f"Extra {n}")
    with statements_run(engine) as twenty:
        assert len(pa.get(LIST).json()["young_people"]) == 20

    assert len(selects(twenty)) == len(selects(one))
    assert sum("FROM young_person" in q for q in selects(twenty)) == 1
