"""`harbour demo` on an empty database: the content packs, and people for every role."""

import json
import stat
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from harbour import cli
from harbour.cli import commands
from harbour.config import Settings


@pytest.fixture
def demo_run(
    settings: Settings,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, dict[str, Any], str]:
    monkeypatch.setattr(commands, "get_settings", lambda: settings)
    status = cli.main(["demo"])
    path = settings.data_dir / "demo-accounts.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return status, json.loads(path.read_text()), capsys.readouterr().out


def test_demo_makes_every_role_in_every_council_and_writes_them_down(
    demo_run: tuple[int, dict[str, Any], str], client: TestClient
) -> None:
    status, document, printed = demo_run
    accounts = document["accounts"]

    assert status == 0
    roles = {(a["council"], a["role"]) for a in accounts}
    for council in ("northdale", "southmere"):
        for role in ("personal_adviser", "team_manager", "content_editor", "council_admin"):
            assert (council, role) in roles
        assert (
            sum(1 for a in accounts if a["council"] == council and a["role"] == "young_person") == 2
        )
    assert all(a["sign_in"]["username"] in printed for a in accounts)
    # The councils' content is there as before.
    assert client.get("/api/v1/councils/northdale/offer").status_code == 200


def test_each_demo_person_can_sign_in_with_what_was_written_down(
    demo_run: tuple[int, dict[str, Any], str], app: Any
) -> None:
    for account in demo_run[1]["accounts"]:
        details, browser = account["sign_in"], TestClient(app)
        if account["role"] == "young_person":
            body = {
                "council": account["council"],
                "username": details["username"],
                "secret": details["pin"],
            }
            response = browser.post("/api/v1/auth/young-person/sign-in", json=body)
        else:
            body = {
                "council": account["council"],
                "username": details["username"],
                "passphrase": details["passphrase"],
                "code": pyotp.TOTP(details["totp_secret"]).now(),
            }
            response = browser.post("/api/v1/auth/staff/sign-in", json=body)
        assert response.status_code == 200, account["role"]
        assert response.json()["role"] == (
            None if account["role"] == "young_person" else account["role"]
        )
    # The demo PA's caseload holds the demo young people.
    pa = next(
        a
        for a in demo_run[1]["accounts"]
        if a["council"] == "northdale" and a["role"] == "personal_adviser"
    )
    browser = TestClient(app)
    signed_in = browser.post(
        "/api/v1/auth/staff/sign-in",
        json={
            "council": "northdale",
            "username": "alex.pa",
            "passphrase": pa["sign_in"]["passphrase"],
            "code": pa["sign_in"]["recovery_codes"][0],
        },
    )
    assert signed_in.status_code == 200
    people = {
        p["preferred_name"]: p["id"]
        for p in browser.get("/api/v1/young-people").json()["young_people"]
    }
    assert set(people) == {"Jordan", "Mia"}
    # Jordan shares a health passport with the PA; Mia keeps hers to herself.
    jordan = browser.get(f"/api/v1/young-people/{people['Jordan']}/passport")
    mia = browser.get(f"/api/v1/young-people/{people['Mia']}/passport/sharing")
    assert jordan.status_code == 200
    assert jordan.json()["dental_check_next"] > jordan.json()["dental_check_last"]
    assert mia.json() == {"exists": True, "shared": False}


def test_demo_leaves_a_database_with_councils_alone(
    demo_run: tuple[int, dict[str, Any], str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli.main(["demo"]) == 0
    assert "leaving it as it is" in capsys.readouterr().out


def test_each_demo_young_person_has_a_plan_with_tasks_in_mixed_states(
    demo_run: tuple[int, dict[str, Any], str], engine: Engine
) -> None:
    from sqlmodel import Session, select

    from harbour.plans.models import Plan, PlanTask

    with Session(engine) as session:
        plans = session.exec(select(Plan)).all()
        tasks = session.exec(select(PlanTask)).all()

    young_people = [a for a in demo_run[1]["accounts"] if a["role"] == "young_person"]
    assert len(plans) == len(young_people) == 4
    assert all(plan.review_due is not None for plan in plans)
    for plan in plans:
        theirs = [task for task in tasks if task.plan_id == plan.id]
        assert 4 <= len(theirs) <= 6
        assert {"done", "in_progress", "to_do"} <= {task.status for task in theirs}
        assert all(task.template_id for task in theirs)
