"""Null in a change is a 422 naming the field; an error nobody expected is a 500 that logs
its type and the request id only (never a row's values, a driver's message or a traceback);
and every response, errors included, carries the same security headers."""

import io
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from harbour.accounts import service as accounts
from harbour.accounts.models import StaffMember
from harbour.app import create_app
from harbour.cli import commands
from harbour.config import Settings
from harbour.credentials import hash_secret
from harbour.web import SECURITY_HEADERS
from tests.people import SignedIn, World, make_statement

STAFF = "/api/v1/staff/{staff_id}"
YOUNG_PERSON = "/api/v1/young-people/{young_person_id}"
STATEMENT = "/api/v1/statements/{statement_id}"

# Every PATCH route's body: the fields that may be null (they clear something), and the
# fields that may not (their columns are NOT NULL). A new field must be put in one of them.
NULLABLE = {
    STAFF: {"team_id"},
    YOUNG_PERSON: {
        "key_dates",
        "full_name",
        "case_reference",
        "contact_phone",
        "placement_type",
        "placement_out_of_area",
        "preferred_language",
        "legal_status_changed_on",
    },
    STATEMENT: {"assigned_staff_id"},
}
NOT_NULL = {
    STAFF: {"display_name", "role", "active"},
    YOUNG_PERSON: {
        "preferred_name",
        "date_of_birth",
        "legal_status",
        "allocated_pa_id",
        "active",
        "unaccompanied_asylum_seeking",
        "interpreter_needed",
    },
    STATEMENT: {"status"},
}

# What a PostgreSQL NOT NULL violation says about a staff member's row.
PASSPHRASE_HASH = hash_secret("a passphrase nobody may read")
TOTP_COLUMN = "gAAAAABtotpcolumnvalue0123456789"


def patch_bodies(app: FastAPI) -> dict[str, set[str]]:
    """Each PATCH route's path and the fields its body takes, from the OpenAPI document."""
    document = app.openapi()
    found = {}
    for path, operations in document["paths"].items():
        if "patch" in operations:
            body = operations["patch"]["requestBody"]["content"]["application/json"]["schema"]
            schema = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
            found[path] = set(schema["properties"])
    return found


def test_every_patch_field_is_either_nullable_or_refuses_null(app: FastAPI) -> None:
    assert patch_bodies(app) == {path: NULLABLE[path] | NOT_NULL[path] for path in NOT_NULL}


def patch_url(path: str, world: World, engine: Engine) -> str:
    ids = {
        STAFF: lambda: world.pa1.id,
        YOUNG_PERSON: lambda: world.yp1.id,
        STATEMENT: lambda: make_statement(engine, world.yp1),
    }
    return path.split("{")[0] + str(ids[path]())


@pytest.mark.parametrize(
    ("path", "field"), [(path, field) for path, fields in NOT_NULL.items() for field in fields]
)
def test_null_for_a_field_that_cannot_be_empty_is_a_422_naming_it(
    world: World,
    engine: Engine,
    as_person: Callable[..., SignedIn],
    path: str,
    field: str,
) -> None:
    admin = as_person(world.north_admin).client
    url = patch_url(path, world, engine)
    before = admin.get(url).json()

    response = admin.patch(url, json={field: None})

    assert response.status_code == 422, response.text
    assert [f["field"] for f in response.json()["error"]["fields"]] == [f"body.{field}"]
    assert admin.get(url).json() == before


def test_null_still_clears_a_staff_members_team(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin).client

    response = admin.patch(f"/api/v1/staff/{world.pa1.id}", json={"team_id": None})

    assert response.status_code == 200
    assert response.json()["team_id"] is None


# --- an error nobody expected -------------------------------------------------------------


@pytest.fixture
def staff_with_secrets(engine: Engine, world: World) -> StaffMember:
    """A local staff member whose row holds a passphrase hash and a TOTP secret."""
    with Session(engine) as session:
        staff = StaffMember(
            tenant_id=world.north.id,
            display_name="Quentin Rowvalue",
            role="personal_adviser",
            username="quentin.rowvalue",
            passphrase_hash=PASSPHRASE_HASH,
            totp_secret=TOTP_COLUMN,
        )
        session.add(staff)
        session.commit()
        session.refresh(staff)
        session.expunge(staff)
        return staff


ROW_VALUES = (PASSPHRASE_HASH[:40], TOTP_COLUMN, "Quentin", "Rowvalue", "quentin.rowvalue")


def logged_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Everything printed: Harbour's log (stdout) and anything on stderr."""
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


def assert_logged_type_and_request_id_only(
    lines: list[str], error_type: str, request_id: str
) -> None:
    for value in (*ROW_VALUES, "Failing row", "Traceback", "UPDATE staff_member"):
        assert not [line for line in lines if value in line], value
    errors = [json.loads(line) for line in lines if '"unhandled_error"' in line]
    assert errors == [
        {
            "event": "unhandled_error",
            "error_type": error_type,
            "request_id": request_id,
            "level": "error",
            "timestamp": errors[0]["timestamp"],
        }
    ]


PatchQuentin = Callable[[Callable[..., None], dict[str, Any]], Response]


@pytest.fixture
def patch_quentin_with(
    client: TestClient,
    world: World,
    staff_with_secrets: StaffMember,
    as_person: Callable[..., SignedIn],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> PatchQuentin:
    """`patch_quentin_with(update_staff, body)`: the admin's PATCH of Quentin, with the service
    call replaced; what was logged before the request is dropped."""
    admin = as_person(world.north_admin).client

    def patch(update_staff: Callable[..., None], body: dict[str, Any]) -> Response:
        monkeypatch.setattr(accounts, "update_staff", update_staff)
        capsys.readouterr()
        return admin.patch(f"/api/v1/staff/{staff_with_secrets.id}", json=body)

    return patch


def test_a_driver_error_carrying_row_values_is_a_500_that_logs_its_type_only(
    patch_quentin_with: PatchQuentin, capsys: pytest.CaptureFixture[str]
) -> None:
    detail = f"Failing row contains ({PASSPHRASE_HASH}, {TOTP_COLUMN}, Quentin Rowvalue)."

    def fails(*_args: Any) -> None:
        raise OperationalError(
            "UPDATE staff_member SET ...", {"h": PASSPHRASE_HASH}, Exception(detail)
        )

    response = patch_quentin_with(fails, {"role": "team_manager"})

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "Quentin" not in response.text
    assert_logged_type_and_request_id_only(
        logged_lines(capsys), "OperationalError", response.headers["x-request-id"]
    )


def test_a_real_not_null_violation_logs_no_row_values(
    patch_quentin_with: PatchQuentin, capsys: pytest.CaptureFixture[str], engine: Engine
) -> None:
    """What `{"active": null}` did before StaffUpdate refused it: the database refuses the
    row, and PostgreSQL's message shows every column of it."""
    raised: list[IntegrityError] = []

    def writes_null(session: Session, _council: Any, staff: StaffMember, *_args: Any) -> None:
        staff.active = None  # type: ignore[assignment]
        session.add(staff)
        try:
            session.commit()
        except IntegrityError as error:
            raised.append(error)
            raise

    response = patch_quentin_with(writes_null, {"active": False})

    assert response.status_code == 500
    if engine.dialect.name == "postgresql":  # the driver's message does carry the row
        assert TOTP_COLUMN in str(raised[0])
        assert PASSPHRASE_HASH[:40] in str(raised[0])  # PostgreSQL cuts long values short
    assert_logged_type_and_request_id_only(
        logged_lines(capsys), "IntegrityError", response.headers["x-request-id"]
    )


@pytest.fixture
def uvicorn_logging() -> Iterator[None]:
    """Uvicorn's loggers set up as `harbour serve` sets them up, put back afterwards."""
    names = ("uvicorn", "uvicorn.error", "uvicorn.access")
    saved = [
        (logging.getLogger(n), logging.getLogger(n).handlers[:], logging.getLogger(n).level)
        for n in names
    ]
    yield
    for logger, handlers, level in saved:
        logger.handlers[:] = handlers
        logger.setLevel(level)


def test_the_servers_error_log_prints_no_traceback_or_driver_message(
    settings: Settings,
    engine: Engine,
    uvicorn_logging: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Should an exception ever get past harbour.kernel.errors.UnhandledErrors, uvicorn logs it
    with its traceback; and asyncio logs a failed background task with its repr."""
    app = create_app(settings, engine)
    uvicorn.Config(app, **commands.SERVER_OPTIONS)  # configures uvicorn's logging, as serve does
    printed = io.StringIO()
    logging.getLogger("uvicorn").handlers[0].setStream(printed)  # type: ignore[attr-defined]
    error = IntegrityError(
        "UPDATE staff_member", {}, Exception(f"Failing row contains ({PASSPHRASE_HASH})")
    )

    logging.getLogger("uvicorn.error").error("Exception in ASGI application\n", exc_info=error)
    logging.getLogger("asyncio").error(
        f"Task exception was never retrieved\nfuture: <Task exception={error!r}>",
        exc_info=error,
    )

    assert printed.getvalue() == "ERROR:    Exception in ASGI application (IntegrityError)\n"
    assert caplog.messages == ["Task exception was never retrieved (IntegrityError)"]
    assert PASSPHRASE_HASH not in caplog.text


def test_a_log_exception_call_logs_the_type_only(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    import structlog

    try:
        raise OperationalError("SELECT", {}, Exception(f"Failing row contains ({TOTP_COLUMN})"))
    except OperationalError:
        structlog.get_logger("harbour.test").exception("something_failed")

    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert line["event"] == "something_failed"
    assert line["error_type"] == "OperationalError"
    assert TOTP_COLUMN not in json.dumps(line)
    assert "exc_info" not in line


# --- the same headers on every response ---------------------------------------------------


def error_responses(
    client: TestClient, world: World, as_person: Callable[..., SignedIn]
) -> list[tuple[int, Any]]:
    admin = as_person(world.north_admin).client
    no_csrf = as_person(world.pa1).client
    no_csrf.headers.pop("X-CSRF-Token")
    return [
        (200, client.get("/healthz")),
        (
            400,
            admin.post(
                "/api/v1/teams", content=b"{not", headers={"content-type": "application/json"}
            ),
        ),
        (401, client.get("/api/v1/auth/me")),
        (403, no_csrf.post("/api/v1/teams", json={"name": "Team X"})),
        (404, client.get("/api/v1/nothing-here")),
        (404, admin.get(f"/api/v1/staff/{uuid.uuid4()}")),
        (405, client.delete("/api/v1/councils")),
        (409, admin.post("/api/v1/teams", json={"name": "Team A"})),
        (422, admin.patch(f"/api/v1/staff/{world.pa1.id}", json={"active": None})),
    ]


def test_every_response_errors_included_carries_the_security_headers_and_a_request_id(
    client: TestClient,
    world: World,
    as_person: Callable[..., SignedIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    responses = error_responses(client, world, as_person)
    monkeypatch.setattr(accounts, "list_teams", lambda *_: 1 / 0)
    responses.append((500, as_person(world.pa1).client.get("/api/v1/teams")))

    for status, response in responses:
        assert response.status_code == status, response.text
        assert {k: response.headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, status
        assert response.headers["x-request-id"], status
        assert response.headers["content-type"] == "application/json", status
