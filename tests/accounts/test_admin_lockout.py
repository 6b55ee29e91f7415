"""An admin cannot lock the council out: not by deactivating, demoting or resetting their own
account, and not by leaving it with no active admin, even when two admins act at once."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.accounts import service
from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import StaffRole
from tests.people import SignedIn, World, make_staff


def fields(response: Any) -> list[str]:
    return [f["field"] for f in response.json()["error"]["fields"]]


def active_admins(engine: Engine, world: World) -> list[str]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(StaffMember.display_name).where(
                    StaffMember.tenant_id == world.north.id,
                    StaffMember.role == "council_admin",
                    col(StaffMember.active).is_(True),
                )
            )
        )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"active": False}, "body.active", "You can't deactivate your own account."),
        ({"role": "team_manager"}, "body.role", "You can't take away your own admin role."),
    ],
)
def test_an_admin_cannot_deactivate_or_demote_themselves(
    world: World,
    engine: Engine,
    as_person: Callable[..., SignedIn],
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    make_staff(engine, world.north, StaffRole.council_admin, "Other Admin")  # not the last
    admin = as_person(world.north_admin).client

    refused = admin.patch(f"/api/v1/staff/{world.north_admin.id}", json=change)
    renamed = admin.patch(
        f"/api/v1/staff/{world.north_admin.id}",
        json={"display_name": "Nina A. Admin", "active": True, "role": "council_admin"},
    )

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "own_account"
    assert refused.json()["error"]["message"] == f"{message} Ask another admin to do it."
    assert fields(refused) == [field]
    assert renamed.status_code == 200
    assert sorted(active_admins(engine, world)) == ["Nina A. Admin", "Other Admin"]


def test_an_admin_cannot_reset_their_own_access_but_can_reset_another_admins(
    world: World, engine: Engine, as_person: Callable[..., SignedIn]
) -> None:
    other = make_staff(engine, world.north, StaffRole.council_admin, "Other Admin")
    with Session(engine) as session:
        for staff_id, username in ((world.north_admin.id, "nina"), (other.id, "other")):
            row = session.get(StaffMember, staff_id)
            assert row is not None
            row.username = username
            session.add(row)
        session.commit()
    admin = as_person(world.north_admin).client

    own = admin.post(f"/api/v1/staff/{world.north_admin.id}/reset-access")
    theirs = admin.post(f"/api/v1/staff/{other.id}/reset-access")

    assert own.status_code == 409
    assert own.json()["error"]["code"] == "own_account"
    assert fields(own) == ["path.staff_id"]
    assert theirs.status_code == 200
    assert admin.get("/api/v1/auth/me").status_code == 200  # still signed in


def test_an_admin_may_demote_or_deactivate_another_admin_while_one_remains(
    world: World, engine: Engine, as_person: Callable[..., SignedIn]
) -> None:
    second = make_staff(engine, world.north, StaffRole.council_admin, "Second Admin")
    third = make_staff(engine, world.north, StaffRole.council_admin, "Third Admin")
    admin = as_person(world.north_admin).client

    demoted = admin.patch(f"/api/v1/staff/{second.id}", json={"role": "personal_adviser"})
    deactivated = admin.patch(f"/api/v1/staff/{third.id}", json={"active": False})
    pa_changed = admin.patch(f"/api/v1/staff/{world.pa1.id}", json={"role": "content_editor"})

    assert [demoted.status_code, deactivated.status_code, pa_changed.status_code] == [200] * 3
    assert active_admins(engine, world) == ["Nina Admin"]


def test_two_admins_removing_each_other_at_once_leave_one(
    world: World,
    engine: Engine,
    as_person: Callable[..., SignedIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both requests pass their access checks before either changes anything: without a
    lock each would see the other admin still there, and both would win."""
    other = make_staff(engine, world.north, StaffRole.council_admin, "Other Admin")
    both_checked = threading.Barrier(2, timeout=20)
    checks = service._refuse_locking_yourself_out

    def check_then_wait(*args: Any) -> None:
        checks(*args)
        both_checked.wait()

    monkeypatch.setattr(service, "_refuse_locking_yourself_out", check_then_wait)
    nina, olu = as_person(world.north_admin).client, as_person(other).client
    requests = [
        (nina, f"/api/v1/staff/{other.id}", {"role": "personal_adviser"}, "body.role"),
        (olu, f"/api/v1/staff/{world.north_admin.id}", {"active": False}, "body.active"),
    ]

    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(lambda r: r[0].patch(r[1], json=r[2]), requests))

    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(i for i, r in enumerate(responses) if r.status_code == 409)
    assert responses[loser].json()["error"]["code"] == "last_admin"
    assert "last active admin" in responses[loser].json()["error"]["message"]
    assert fields(responses[loser]) == [requests[loser][3]]
    assert len(active_admins(engine, world)) == 1
