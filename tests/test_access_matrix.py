"""Every route that takes a record's id, found in the OpenAPI document, is called by people
who must not reach that record: another young person, a PA outside the caseload, a manager
of another team, and people in another council. Each answer is 404, word for word the same
as for an id that does not exist, so nothing about the record leaks. A new route with an id
is picked up here automatically; a new kind of id fails until its victims are named below.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.audit.models import AuditEvent
from harbour.field_edits import FieldEdit
from harbour.passkeys.models import Passkey
from harbour.plans.models import PlanTask, TaskNote
from harbour.pledge.models import PledgeAnswer
from harbour.statements.models import Statement
from tests.people import (
    PUSH,
    SignedIn,
    World,
    content_ids,
    make_passkey,
    make_passport,
    make_reminder,
    make_statement,
    make_task,
)

UNSAFE = {"post", "put", "patch", "delete"}


def id_routes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    """(method, path, id parameter names) for every operation with a uuid path parameter."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            ids = [
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p.get("schema", {}).get("format") == "uuid"
            ]
            if ids:
                found.append((method, path, ids))
    return found


@dataclass
class Scenario:
    name: str
    caller: SignedIn
    victims: dict[str, uuid.UUID]  # path parameter name -> an id the caller must not reach
    owners: dict[str, SignedIn]  # staff who may reach that id (proves the id is real)


def editors(owner: SignedIn) -> dict[str, SignedIn]:
    return dict.fromkeys(("item_id", "theme_id", "promise_id"), owner)


@pytest.fixture
def scenarios(world: World, as_person: Callable[..., SignedIn], engine: Engine) -> list[Scenario]:
    key = {p.id: make_passkey(engine, p) for p in (world.yp1, world.yp2, world.south_yp)}
    said = {
        p.id: make_statement(engine, p, text="I'd like to talk about college.")
        for p in (world.yp1, world.yp2, world.yp3, world.south_yp)
    }
    for person in (world.yp1, world.yp2, world.yp3, world.south_yp):  # shared: staff reach them
        make_passport(engine, person, shared_with_pa=True, gp_name="Riverside Surgery")
    task = {p.id: make_task(engine, p) for p in (world.yp1, world.yp2, world.yp3, world.south_yp)}
    nudge = {
        p.id: make_reminder(engine, p) for p in (world.yp1, world.yp2, world.yp3, world.south_yp)
    }
    yp2, pa2, pa3 = as_person(world.yp2), as_person(world.pa2), as_person(world.pa3)
    south_admin, south_yp = as_person(world.south_admin), as_person(world.south_yp)
    north_admin, pa1 = as_person(world.north_admin), as_person(world.pa1)
    yp1, yp3 = as_person(world.yp1), as_person(world.yp3)
    north, south = content_ids(engine, world.north.id), content_ids(engine, world.south.id)
    return [
        Scenario(
            "young person -> another young person's records",
            yp1,
            {
                "young_person_id": world.yp2.id,
                "session_id": yp2.session_id,
                "staff_id": world.pa1.id,
                "passkey_id": key[world.yp2.id],
                **north,
                "statement_id": said[world.yp2.id],
                "my_statement_id": said[world.yp2.id],
                "task_id": task[world.yp2.id],
                "reminder_id": nudge[world.yp2.id],
            },
            {
                "young_person_id": pa2,
                "session_id": yp2,
                "staff_id": north_admin,
                "passkey_id": yp2,
                **editors(north_admin),
                "statement_id": pa2,
                "task_id": pa2,
                "reminder_id": yp2,
                "my_statement_id": yp2,
            },
        ),
        Scenario(
            "PA -> a young person outside their caseload",
            as_person(world.pa1),
            {
                "young_person_id": world.yp2.id,
                "session_id": pa2.session_id,
                "staff_id": world.pa2.id,
                "passkey_id": key[world.yp2.id],
                **north,
                "statement_id": said[world.yp2.id],
                "my_statement_id": said[world.yp2.id],
                "task_id": task[world.yp2.id],
                "reminder_id": nudge[world.yp2.id],
            },
            {
                "young_person_id": pa2,
                "session_id": pa2,
                "staff_id": north_admin,
                "passkey_id": yp2,
                **editors(north_admin),
                "statement_id": pa2,
                "task_id": pa2,
                "reminder_id": yp2,
                "my_statement_id": yp2,
            },
        ),
        Scenario(
            "manager -> a young person in another team",
            as_person(world.manager_a),
            {
                "young_person_id": world.yp3.id,
                "session_id": pa3.session_id,
                "staff_id": world.pa3.id,
                "passkey_id": key[world.yp1.id],
                **north,
                "statement_id": said[world.yp3.id],
                "my_statement_id": said[world.yp3.id],
                "task_id": task[world.yp3.id],
                "reminder_id": nudge[world.yp3.id],
            },
            {
                "young_person_id": pa3,
                "session_id": pa3,
                "staff_id": north_admin,
                "passkey_id": yp1,
                **editors(north_admin),
                "statement_id": pa3,
                "task_id": pa3,
                "reminder_id": yp3,
                "my_statement_id": yp3,
            },
        ),
        Scenario(
            "content editor -> any young person, and another council's content",
            as_person(world.editor),
            {
                "young_person_id": world.yp1.id,
                "session_id": yp1.session_id,
                "staff_id": world.pa1.id,
                "passkey_id": key[world.yp1.id],
                **south,
                "statement_id": said[world.yp1.id],
                "my_statement_id": said[world.yp1.id],
                "task_id": task[world.yp1.id],
                "reminder_id": nudge[world.yp1.id],
            },
            {
                "young_person_id": pa1,
                "session_id": yp1,
                "staff_id": north_admin,
                "passkey_id": yp1,
                **editors(south_admin),
                "statement_id": pa1,
                "task_id": pa1,
                "reminder_id": yp1,
                "my_statement_id": yp1,
            },
        ),
        Scenario(
            "admin -> another council's records",
            north_admin,
            {
                "young_person_id": world.south_yp.id,
                "session_id": south_admin.session_id,
                "staff_id": world.south_pa.id,
                "passkey_id": key[world.south_yp.id],
                **south,
                "statement_id": said[world.south_yp.id],
                "my_statement_id": said[world.south_yp.id],
                "task_id": task[world.south_yp.id],
                "reminder_id": nudge[world.south_yp.id],
            },
            {
                "young_person_id": south_admin,
                "session_id": south_admin,
                "staff_id": south_admin,
                "passkey_id": south_yp,
                **editors(south_admin),
                "statement_id": south_admin,
                "task_id": south_admin,
                "reminder_id": south_yp,
                "my_statement_id": south_yp,
            },
        ),
        Scenario(
            "young person -> another council's young person with the same username",
            yp1,
            {
                "young_person_id": world.south_yp.id,
                "session_id": south_yp.session_id,
                "staff_id": world.south_admin.id,
                "passkey_id": key[world.south_yp.id],
                **south,
                "statement_id": said[world.south_yp.id],
                "my_statement_id": said[world.south_yp.id],
                "task_id": task[world.south_yp.id],
                "reminder_id": nudge[world.south_yp.id],
            },
            {
                "young_person_id": south_admin,
                "session_id": south_yp,
                "staff_id": south_admin,
                "passkey_id": south_yp,
                **editors(south_admin),
                "statement_id": south_admin,
                "task_id": south_admin,
                "reminder_id": south_yp,
                "my_statement_id": south_yp,
            },
        ),
    ]


def call(client: SignedIn, method: str, url: str) -> Any:
    body = {"json": {}} if method in UNSAFE else {}
    return client.client.request(method.upper(), url, **body)


def without_request_id(response: Any) -> dict[str, Any]:
    return {k: v for k, v in response.json().items() if k != "request_id"}


def test_the_matrix_covers_the_routes_that_take_ids(app: FastAPI) -> None:
    routes = {(m, p) for m, p, _ in id_routes(app)}
    assert ("get", "/api/v1/young-people/{young_person_id}") in routes
    assert ("patch", "/api/v1/young-people/{young_person_id}") in routes
    assert ("delete", "/api/v1/auth/sessions/{session_id}") in routes
    assert ("get", "/api/v1/staff/{staff_id}") in routes
    assert ("put", "/api/v1/editor/offer/{item_id}/draft") in routes
    assert ("post", "/api/v1/editor/pledge/promises/{promise_id}/publish") in routes
    for method in ("get", "patch"):
        assert (method, "/api/v1/statements/{statement_id}") in routes
    for action in ("acknowledge", "replies", "notes"):
        assert ("post", f"/api/v1/statements/{{statement_id}}/{action}") in routes
    for part in ("", "/history", "/sharing"):
        assert ("get", f"/api/v1/young-people/{{young_person_id}}/passport{part}") in routes
    assert ("post", "/api/v1/young-people/{young_person_id}/passport/health-assessments") in routes
    assert ("get", "/api/v1/young-people/{young_person_id}/plan") in routes
    assert ("post", "/api/v1/young-people/{young_person_id}/plan/tasks/{task_id}/edits") in routes
    # The case-record exports (the young person's own record is refused too: a 404).
    assert ("get", "/api/v1/statements/{statement_id}/export") in routes
    assert ("post", "/api/v1/statements/{statement_id}/copied-to-case-record") in routes
    for part in ("statements/export", "plan/export"):
        assert ("get", f"/api/v1/young-people/{{young_person_id}}/{part}") in routes
    assert len(routes) >= 37


def test_every_id_route_answers_404_to_people_who_must_not_reach_the_record(
    app: FastAPI, scenarios: list[Scenario], engine: Engine
) -> None:
    checked = 0
    for method, path, ids in id_routes(app):
        for scenario in scenarios:
            missing = [name for name in ids if name not in scenario.victims]
            assert not missing, f"{method} {path}: name victims for {missing} in this test"
            url = path.format(**{name: scenario.victims[name] for name in ids})
            nowhere = path.format(**{name: uuid.uuid4() for name in ids})

            response = call(scenario.caller, method, url)
            absent = call(scenario.caller, method, nowhere)

            where = f"{scenario.name}: {method.upper()} {path}"
            assert response.status_code == 404, f"{where} answered {response.status_code}"
            assert without_request_id(response) == without_request_id(absent), where
            if method == "get":  # the record is real: the right person reaches it
                owner = scenario.owners[ids[-1]]
                reached = call(owner, method, url)
                assert reached.status_code == 200, f"{where}: owner got {reached.status_code}"
            checked += 1
    assert checked >= 6 * 9
    with Session(engine) as session:
        refused = session.exec(
            select(AuditEvent).where(AuditEvent.action == "not_found_or_not_allowed")
        ).all()
    assert len(refused) >= checked  # each refusal is in the audit trail


# A change to every part of a record that may be corrected (issue 11).
REFUSED_CHANGE = {
    "preferred_name": "Changed",
    "active": False,
    "date_of_birth": "2009-01-01",
    "legal_status": "qualifying",
    "key_dates": [{"kind": "pathway_plan_review", "date": "2030-01-01"}],
    "case_reference": "STOLEN-1",
}


def test_records_are_untouched_after_the_refused_changes(
    app: FastAPI,
    scenarios: list[Scenario],
    world: World,
    as_person: Callable[..., SignedIn],
    engine: Engine,
) -> None:
    for scenario in scenarios:
        for method, path, ids in id_routes(app):
            if method in UNSAFE:
                url = path.format(**{name: scenario.victims[name] for name in ids})
                scenario.caller.client.request(method.upper(), url, json=REFUSED_CHANGE)
    admin = as_person(world.north_admin).client
    people = admin.get("/api/v1/young-people").json()["young_people"]
    assert {p["preferred_name"] for p in people} == {"Jordan", "Kai", "Lou"}
    assert {(p["legal_status"], p["age"], p["next_key_date"]) for p in people} == {
        ("former_relevant", people[0]["age"], None)
    }
    with Session(engine) as session:  # nobody's passkey was removed by someone else
        assert len(session.exec(select(Passkey)).all()) == 3
    for scenario in scenarios:  # nobody was signed out by someone else
        for name, owner in scenario.owners.items():
            if name == "session_id":
                assert owner.client.get("/api/v1/auth/me").status_code == 200, scenario.name


def test_every_id_route_names_the_path_parameter_when_the_id_is_not_a_uuid(
    app: FastAPI, world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin)
    for method, path, ids in id_routes(app):
        url = path.format(**dict.fromkeys(ids, "not-a-uuid"))

        response = call(admin, method, url)

        assert response.status_code == 422, f"{method} {path}"
        assert {f"path.{name}" for name in ids} <= {
            f["field"] for f in response.json()["error"]["fields"]
        }, f"{method} {path}"


def test_every_id_route_needs_a_session(app: FastAPI, world: World) -> None:
    from fastapi.testclient import TestClient

    for method, path, ids in id_routes(app):
        url = path.format(**dict.fromkeys(ids, world.yp1.id))
        response = TestClient(app).request(method.upper(), url)
        assert response.status_code == 401, f"{method} {path}"


# --- ids chosen by the sender -----------------------------------------------------------------
# Phones and browsers make the ids of what they create. An id is unique within its council
# (decision 012), so an id another council already uses must be taken exactly like a fresh
# one: answering "already used" would tell the sender that the record exists.


@dataclass
class Side:
    """One council's people in these cases: a PA, their young person, one of that young
    person's tasks, and the council's pledge promise."""

    pa: SignedIn
    young: SignedIn
    young_person_id: uuid.UUID
    task_id: uuid.UUID
    council: str
    promise: str


# Sends the n-th variant of a record as `side`, under the given client-made id.
Send = Callable[[Side, uuid.UUID, int], Any]


def _day(n: int) -> str:
    return f"2027-01-{n:02d}"


def _phone(kind: str, body: dict[str, Any]) -> Send:
    def send(side: Side, client_id: uuid.UUID, n: int) -> Any:
        item = {"id": str(client_id), "kind": kind, "created_at": "2026-11-20T10:00:00+00:00"}
        shaped = {k: v(side, n) if callable(v) else v for k, v in body.items()}
        return side.young.client.post(PUSH, json={"items": [item | {"body": shaped}]})

    return send


def _staff(path: str, body: Callable[[uuid.UUID, int], dict[str, Any]]) -> Send:
    def send(side: Side, client_id: uuid.UUID, n: int) -> Any:
        url = "/api/v1/young-people/" + path.format(yp=side.young_person_id, task=side.task_id)
        return side.pa.client.post(url, json=body(client_id, n))

    return send


CLIENT_ID_CASES: dict[str, tuple[Send, Any, str]] = {
    # name: (send, the model storing it, its id column)
    "POST plan/tasks": (
        _staff(
            "{yp}/plan/tasks",
            lambda i, n: {"id": str(i), "title": f"Task {n}", "domain": "money", "owner": "pa"},
        ),
        PlanTask,
        "id",
    ),
    "POST plan/edits": (
        _staff(
            "{yp}/plan/edits",
            lambda i, n: {"op_id": str(i), "base_version": 0, "set": {"review_due": _day(n)}},
        ),
        FieldEdit,
        "op_id",
    ),
    "POST plan/tasks/{task_id}/edits": (
        _staff(
            "{yp}/plan/tasks/{task}/edits",
            lambda i, n: {"op_id": str(i), "base_version": 1, "set": {"due_on": _day(n)}},
        ),
        FieldEdit,
        "op_id",
    ),
    "POST plan/tasks/{task_id}/notes": (
        _staff("{yp}/plan/tasks/{task}/notes", lambda i, n: {"id": str(i), "text": f"Note {n}"}),
        TaskNote,
        "id",
    ),
    "POST passport/health-assessments": (
        _staff("{yp}/passport/health-assessments", lambda i, n: {"op_id": str(i), "next": _day(n)}),
        FieldEdit,
        "op_id",
    ),
    "push statement": (
        _phone(
            "statement",
            {
                "type": "good_news",
                "recipient": "pa",
                "urgent": False,
                "answers": lambda _s, n: {"text": f"Good news {n}"},
            },
        ),
        Statement,
        "id",
    ),
    "push pledge_answer": (
        _phone(
            "pledge_answer",
            {
                "council": lambda s, _n: s.council,
                "promise": lambda s, _n: s.promise,
                "answer": "yes",
                "comment": lambda _s, n: f"Answer {n}",
                "respondent": "0b6e6c0a-5f0e-4a55-9d53-1d1f8f6f0a11",
            },
        ),
        PledgeAnswer,
        "id",
    ),
    "push task_create": (
        _phone("task_create", {"title": lambda _s, n: f"My task {n}", "domain": "money"}),
        PlanTask,
        "id",
    ),
    "push task_edit": (
        _phone(
            "task_edit",
            {
                "task_id": lambda s, _n: str(s.task_id),
                "base_version": 1,
                "set": lambda _s, n: {"title": f"Renamed {n}"},
            },
        ),
        FieldEdit,
        "op_id",
    ),
    "push task_note": (
        _phone(
            "task_note",
            {"task_id": lambda s, _n: str(s.task_id), "text": lambda _s, n: f"My note {n}"},
        ),
        TaskNote,
        "id",
    ),
    "push passport_edit": (
        _phone("passport_edit", {"base_version": 0, "set": lambda _s, n: {"gp_name": f"GP {n}"}}),
        FieldEdit,
        "op_id",
    ),
}


def shape(value: Any) -> Any:
    """What a response looks like without its values: its keys and list lengths."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items() if key != "request_id"}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return "value"


def answer(response: Any) -> tuple[int, Any, list[str]]:
    """Status, shape, and for a push the items' statuses."""
    body = response.json()
    items = [result["status"] for result in body.get("results", [])] if "results" in body else []
    return response.status_code, shape(body), items


@pytest.mark.parametrize("case", list(CLIENT_ID_CASES))
def test_an_id_another_council_uses_is_taken_like_a_fresh_id(
    case: str, world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    send, model, id_column = CLIENT_ID_CASES[case]
    north, south = (
        Side(as_person(pa), as_person(yp), yp.id, make_task(engine, yp), slug, promise)
        for pa, yp, slug, promise in (
            (world.pa1, world.yp1, "northdale", "listen"),
            (world.south_pa, world.south_yp, "southmere", "southmere-listen"),
        )
    )
    theirs, fresh = uuid.uuid4(), uuid.uuid4()
    first = answer(send(south, theirs, 1))
    assert first[0] in (200, 201), first
    assert set(first[2]) <= {"accepted"}, first

    reused = answer(send(north, theirs, 2))
    made_up = answer(send(north, fresh, 3))
    reused_again = answer(send(north, theirs, 2))
    made_up_again = answer(send(north, fresh, 3))

    assert reused == made_up, case  # same status, same body shape, same item status
    assert set(reused[2]) <= {"accepted"}, case
    assert reused_again == made_up_again, case  # a resend is still exactly once
    assert set(reused_again[2]) <= {"duplicate"}, case
    with Session(engine) as session:  # two records, one in each council
        holders = session.exec(
            select(model.tenant_id).where(getattr(model, id_column) == theirs)
        ).all()
    assert sorted(map(str, holders)) == sorted(map(str, [world.north.id, world.south.id])), case


def test_every_route_that_takes_a_client_made_id_is_in_the_cases(app: FastAPI) -> None:
    """A new route whose body carries a client-made `id` or `op_id` must join the cases."""
    schemas = app.openapi()["components"]["schemas"]
    takers = set()
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            ref = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
                .get("$ref", "")
            )
            fields = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            if (
                method == "post"
                and path.startswith("/api/v1/young-people/")
                and ("op_id" in fields or "id" in fields)
            ):
                takers.add("POST " + path.split("/{young_person_id}/", 1)[1])
    assert takers == {name for name in CLIENT_ID_CASES if name.startswith("POST ")}


# --- routes to the caller's own things, with no id in the path -------------------------------
# A young person's PA's photo and a staff member's own profile are found from the session, so
# nobody can name someone else's. What must hold: each answers only with the caller's own,
# and anyone else (staff of any council for the photo, young people for the profile) gets 404.

MY_PA_PHOTO = "/api/v1/my-pa/photo"
STAFF_OWN = [
    ("get", "/api/v1/staff/me/profile"),
    ("put", "/api/v1/staff/me/profile"),
    ("get", "/api/v1/staff/me/photo"),
    ("put", "/api/v1/staff/me/photo"),
    ("delete", "/api/v1/staff/me/photo"),
]


def test_routes_to_your_own_things_answer_only_with_yours(
    app: FastAPI, world: World, as_person: Callable[..., SignedIn]
) -> None:
    from tests.accounts.test_staff_profile import encoded, photo_bytes

    paths = app.openapi()["paths"]
    assert all(method in paths[path] for method, path in [("get", MY_PA_PHOTO), *STAFF_OWN])
    pairs = [(world.yp1, world.pa1), (world.yp2, world.pa2), (world.yp3, world.pa3)]
    pairs.append((world.south_yp, world.south_pa))
    version = {}
    for colour, (_, pa) in zip(("red", "green", "blue", "white"), pairs, strict=True):
        client = as_person(pa).client
        saved = client.put("/api/v1/staff/me/photo", json=encoded(photo_bytes(colour=colour)))
        version[pa.id] = saved.json()["photo_version"]
        own = client.get("/api/v1/staff/me/photo")  # each PA sees their own
        assert own.headers["etag"] == f'"{version[pa.id]}"'
    assert len(set(version.values())) == 4

    for young, pa in pairs:  # each young person gets their own PA's photo, and no other
        photo = as_person(young).client.get(MY_PA_PHOTO)
        assert photo.headers["etag"] == f'"{version[pa.id]}"', young.preferred_name
    staff = [world.pa1, world.manager_a, world.north_admin, world.south_pa, world.south_admin]
    for person in staff:
        refused = as_person(person).client.get(MY_PA_PHOTO)
        assert refused.status_code == 404, person.display_name
    for method, path in STAFF_OWN:
        refused = call(as_person(world.yp1), method, path)
        assert refused.status_code == 404, f"young person: {method.upper()} {path}"


def test_routes_to_your_own_things_need_a_session(app: FastAPI) -> None:
    from fastapi.testclient import TestClient

    for method, path in [("get", MY_PA_PHOTO), *STAFF_OWN]:
        response = TestClient(app).request(method.upper(), path)
        assert response.status_code == 401, f"{method} {path}"
