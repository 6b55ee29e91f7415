"""The OpenAPI document lists every status each route can answer. The routes are found by
walking the app (a new route is checked with no change here); what each one does is read
from its code (does it need a session, take an id, a body or a query?) and then tried: signed
out (401), a change without the CSRF token (403), a made-up id (404) and input that is not
valid (422), as a young person, their PA, an admin and nobody signed in. Every answer must
be a status the document lists for that operation. The fuzz run
(test_openapi_schemathesis.py) covers the statuses found only with valid input."""

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from harbour.access.session import UNSAFE_METHODS, current_caller
from tests.people import SignedIn, World, records_in_paths


@dataclass(frozen=True)
class Operation:
    method: str
    route: RouteContext  # an APIRoute's
    documented: frozenset[int]
    parameters: dict[str, dict[str, Any]]  # name -> its OpenAPI description, path and query

    @property
    def label(self) -> str:
        return f"{self.method} {self.route.path_format}"

    @property
    def needs_sign_in(self) -> bool:
        return any(dependant.call is current_caller for dependant in _tree(self.route.dependant))

    @property
    def is_change(self) -> bool:
        return self.method in UNSAFE_METHODS

    def named(self, where: str) -> list[str]:
        return [name for name, p in self.parameters.items() if p["in"] == where]

    @property
    def takes_body(self) -> bool:
        return self.route.body_field is not None

    def made_up_path(self) -> str:
        return self.route.path_format.format(
            **{name: made_up(self.parameters[name]) for name in self.named("path")}
        )


def _tree(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _tree(sub)


def operations(app: FastAPI) -> list[Operation]:
    """Every operation the app serves under its OpenAPI document."""
    document = app.openapi()["paths"]
    found = []
    # Each route as the app serves it, with its router's prefix and dependencies.
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in sorted(route.methods):
            described = document[route.path_format][method.lower()]
            found.append(
                Operation(
                    method,
                    route,
                    frozenset(int(status) for status in described["responses"]),
                    {p["name"]: p for p in described.get("parameters", [])},
                )
            )
    return found


def made_up(parameter: dict[str, Any]) -> str:
    """A well-formed value that names nothing: a fresh uuid, or a word every slug, date key
    and token pattern allows."""
    if parameter["schema"].get("format") == "uuid":
        return str(uuid.uuid4())
    return "made-up"


def not_valid(schema: dict[str, Any]) -> str | None:
    """A query value this parameter's schema refuses, or None if it takes any text."""
    for choice in schema.get("anyOf", []):
        if choice.get("type") != "null" and (value := not_valid(choice)):
            return value
    if "enum" in schema or schema.get("type") in ("integer", "number", "boolean"):
        return "not-valid"
    if schema.get("format") in ("uuid", "date", "date-time"):
        return "not-valid"
    if "maxLength" in schema:
        return "x" * (schema["maxLength"] + 1)
    if "pattern" in schema and not re.search(schema["pattern"], "not valid!"):
        return "not valid!"
    return None


@dataclass
class Callers:
    """Everyone who calls each operation: nobody, a young person, their PA and an admin."""

    signed_out: TestClient
    signed_in: dict[str, SignedIn]
    ids: dict[str, str]  # a record that exists for each kind of id in paths

    def all(self) -> dict[str, TestClient]:
        return {"signed out": self.signed_out} | {
            name: person.client for name, person in self.signed_in.items()
        }

    def known_path(self, operation: Operation, caller: str) -> str:
        """The operation's path naming records that exist (the caller's own session)."""
        own = self.signed_in.get(caller)
        ids = self.ids | ({"session_id": str(own.session_id)} if own else {})
        return operation.route.path_format.format(
            **{
                name: ids.get(name) or made_up(operation.parameters[name])
                for name in operation.named("path")
            }
        )


@pytest.fixture
def callers(
    engine: Engine, world: World, app: FastAPI, as_person: Callable[..., SignedIn]
) -> Callers:
    people = {"young person": world.yp1, "PA": world.pa1, "admin": world.north_admin}
    return Callers(
        TestClient(app),
        {name: as_person(person) for name, person in people.items()},
        records_in_paths(engine, world),
    )


def undocumented(operation: Operation, status: int, who: str) -> list[str]:
    if status in operation.documented:
        return []
    return [f"{operation.label}: {who} got {status}, which is not documented"]


def test_every_status_the_routes_code_can_answer_is_documented(app: FastAPI) -> None:
    """From the code alone: a session means 401, a change with one 403 (CSRF), an id in the
    path 404, and a body, a query or a path parameter 422."""
    missing = []
    for operation in operations(app):
        needed = {
            401: operation.needs_sign_in,
            403: operation.needs_sign_in and operation.is_change,
            404: bool(operation.named("path")),
            422: bool(operation.takes_body or operation.parameters),
        }
        missing += [
            f"{operation.label} does not document {status}"
            for status, applies in needed.items()
            if applies and status not in operation.documented
        ]
    assert not missing, "\n".join(missing)


def test_signed_out_answers_401_where_a_session_is_needed(app: FastAPI, callers: Callers) -> None:
    problems = []
    for operation in operations(app):
        if not operation.needs_sign_in:
            continue
        response = callers.signed_out.request(operation.method, operation.made_up_path())
        if response.status_code != 401:
            problems.append(f"{operation.label}: signed out got {response.status_code}")
        problems += undocumented(operation, response.status_code, "signed out")
    assert not problems, "\n".join(problems)


def test_a_change_without_the_csrf_token_answers_403(app: FastAPI, callers: Callers) -> None:
    problems = []
    for operation in operations(app):
        if not (operation.needs_sign_in and operation.is_change):
            continue
        for who, person in callers.signed_in.items():
            url = callers.known_path(operation, who)
            response = person.client.request(operation.method, url, headers={"X-CSRF-Token": ""})
            if response.status_code != 403:
                problems.append(f"{operation.label}: {who} got {response.status_code}")
            problems += undocumented(operation, response.status_code, who)
    assert not problems, "\n".join(problems)


def test_a_made_up_id_answers_404(app: FastAPI, callers: Callers) -> None:
    """Whoever calls: every answer is documented, and for whoever may use the route (and
    for nobody on a public one) a made-up id is a 404."""
    problems = []
    for operation in operations(app):
        if not operation.named("path"):
            continue
        url = operation.made_up_path()
        answers = {}
        for who, client in callers.all().items():
            answers[who] = client.request(operation.method, url).status_code
            problems += undocumented(operation, answers[who], who)
        if 404 not in answers.values():
            problems.append(f"{operation.label}: no caller got 404, but {answers}")
    assert not problems, "\n".join(problems)


def test_input_that_is_not_valid_answers_422(app: FastAPI, callers: Callers) -> None:
    """With ids that exist, so the route gets as far as reading its input: a body that is
    not an object (every body here is one), or a query value its schema refuses."""
    problems = []
    for operation in operations(app):
        query = {
            name: value
            for name in operation.named("query")
            if (value := not_valid(operation.parameters[name]["schema"])) is not None
        }
        if not (operation.takes_body or query):
            continue
        answers = {}
        for who, client in callers.all().items():
            url = callers.known_path(operation, who)
            body = ["not", "an", "object"] if operation.takes_body else None
            response = client.request(operation.method, url, params=query, json=body)
            answers[who] = response.status_code
            problems += undocumented(operation, answers[who], who)
        if 422 not in answers.values():
            problems.append(f"{operation.label}: no caller got 422, but {answers}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/tasks", {"title": "Open a bank account", "domain": "money", "owner": "young_person"}),
        ("/tasks/{task_id}/notes", {"text": "Bring your passport."}),
    ],
)
def test_the_same_task_or_note_sent_again_answers_200_as_documented(
    app: FastAPI, callers: Callers, path: str, body: dict[str, str]
) -> None:
    """A page that lost the first answer sends again: 201, then 200 with what was stored."""
    label = "POST /api/v1/young-people/{young_person_id}/plan" + path
    operation = next(op for op in operations(app) if op.label == label)
    url = callers.known_path(operation, "PA")
    sent = body | {"id": str(uuid.uuid4())}
    first = callers.signed_in["PA"].client.post(url, json=sent)
    again = callers.signed_in["PA"].client.post(url, json=sent)
    assert (first.status_code, again.status_code) == (201, 200), again.text
    assert again.json() == first.json()
    assert {201, 200} <= operation.documented
