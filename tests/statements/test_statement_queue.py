"""The PA's triage queue: who sees what, priority then age, filters, and the response
clock (fixed times: the receipt clock is set for each statement)."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.statements import access, service
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import ViewsSettings
from tests.people import statement_item
from tests.sql import statements_run
from tests.statements.conftest import QUEUE, AsPerson, Views, push, queue_ids

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def receipt_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    """Statements are received at the times put in this list, in turn."""
    times: list[datetime] = []
    monkeypatch.setattr(service, "utc_now", lambda: times.pop(0))
    yield times
    assert times == [], "every receipt time set was used"


def as_principal(staff: StaffMember) -> Principal:
    return Principal(
        PersonKind.staff,
        staff.id,
        staff.tenant_id,
        uuid.uuid4(),
        StaffRole(staff.role),
        staff.team_id,
    )


def queue_at(
    engine: Engine, council: Tenant, staff: StaffMember, now: datetime, **wanted: object
) -> list[dict[str, object]]:
    me = as_principal(staff)
    with Session(engine) as session:
        page = service.list_queue(
            session,
            session.get(Tenant, council.id),  # type: ignore[arg-type]
            me,
            service.Reach(access.statement_visible_to(me), access.statement_alerts_for(me)),
            service.QueueFilter(**wanted),  # type: ignore[arg-type]
            now,
        )
    return [item.model_dump() for item in page.items]


# --- the response clock ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        ("2026-11-17T15:00:00+00:00", 1, "2026-11-18T15:00:00+00:00"),  # Tuesday -> Wednesday
        ("2026-11-20T15:00:00+00:00", 1, "2026-11-23T15:00:00+00:00"),  # Friday -> Monday
        ("2026-11-21T10:00:00+00:00", 1, "2026-11-24T00:00:00+00:00"),  # Saturday: end of Monday
        ("2026-11-22T23:59:00+00:00", 1, "2026-11-24T00:00:00+00:00"),  # Sunday night too
        ("2026-11-19T09:30:00+00:00", 3, "2026-11-24T09:30:00+00:00"),  # Thursday + 3
        # The clocks go back on 25 October 2026: 3pm in London stays 3pm.
        ("2026-10-23T14:00:00+00:00", 1, "2026-10-26T15:00:00+00:00"),
        # 11.30pm on Friday UTC is already Saturday in summer London time.
        ("2026-06-12T23:30:00+00:00", 1, "2026-06-15T23:00:00+00:00"),
    ],
)
def test_working_days_count_monday_to_friday_in_the_councils_time_zone(
    received: str, days: int, due: str
) -> None:
    assert service.add_working_days(at(received), LONDON, days) == at(due)


def test_urgent_statements_are_due_in_the_councils_minutes() -> None:
    views = ViewsSettings.model_validate({"response_times": {"urgent_minutes": 45}})
    received = at("2026-11-21T10:00:00+00:00")  # a Saturday: urgent does not wait for Monday

    assert service.due_at(received, True, LONDON, views) == at("2026-11-21T10:45:00+00:00")
    assert service.due_at(received, False, LONDON, views) == at("2026-11-24T00:00:00+00:00")


def test_the_queue_shows_the_clock_and_overdue_until_someone_answers(
    views: Views, as_person: AsPerson, engine: Engine, receipt_clock: list[datetime]
) -> None:
    world = views.world
    receipt_clock += [at("2026-11-20T15:00:00+00:00"), at("2026-11-20T15:05:00+00:00")]
    calm, urgent = statement_item("problem", text="Boiler"), statement_item(urgent=True)
    push(as_person(world.yp1), calm, urgent)
    before = at("2026-11-20T15:30:00+00:00")
    after = at("2026-11-23T15:01:00+00:00")

    items = {i["id"]: i for i in queue_at(engine, world.north, world.pa1, before)}
    overdue_later = queue_at(engine, world.north, world.pa1, after, overdue=True)
    pa = as_person(world.pa1).client
    pa.post(f"{QUEUE}/{calm['id']}/replies", json={"text": "I'll ring the landlord today."})
    pa.patch(f"{QUEUE}/{urgent['id']}", json={"status": "done"})
    answered = queue_at(engine, world.north, world.pa1, after, overdue=True)

    assert items[uuid.UUID(calm["id"])]["due_at"] == at("2026-11-23T15:00:00+00:00")
    assert items[uuid.UUID(urgent["id"])]["due_at"] == at("2026-11-20T16:05:00+00:00")
    assert not any(i["overdue"] for i in items.values())
    assert {i["id"] for i in overdue_later} == {uuid.UUID(calm["id"]), uuid.UUID(urgent["id"])}
    assert answered == []


# --- priority then age ----------------------------------------------------------------------


def test_the_queue_puts_urgent_then_meetings_this_week_then_the_rest_oldest_first(
    views: Views, as_person: AsPerson, engine: Engine, receipt_clock: list[datetime]
) -> None:
    world = views.world
    written = "2026-06-01T10:00:00+00:00"

    def said(type_: str = "feeling", **kwargs: object) -> dict[str, object]:
        return statement_item(type_, created_at=written, **kwargs)  # type: ignore[arg-type]

    made = {
        "A": said("good_news", text="Passed!"),
        "B": said("meeting", meeting_date="2026-06-14"),
        "C": said("problem", urgent=True),
        "D": said("feeling", text="I am not safe there"),  # acknowledged below
        "E": said("meeting", meeting_date="2026-06-19"),  # 8 days away in London
        "F": said("meeting", meeting_date="2026-06-10"),  # yesterday in London
        "G": said("ask", urgent=True, question="Help"),
        "H": said("meeting", meeting_date="2026-06-18"),  # London's today + 7
        "I": said("feeling", feeling=4),
    }
    # Received a minute apart, in this order; sent in the reverse order to prove the sorting.
    start = at("2026-06-05T09:00:00+00:00")
    receipt_clock += [start + timedelta(minutes=m) for m in range(len(made))][::-1]
    push(as_person(world.yp1), *list(made.values())[::-1])
    as_person(world.pa1).client.post(f"{QUEUE}/{made['D']['id']}/acknowledge")
    # 11.30pm UTC on 10 June is already 11 June in London (summer time).
    now = at("2026-06-10T23:30:00+00:00")

    order = [item["id"] for item in queue_at(engine, world.north, world.pa1, now)]

    names = {uuid.UUID(str(item["id"])): name for name, item in made.items()}
    assert [names[i] for i in order] == ["C", "G", "D", "B", "H", "A", "E", "F", "I"]


def test_the_api_queue_puts_unacknowledged_urgent_first_for_the_pa_and_the_manager(
    views: Views, as_person: AsPerson
) -> None:
    world = views.world
    older = statement_item("good_news", text="New flat!")
    meeting_soon = statement_item(
        "meeting",
        created_at=datetime.now(UTC).isoformat(),
        meeting_date=(datetime.now(LONDON).date() + timedelta(days=2)).isoformat(),
    )
    urgent = statement_item("problem", urgent=True)
    push(as_person(world.yp1), older, meeting_soon, urgent)

    for person, view in (
        (world.pa1, "mine"),
        (world.manager_a, "team"),
        (world.north_admin, "team"),
    ):
        assert queue_ids(as_person(person), view=view) == [
            urgent["id"],
            meeting_soon["id"],
            older["id"],
        ], person.display_name


# --- who sees what, and the filters ---------------------------------------------------------


@pytest.fixture
def spread(views: Views, as_person: AsPerson) -> dict[str, str]:
    """Statements from three young people to PAs and teams."""
    world = views.world
    made = {
        "yp1_pa": statement_item("feeling", feeling=2),
        "yp1_participation": statement_item("good_news", recipient="participation", text="Hi"),
        "yp1_iro": statement_item("meeting", recipient="iro", want_to_happen="Move nearer"),
        "yp1_iro_urgent": statement_item("problem", recipient="iro", urgent=True),
        "yp2_pa": statement_item("ask", question="Bus pass?"),
        "yp3_pa": statement_item("problem", text="Rent"),
    }
    push(as_person(world.yp1), *(made[k] for k in made if k.startswith("yp1")))
    push(as_person(world.yp2), made["yp2_pa"])
    push(as_person(world.yp3), made["yp3_pa"])
    return {key: str(item["id"]) for key, item in made.items()}


def _names(spread: dict[str, str], ids: list[str]) -> set[str]:
    by_id = {v: k for k, v in spread.items()}
    return {by_id[i] for i in ids}


def test_each_person_sees_what_is_theirs(
    views: Views, as_person: AsPerson, spread: dict[str, str]
) -> None:
    world = views.world
    cases = [
        (world.pa1, "mine", {"yp1_pa", "yp1_iro_urgent"}),  # urgent: theirs too, for now
        (world.pa2, "mine", {"yp2_pa"}),
        (world.pa3, "mine", {"yp3_pa"}),
        (views.participation, "mine", {"yp1_participation"}),
        (views.iro, "mine", {"yp1_iro", "yp1_iro_urgent"}),
        (world.manager_a, "mine", {"yp1_iro_urgent"}),
        (world.manager_a, "team", {"yp1_pa", "yp2_pa", "yp1_iro_urgent"}),
        (world.north_admin, "team", set(spread)),
        (world.south_admin, "team", set()),
    ]
    for person, view, expected in cases:
        assert _names(spread, queue_ids(as_person(person), view=view)) == expected, (
            person.display_name,
            view,
        )


def test_an_urgent_statement_leaves_the_pa_and_managers_own_queue_once_acknowledged(
    views: Views, as_person: AsPerson, spread: dict[str, str]
) -> None:
    world = views.world
    pa, manager, iro = (as_person(p) for p in (world.pa1, world.manager_a, views.iro))

    iro.client.post(f"{QUEUE}/{spread['yp1_iro_urgent']}/acknowledge")

    assert _names(spread, queue_ids(pa)) == {"yp1_pa"}
    assert _names(spread, queue_ids(manager)) == set()
    assert _names(spread, queue_ids(iro)) == {"yp1_iro", "yp1_iro_urgent"}  # still the team's
    assert "yp1_iro_urgent" in _names(spread, queue_ids(manager, view="team"))


def test_an_urgent_statement_to_a_team_also_reaches_the_pa_but_a_calm_one_does_not(
    views: Views, as_person: AsPerson, spread: dict[str, str]
) -> None:
    pa = as_person(views.world.pa1).client

    assert pa.get(f"{QUEUE}/{spread['yp1_iro_urgent']}").status_code == 200
    assert pa.get(f"{QUEUE}/{spread['yp1_iro']}").status_code == 404
    assert pa.get(f"{QUEUE}/{spread['yp1_participation']}").status_code == 404


def test_the_filters_narrow_the_queue(
    views: Views, as_person: AsPerson, spread: dict[str, str]
) -> None:
    admin = as_person(views.world.north_admin)
    yp1 = str(views.world.yp1.id)

    assert _names(spread, queue_ids(admin, view="team", type="problem")) == {
        "yp1_iro_urgent",
        "yp3_pa",
    }
    assert _names(spread, queue_ids(admin, view="team", young_person_id=yp1)) == {
        "yp1_pa",
        "yp1_participation",
        "yp1_iro",
        "yp1_iro_urgent",
    }
    assert queue_ids(admin, view="team", overdue="true") == []
    assert len(queue_ids(admin, view="team", overdue="false")) == 6
    assert queue_ids(admin, view="team", status="done") == []
    admin.client.patch(f"{QUEUE}/{spread['yp3_pa']}", json={"status": "done"})
    assert _names(spread, queue_ids(admin, view="team", status="done")) == {"yp3_pa"}
    assert "yp3_pa" not in _names(spread, queue_ids(admin, view="team"))  # done leaves the queue
    assert _names(spread, queue_ids(admin, view="team", status="new")) == set(spread) - {"yp3_pa"}


def test_the_queue_pages_with_a_total(
    views: Views, as_person: AsPerson, spread: dict[str, str]
) -> None:
    admin = as_person(views.world.north_admin).client

    everything = admin.get(QUEUE, params={"view": "team"}).json()
    page = admin.get(QUEUE, params={"view": "team", "limit": 2, "offset": 2}).json()

    assert everything["total"] == page["total"] == 6
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything["items"]][2:4]


def test_a_queue_item_has_the_agreed_shape(
    views: Views, as_person: AsPerson, spread: dict[str, str]
) -> None:
    item = as_person(views.iro).client.get(QUEUE).json()["items"][0]

    assert set(item) == {
        "id",
        "young_person",
        "type",
        "recipient",
        "recipient_label",
        "urgent",
        "urgent_reason",
        "acknowledged",
        "status",
        "received_at",
        "due_at",
        "overdue",
        "answered_at",
        "answered_by",
        "answered_late_minutes",
        "assigned_to",
        "meeting_date",
        "preview",
        "young_person_update",  # "I'm OK now" from the help screen (issue 13)
        "new_message",
        "copied_to_case_record_at",  # the case-record mark (issue 16, item 6)
    }
    assert item["young_person"] == {"id": str(views.world.yp1.id), "preferred_name": "Jordan"}
    assert (item["recipient"], item["recipient_label"]) == ("iro", "Your IRO")
    assert (item["urgent"], item["urgent_reason"], item["acknowledged"]) == (
        True,
        "asked_for_help",
        False,
    )


def test_a_long_first_answer_is_previewed_in_140_characters(
    views: Views, as_person: AsPerson
) -> None:
    words = "I would like to talk about moving to a flat nearer college " * 5
    push(as_person(views.world.yp1), statement_item("meeting", going_well=words))

    item = as_person(views.world.pa1).client.get(QUEUE).json()["items"][0]

    assert item["preview"] == words[:140]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"view": "everyone"}, "query.view"),
        ({"status": "lost"}, "query.status"),
        ({"type": "diary"}, "query.type"),
        ({"young_person_id": "x"}, "query.young_person_id"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 201}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"offset": 2**63}, "query.offset"),  # past what a database integer holds
        ({"overdue": "perhaps"}, "query.overdue"),
    ],
)
def test_bad_filters_are_422_naming_the_field(
    views: Views, as_person: AsPerson, params: dict[str, object], field: str
) -> None:
    response = as_person(views.world.pa1).client.get(QUEUE, params=params)

    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]


def test_the_team_view_is_for_managers_and_the_queue_for_caseworkers(
    views: Views, as_person: AsPerson
) -> None:
    world = views.world

    pa_team = as_person(world.pa1).client.get(QUEUE, params={"view": "team"})
    editor = as_person(world.editor).client.get(QUEUE)
    young_person = as_person(world.yp1).client.get(QUEUE)
    young_alerts = as_person(world.yp1).client.get(f"{QUEUE}/alerts")

    assert pa_team.status_code == 403
    assert pa_team.json()["error"]["fields"][0]["field"] == "query.view"
    assert editor.status_code == 403
    assert young_person.status_code == young_alerts.status_code == 404


def test_the_queue_takes_the_same_number_of_queries_for_3_or_30_statements(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    """No query per row (N+1): the page, its names and its count come in a fixed number."""
    world = views.world
    manager, jordan = as_person(world.manager_a).client, as_person(world.yp1)

    def queries_for_queue() -> int:
        with statements_run(engine) as counted:
            assert manager.get(QUEUE, params={"view": "team"}).status_code == 200
        return len(counted)

    push(jordan, *(statement_item(text=f"{n}") for n in range(3)))
    with_3 = queries_for_queue()
    push(jordan, *(statement_item(recipient="participation", urgent=True) for _ in range(27)))
    with_30 = queries_for_queue()

    assert len(manager.get(QUEUE, params={"view": "team"}).json()["items"]) == 30
    assert with_30 == with_3
