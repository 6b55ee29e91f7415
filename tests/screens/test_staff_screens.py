"""Staff screens in one request (issue 15): each answers what its page shows, exactly as the
domains' own routes would one by one, sees only what those routes let the caller see, writes
one audit row per view, and takes a fixed number of SQL statements however much it lists."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.access import session as session_check
from harbour.audit.models import AuditEvent
from tests.people import SignedIn, World, make_statement, make_task, make_young_person
from tests.sql import statements_run

CASELOAD, QUEUE = "/api/v1/screens/caseload", "/api/v1/screens/queue"
AsPerson = Callable[..., SignedIn]


@pytest.fixture
def jordans_news(world: World, engine: Engine) -> None:
    """Jordan (Asha's) asks for help and shares good news; Kai (Ben's) sends a feeling."""
    make_statement(engine, world.yp1, urgent=True, text="I don't feel safe tonight.")
    make_statement(engine, world.yp1, type="good_news", text="I passed my theory test!")
    make_statement(engine, world.yp2, text="College is going better.")
    make_task(engine, world.yp1)


def audit_actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.at))).all())


def got(person: SignedIn, path: str, **params: Any) -> Any:
    response = person.client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_caseload_screen_is_the_five_requests_it_replaces(
    world: World, as_person: AsPerson, jordans_news: None
) -> None:
    asha = as_person(world.pa1)

    screen = got(asha, CASELOAD)

    assert screen["me"] | {"csrf_token": ""} == got(asha, "/api/v1/auth/me") | {"csrf_token": ""}
    assert screen["inbox_unseen"] == got(asha, "/api/v1/inbox")["unseen"] > 0
    assert screen["alerts"] == got(asha, "/api/v1/statements/alerts")["items"]
    assert [alert["young_person"]["preferred_name"] for alert in screen["alerts"]] == ["Jordan"]
    assert screen["young_people"] == got(asha, "/api/v1/young-people")["young_people"]
    assert screen["plans"] == got(asha, "/api/v1/plans/caseload")
    assert [row["open_tasks"] for row in screen["plans"]["young_people"]] == [1]


def test_the_queue_screen_is_the_four_requests_it_replaces(
    world: World, as_person: AsPerson, jordans_news: None
) -> None:
    manager = as_person(world.manager_a)
    wanted = {"view": "team", "type": "feeling", "limit": 1, "offset": 1}

    screen = got(manager, QUEUE, **wanted)

    assert screen["queue"] == got(manager, "/api/v1/statements", **wanted)
    assert screen["queue"]["total"] == 2  # Jordan's and Kai's feelings; the page holds the 2nd
    assert [item["young_person"]["preferred_name"] for item in screen["queue"]["items"]] == ["Kai"]
    people = got(manager, "/api/v1/young-people")["young_people"]
    assert screen["people"] == [
        {"id": p["id"], "preferred_name": p["preferred_name"]} for p in people
    ]
    assert [p["preferred_name"] for p in screen["people"]] == ["Jordan", "Kai"]  # team A
    assert screen["alerts"] == got(manager, "/api/v1/statements/alerts")["items"]
    assert screen["inbox_unseen"] == got(manager, "/api/v1/inbox")["unseen"]
    assert screen["me"]["role"] == "team_manager"


def test_each_view_writes_one_audit_row_and_the_young_person_sees_no_listing(
    world: World, as_person: AsPerson, engine: Engine, jordans_news: None
) -> None:
    asha = as_person(world.pa1)
    before = audit_actions(engine)

    got(asha, CASELOAD)
    after_caseload = audit_actions(engine)
    got(asha, QUEUE)
    got(asha, QUEUE, status="new")
    after_queue = audit_actions(engine)

    assert after_caseload[len(before) :] == ["young_person_listed"]
    assert after_queue[len(after_caseload) :] == ["statement_listed", "statement_listed"]
    # Listings are not reads of one person's records: "Who has seen my information" is empty.
    assert got(as_person(world.yp1), "/api/v1/my-data/seen")["seen"] == []


def test_a_content_editors_home_reads_and_audits_nothing_personal(
    world: World, as_person: AsPerson, engine: Engine, jordans_news: None
) -> None:
    editor = as_person(world.editor)
    before = audit_actions(engine)

    screen = got(editor, CASELOAD)

    assert screen["me"]["role"] == "content_editor"
    assert (screen["alerts"], screen["young_people"], screen["plans"]["young_people"]) == (
        [],
        [],
        [],
    )
    assert audit_actions(engine) == before
    assert editor.client.get(QUEUE).status_code == 403


def test_screens_show_only_what_the_caller_may_see(
    world: World, as_person: AsPerson, jordans_news: None
) -> None:
    south = as_person(world.south_admin)
    south_home = got(south, CASELOAD)
    assert [p["preferred_name"] for p in south_home["young_people"]] == ["Jordan S"]
    assert south_home["alerts"] == []
    # Another council's young person as a filter finds nothing, and names no one.
    queue = got(south, QUEUE, view="team", young_person_id=str(world.yp1.id))
    assert (queue["queue"]["total"], queue["queue"]["items"]) == (0, [])
    assert [p["preferred_name"] for p in queue["people"]] == ["Jordan S"]
    # Ben (PA 2) sees Kai only, and not Jordan's urgent statement.
    ben = got(as_person(world.pa2), CASELOAD)
    assert [p["preferred_name"] for p in ben["young_people"]] == ["Kai"]
    assert ben["alerts"] == []


@pytest.mark.parametrize(
    ("who", "path", "params", "status", "field"),
    [
        ("pa1", QUEUE, {"view": "team"}, 403, "query.view"),
        ("pa1", QUEUE, {"status": "lost"}, 422, "query.status"),
        ("pa1", QUEUE, {"young_person_id": "kai"}, 422, "query.young_person_id"),
        ("pa1", QUEUE, {"limit": 0}, 422, "query.limit"),
        ("yp1", CASELOAD, {}, 403, None),
        ("yp1", QUEUE, {}, 404, None),
    ],
)
def test_a_screen_refuses_what_its_parts_refuse(
    world: World,
    as_person: AsPerson,
    who: str,
    path: str,
    params: dict[str, object],
    status: int,
    field: str | None,
) -> None:
    response = as_person(getattr(world, who)).client.get(path, params=params)

    assert response.status_code == status
    fields = [f["field"] for f in response.json()["error"]["fields"]]
    assert fields == ([field] if field else [])


def test_signed_out_is_401(client: Any, world: World) -> None:
    for path in (CASELOAD, QUEUE):
        assert client.get(path).status_code == 401


def test_a_screen_takes_the_same_statements_for_one_young_person_or_twenty(
    world: World,
    as_person: AsPerson,
    engine: Engine,
    jordans_news: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No statement per row (N+1); and the few there are, counted, so a new one is a choice."""
    # A slow run must not reach the minute after which the session check notes the time.
    monkeypatch.setattr(session_check, "TOUCH_EVERY", timedelta(days=1))
    asha = as_person(world.pa1)

    def statements_for(path: str) -> list[str]:
        with statements_run(engine) as seen:
            got(asha, path)
        return seen

    one = {path: statements_for(path) for path in (CASELOAD, QUEUE)}
    for n in range(19):
        extra = make_young_person(engine, world.north, world.pa1.id, f"Extra {n}")
        make_statement(engine, extra, urgent=n % 2 == 0)
        make_task(engine, extra)
    twenty = {path: statements_for(path) for path in (CASELOAD, QUEUE)}

    assert len(got(asha, CASELOAD)["young_people"]) == 20
    for path in (CASELOAD, QUEUE):
        assert len(twenty[path]) == len(one[path]), path
    # The session check (3: the session, who, their council), their inbox count (1), the
    # alerts (2), the screen's own reads, and one audit row.
    assert len(one[CASELOAD]) == 11  # people, their review dates twice, tasks counted
    assert len(one[QUEUE]) == 11  # count, page ids, page rows, names to filter by
