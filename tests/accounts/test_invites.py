"""Invite codes from a young person's page: a plain new code for someone who has not
joined, a reset for someone who has, and a reset that never changes who they are."""

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.accounts.models import YoungPerson
from harbour.audit.models import AuditEvent
from tests.people import PIN, SignedIn, World, add_local_pa

JOIN = "/api/v1/auth/join"
CHECK = "/api/v1/auth/invite/check"
SIGN_IN = "/api/v1/auth/young-person/sign-in"
NEW_PIN = {"kind": "pin", "pin": "604172"}


def invite_url(person: YoungPerson, action: str = "invite") -> str:
    return f"/api/v1/young-people/{person.id}/{action}"


def audit(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_a_new_code_for_someone_who_has_not_joined_stops_the_older_ones(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI, engine: Engine
) -> None:
    pa = as_person(world.pa2)
    first = pa.client.post(invite_url(world.yp2))
    second = pa.client.post(invite_url(world.yp2))
    phone = TestClient(app)

    assert first.status_code == second.status_code == 200
    assert phone.post(CHECK, json={"code": first.json()["code"]}).status_code == 401
    assert phone.post(CHECK, json={"code": second.json()["code"]}).json() == {"username": None}
    joined = phone.post(
        JOIN, json={"code": second.json()["code"], "username": "kai", "secret": NEW_PIN}
    )
    assert joined.status_code == 200
    issued = audit(engine, "invite_issued")
    assert len(issued) == 2
    assert {(e.actor_id, e.subject_id, e.session_id) for e in issued} == {
        (world.pa2.id, world.yp2.id, pa.session_id)
    }
    record = pa.client.get(f"/api/v1/young-people/{world.yp2.id}").json()
    assert record["joined"] is True
    assert record["invite_expires_at"] is None


def test_a_plain_code_is_refused_once_they_have_joined_and_changes_nothing(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    jordan = as_person(world.yp1)

    refused = as_person(world.pa1).client.post(invite_url(world.yp1))

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "already_joined"
    assert jordan.client.get("/api/v1/auth/me").status_code == 200  # still signed in
    signed_in = TestClient(app).post(
        SIGN_IN, json={"council": "northdale", "username": "jordan", "secret": PIN}
    )
    assert signed_in.status_code == 200  # their PIN still works


def test_a_plain_code_ends_no_sessions_while_a_reset_ends_them_all(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    kai = as_person(world.yp2)  # a session without a PIN cannot happen; the rule is what counts
    pa = as_person(world.pa2).client
    assert pa.post(invite_url(world.yp2)).status_code == 200
    assert kai.client.get("/api/v1/auth/me").status_code == 200
    assert not audit(engine, "signed_out_everywhere")

    assert pa.post(invite_url(world.yp2, "reset-access")).status_code == 200
    assert kai.client.get("/api/v1/auth/me").status_code == 401
    assert len(audit(engine, "access_reset")) == 1


def test_a_reset_refuses_any_field_and_never_renames(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    pa = as_person(world.pa1).client

    typed = pa.post(invite_url(world.yp1, "reset-access"), json={"username": "someone-else"})
    plain = as_person(world.pa2).client.post(invite_url(world.yp2), json={"preferred_name": "X"})

    assert typed.status_code == 422
    assert [f["field"] for f in typed.json()["error"]["fields"]] == ["body.username"]
    assert plain.status_code == 422
    assert [f["field"] for f in plain.json()["error"]["fields"]] == ["body.preferred_name"]
    with Session(engine) as session:
        assert session.get(YoungPerson, world.yp1.id).username == "jordan"  # type: ignore[union-attr]
    assert not audit(engine, "access_reset")
    assert not audit(engine, "invite_issued")


def test_after_a_reset_the_new_code_keeps_their_username(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI, engine: Engine
) -> None:
    code = as_person(world.pa1).client.post(invite_url(world.yp1, "reset-access")).json()["code"]
    phone = TestClient(app)

    checked = phone.post(CHECK, json={"code": code})
    renamed = phone.post(JOIN, json={"code": code, "username": "new-name", "secret": NEW_PIN})
    kept = phone.post(JOIN, json={"code": code, "secret": NEW_PIN})

    assert checked.json() == {"username": "jordan"}
    assert renamed.status_code == 422
    assert [f["field"] for f in renamed.json()["error"]["fields"]] == ["body.username"]
    assert kept.status_code == 200  # the refused try did not use the code up
    with Session(engine) as session:
        assert session.get(YoungPerson, world.yp1.id).username == "jordan"  # type: ignore[union-attr]
    again = TestClient(app).post(
        SIGN_IN, json={"council": "northdale", "username": "jordan", "secret": "604172"}
    )
    assert again.status_code == 200


def test_checking_a_code_does_not_use_it_and_knows_nothing_of_staff_codes(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    admin = as_person(world.north_admin).client
    staff = add_local_pa(admin, "New PA", "newpa").json()["invite"]["code"]
    code = as_person(world.pa2).client.post(invite_url(world.yp2)).json()["code"]
    phone = TestClient(app)

    assert phone.post(CHECK, json={"code": code.lower().replace("-", " ")}).status_code == 200
    assert phone.post(CHECK, json={"code": code}).status_code == 200  # still usable
    assert phone.post(CHECK, json={"code": staff}).status_code == 401
    assert phone.post(CHECK, json={"code": "x"}).status_code == 422
    assert phone.post(CHECK, json={"code": code, "extra": 1}).status_code == 422


def test_a_young_person_or_another_pa_cannot_make_codes(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    own = as_person(world.yp2).client.post(invite_url(world.yp2))
    other_pa = as_person(world.pa3).client.post(invite_url(world.yp2))
    manager = as_person(world.manager_a).client.post(invite_url(world.yp2))

    assert own.status_code == 403
    assert other_pa.status_code == 404
    assert manager.status_code == 200
