"""Staff: the first admin from the command line, local sign-in with passphrase and TOTP,
staff accounts made by an admin, teams, and what only admins may do."""

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour import cli
from harbour.accounts.models import StaffMember
from harbour.cli import commands
from harbour.config import Settings
from harbour.kernel.time import utc_now
from harbour.tenants.models import Tenant
from tests.people import PASSPHRASE, SignedIn, World, add_local_pa, mark_as_left

SIGN_IN = "/api/v1/auth/staff/sign-in"


@pytest.fixture
def run_cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    monkeypatch.setattr(commands, "get_settings", lambda: settings)
    monkeypatch.setenv("TEST_PASSPHRASE", PASSPHRASE)
    return lambda *argv: cli.main(list(argv))


def first_admin(run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert run_cli("council", "create", "--slug", "eastwick", "--name", "Eastwick Council") == 0
    assert (
        run_cli(
            "staff",
            "create",
            "--council",
            "eastwick",
            "--name",
            "Ada Admin",
            "--username",
            "ada",
            "--passphrase-env",
            "TEST_PASSPHRASE",
        )
        == 0
    )
    out = capsys.readouterr().out
    secret = out.split("authenticator app: ")[1].split()[0]
    codes = [line.strip() for line in out.splitlines() if line.startswith("  ") and "-" in line]
    return {"secret": secret, "codes": codes, "out": out}


def sign_in_body(code: str, **changes: str) -> dict[str, str]:
    return {
        "council": "eastwick",
        "username": "ada",
        "passphrase": PASSPHRASE,
        "code": code,
    } | changes


def test_the_first_admin_made_on_the_command_line_signs_in_with_passphrase_and_totp(
    run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str], app: FastAPI
) -> None:
    admin = first_admin(run_cli, capsys)
    assert len(admin["codes"]) == 10
    assert PASSPHRASE not in admin["out"]
    browser = TestClient(app)

    no_code = browser.post(SIGN_IN, json=sign_in_body("000000"))
    signed_in = browser.post(SIGN_IN, json=sign_in_body(pyotp.TOTP(admin["secret"]).now()))

    assert no_code.status_code == 401
    assert signed_in.status_code == 200
    assert signed_in.json()["role"] == "council_admin"
    assert browser.get("/api/v1/staff").json()["staff"][0]["username"] == "ada"


def test_no_passphrase_code_or_token_reaches_the_logs(
    run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str], app: FastAPI
) -> None:
    admin = first_admin(run_cli, capsys)
    code = pyotp.TOTP(admin["secret"]).now()
    browser = TestClient(app)
    browser.post(SIGN_IN, json=sign_in_body("000000"))
    signed_in = browser.post(SIGN_IN, json=sign_in_body(code))
    browser.post(SIGN_IN, json=sign_in_body(admin["codes"][0], passphrase="wrong passphrase!"))

    logged = capsys.readouterr().out
    assert '"event": "signed_in"' in logged
    token = signed_in.cookies["harbour_session"]
    for secret in (PASSPHRASE, "wrong passphrase!", admin["codes"][0], token):
        assert secret not in logged, secret
    # Six random digits, or the username "ada", may turn up inside a timestamp's
    # microseconds or a hex id by chance: neither may appear as a value of its own.
    for word in (code, "ada"):
        assert not re.search(rf"(?<![0-9A-Za-z.]){word}(?![0-9A-Za-z])", logged), word


def test_a_totp_code_works_once_and_so_does_each_recovery_code(
    run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str], app: FastAPI
) -> None:
    admin = first_admin(run_cli, capsys)
    code = pyotp.TOTP(admin["secret"]).now()
    recovery = admin["codes"][0]

    first = TestClient(app).post(SIGN_IN, json=sign_in_body(code))
    replayed = TestClient(app).post(SIGN_IN, json=sign_in_body(code))
    with_recovery = TestClient(app).post(SIGN_IN, json=sign_in_body(recovery.lower()))
    recovery_again = TestClient(app).post(SIGN_IN, json=sign_in_body(recovery))
    wrong_passphrase = TestClient(app).post(
        SIGN_IN, json=sign_in_body(admin["codes"][1], passphrase="not the passphrase")
    )

    assert first.status_code == 200
    assert replayed.status_code == 401
    assert with_recovery.status_code == 200
    assert recovery_again.status_code == 401
    assert wrong_passphrase.status_code == 401
    assert [f["field"] for f in replayed.json()["error"]["fields"]] == [
        "body.username",
        "body.passphrase",
        "body.code",
    ]


def test_the_command_line_refuses_bad_input_without_changing_anything(
    run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str], engine: Engine
) -> None:
    assert run_cli("council", "create", "--slug", "eastwick", "--name", "Eastwick") == 0
    assert run_cli("council", "create", "--slug", "eastwick", "--name", "Again") == 1
    short = ["--passphrase-env", "SHORT"]
    base = ["staff", "create", "--council", "eastwick", "--name", "A", "--username"]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SHORT", "too short")
        assert run_cli(*base, "ada", *short) == 1
    assert run_cli(*base, "Not A Username!", "--passphrase-env", "TEST_PASSPHRASE") == 1
    assert run_cli(*base, "ada", "--council", "nowhere", "--passphrase-env", "TEST_PASSPHRASE") == 1
    with Session(engine) as session:
        assert session.exec(select(StaffMember)).all() == []


def test_an_admin_adds_a_local_staff_member_who_sets_up_with_an_invite_code(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    admin = as_person(world.north_admin).client
    created = add_local_pa(admin, "Pat PA", "Pat.PA", team_id=str(world.team_a))
    assert created.status_code == 201
    code = created.json()["invite"]["code"]
    assert created.json()["staff"]["username"] == "pat.pa"

    short = TestClient(app).post(
        "/api/v1/auth/staff/join", json={"code": code, "passphrase": "short"}
    )
    joined = TestClient(app).post(
        "/api/v1/auth/staff/join", json={"code": code, "passphrase": PASSPHRASE}
    )
    again = TestClient(app).post(
        "/api/v1/auth/staff/join", json={"code": code, "passphrase": PASSPHRASE}
    )

    assert short.status_code == 422
    assert short.json()["error"]["fields"][0]["field"] == "body.passphrase"
    assert joined.status_code == 200
    assert again.status_code == 401
    totp = pyotp.TOTP(joined.json()["totp_secret"]).now()
    signed_in = TestClient(app).post(
        SIGN_IN,
        json={"council": "northdale", "username": "pat.pa", "passphrase": PASSPHRASE, "code": totp},
    )
    assert signed_in.status_code == 200
    assert signed_in.json()["team_id"] == str(world.team_a)


def test_staff_input_is_checked_field_by_field(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin).client
    base = {"display_name": "X", "role": "personal_adviser", "sign_in": "local", "username": "xx1"}
    cases: list[tuple[dict[str, Any], int, str]] = [
        (base | {"role": "superuser"}, 422, "body.role"),
        (base | {"team_id": str(uuid.uuid4())}, 422, "body.team_id"),
        (base | {"sign_in": "oidc", "oidc_subject": "abc"}, 422, "body.sign_in"),
        (base | {"username": "ben"}, 201, ""),
        (base | {"username": "ben"}, 409, "body.username"),
    ]
    for sent, status, field in cases:
        response = admin.post("/api/v1/staff", json=sent)
        assert response.status_code == status, sent
        if field:
            assert field in [f["field"] for f in response.json()["error"]["fields"]], sent


def test_only_admins_manage_staff_and_others_cannot_even_see_a_staff_record(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    pa, admin = as_person(world.pa1).client, as_person(world.north_admin).client

    assert pa.get("/api/v1/staff").status_code == 403
    assert pa.post("/api/v1/staff", json={}).status_code == 403
    assert pa.get(f"/api/v1/staff/{world.pa1.id}").status_code == 404
    assert admin.get(f"/api/v1/staff/{world.pa1.id}").json()["display_name"] == "Asha PA"
    assert admin.get(f"/api/v1/staff/{world.south_pa.id}").status_code == 404
    south = as_person(world.south_admin).client.get("/api/v1/staff").json()["staff"]
    assert {s["display_name"] for s in south} == {"Sam Admin", "Dev PA"}


def test_staff_changes_are_checked_field_by_field(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin).client
    url = f"/api/v1/staff/{world.pa1.id}"
    for sent, field in (
        ({"role": "superuser"}, "body.role"),
        ({"role": None}, "body.role"),
        ({"team_id": str(uuid.uuid4())}, "body.team_id"),
        ({"display_name": ""}, "body.display_name"),
        ({"display_name": None}, "body.display_name"),  # was a 500 (found by schemathesis)
        ({"active": None}, "body.active"),
        ({"active": 0}, "body.active"),  # a boolean, not a number read as one
        ({"username": "new"}, "body.username"),  # not changeable here
    ):
        response = admin.patch(url, json=sent)
        assert response.status_code == 422, sent
        assert response.json()["error"]["fields"][0]["field"] == field, sent
    moved = admin.patch(url, json={"team_id": str(world.team_b), "role": "team_manager"})
    assert moved.json()["team_id"] == str(world.team_b)
    assert moved.json()["role"] == "team_manager"


def test_a_leaver_is_signed_out_everywhere(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    leaver = as_person(world.pa2)
    admin = as_person(world.north_admin).client

    assert mark_as_left(admin, f"/api/v1/staff/{world.pa2.id}", leaver)["active"] is False


def test_teams_are_added_by_admins_and_listed_for_staff(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin).client

    added = admin.post("/api/v1/teams", json={"name": "Team C"})
    again = admin.post("/api/v1/teams", json={"name": "Team C"})
    by_pa = as_person(world.pa1).client.post("/api/v1/teams", json={"name": "Team D"})
    listed = as_person(world.pa1).client.get("/api/v1/teams").json()["teams"]

    assert added.status_code == 201
    assert again.status_code == 409
    assert again.json()["error"]["fields"][0]["field"] == "body.name"
    assert by_pa.status_code == 403
    assert [t["name"] for t in listed] == ["Team A", "Team B", "Team C"]
    assert as_person(world.yp1).client.get("/api/v1/teams").status_code == 403
    assert [
        t["name"] for t in as_person(world.south_admin).client.get("/api/v1/teams").json()["teams"]
    ] == []


def test_an_admin_resets_a_staff_members_access(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI, engine: Engine
) -> None:
    with Session(engine) as session:
        staff = session.get(StaffMember, world.pa1.id)
        assert staff is not None
        staff.username = "asha"
        session.add(staff)
        session.commit()
    signed_in = as_person(world.pa1)
    admin = as_person(world.north_admin).client

    invite = admin.post(f"/api/v1/staff/{world.pa1.id}/reset-access")
    no_local = admin.post(f"/api/v1/staff/{world.manager_a.id}/reset-access")

    assert invite.status_code == 200
    assert signed_in.client.get("/api/v1/auth/me").status_code == 401
    assert no_local.status_code == 422  # no local account to reset
    joined = TestClient(app).post(
        "/api/v1/auth/staff/join", json={"code": invite.json()["code"], "passphrase": PASSPHRASE}
    )
    assert joined.status_code == 200


def test_council_oidc_settings_from_the_command_line(
    run_cli: Callable[..., int],
    northdale: Tenant,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from harbour.tenants.models import CouncilSignIn

    monkeypatch.setenv("CLIENT_SECRET", "s3cret")
    ok = run_cli(
        "council",
        "oidc",
        "northdale",
        "--issuer",
        "https://login.example/tenant/v2.0",
        "--client-id",
        "harbour",
        "--client-secret-env",
        "CLIENT_SECRET",
        "--role-claim",
        "roles",
        "--role-map",
        "Harbour.Admin=council_admin",
    )
    bad_role = run_cli(
        "council",
        "oidc",
        "northdale",
        "--issuer",
        "https://login.example/t",
        "--client-id",
        "h",
        "--client-secret-env",
        "CLIENT_SECRET",
        "--role-map",
        "X=superuser",
    )

    assert (ok, bad_role) == (0, 1)
    with Session(engine) as session:
        row = session.get(CouncilSignIn, northdale.id)
    assert row is not None
    assert row.metadata_url == "https://login.example/tenant/v2.0/.well-known/openid-configuration"
    assert row.role_map == {"Harbour.Admin": "council_admin"}
    assert utc_now() - row.updated_at.replace(tzinfo=utc_now().tzinfo) < timedelta(minutes=1)
