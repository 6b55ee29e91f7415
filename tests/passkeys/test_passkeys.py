"""A young person adds a passkey while signed in, then signs in with it on their phone."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.audit.models import AuditEvent
from tests.authenticator import UP, SoftAuthenticator
from tests.people import SignedIn, World

BASE = "/api/v1/passkeys"
AUTH = "/api/v1/auth/passkey"


def add_passkey(client: TestClient, authenticator: SoftAuthenticator) -> Any:
    started = client.post(f"{AUTH}/registration-options").json()
    return client.post(
        BASE,
        json={
            "challenge_id": started["challenge_id"],
            "label": "My phone",
            "credential": authenticator.create(started["options"]),
        },
    )


def sign_in(
    browser: TestClient, authenticator: SoftAuthenticator, council: str = "northdale", **kw: Any
) -> Any:
    started = browser.post(f"{AUTH}/sign-in-options", json={"council": council}).json()
    credential = authenticator.get(started["options"], **kw)
    return browser.post(
        f"{AUTH}/sign-in", json={"challenge_id": started["challenge_id"], "credential": credential}
    )


def test_add_a_passkey_then_sign_in_with_it(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI, engine: Engine
) -> None:
    jordan = as_person(world.yp1).client
    phone = SoftAuthenticator()

    started = jordan.post(f"{AUTH}/registration-options").json()
    added = add_passkey(jordan, phone)
    browser = TestClient(app)
    signed_in = sign_in(browser, phone)

    options = started["options"]
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["rp"]["id"] == "testserver"
    assert added.status_code == 201
    assert jordan.get(BASE).json()["passkeys"][0]["label"] == "My phone"
    assert signed_in.status_code == 200
    assert signed_in.json()["id"] == str(world.yp1.id)
    assert browser.get("/api/v1/auth/me").json()["id"] == str(world.yp1.id)
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).one()
    assert event.detail["method"] == "passkey"
    assert jordan.get(BASE).json()["passkeys"][0]["last_used_at"] is not None


def test_a_challenge_works_once_and_an_old_signature_fails(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    phone = SoftAuthenticator()
    add_passkey(as_person(world.yp1).client, phone)
    browser = TestClient(app)
    started = browser.post(f"{AUTH}/sign-in-options", json={"council": "northdale"}).json()
    credential = phone.get(started["options"])
    body = {"challenge_id": started["challenge_id"], "credential": credential}

    first = browser.post(f"{AUTH}/sign-in", json=body)
    replayed = browser.post(f"{AUTH}/sign-in", json=body)
    fresh = browser.post(f"{AUTH}/sign-in-options", json={"council": "northdale"}).json()
    old_signature = browser.post(
        f"{AUTH}/sign-in", json={"challenge_id": fresh["challenge_id"], "credential": credential}
    )

    assert first.status_code == 200
    assert replayed.status_code == 401
    assert replayed.json()["error"]["fields"][0]["field"] == "body.challenge_id"
    assert old_signature.status_code == 401
    assert old_signature.json()["error"]["fields"][0]["field"] == "body.credential"


def test_a_copied_authenticator_with_an_old_counter_is_refused(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    phone = SoftAuthenticator()
    add_passkey(as_person(world.yp1).client, phone)
    assert sign_in(TestClient(app), phone).status_code == 200
    assert sign_in(TestClient(app), phone).status_code == 200

    phone.sign_count = 0  # a clone made before those sign-ins
    assert sign_in(TestClient(app), phone).status_code == 401


def test_user_verification_and_our_origin_are_required(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    jordan = as_person(world.yp1).client
    elsewhere = add_passkey(jordan, SoftAuthenticator(origin="https://evil.example"))
    phone = SoftAuthenticator()
    add_passkey(jordan, phone)

    unverified = sign_in(TestClient(app), phone, flags=UP)

    assert elsewhere.status_code == 400
    assert elsewhere.json()["error"]["fields"][0]["field"] == "body.credential"
    assert unverified.status_code == 401


def test_a_passkey_only_signs_in_to_its_own_council(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    phone = SoftAuthenticator()
    add_passkey(as_person(world.yp1).client, phone)

    assert sign_in(TestClient(app), phone, council="southmere").status_code == 401


def test_passkeys_are_for_young_people_and_removable(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    jordan = as_person(world.yp1).client
    phone = SoftAuthenticator()
    passkey_id = add_passkey(jordan, phone).json()["id"]

    staff = as_person(world.pa1).client.post(f"{AUTH}/registration-options")
    removed = jordan.delete(f"{BASE}/{passkey_id}")

    assert staff.status_code == 403
    assert removed.status_code == 200
    assert jordan.get(BASE).json()["passkeys"] == []
    assert sign_in(TestClient(app), phone).status_code == 401


def test_an_access_reset_removes_passkeys(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    phone = SoftAuthenticator()
    add_passkey(as_person(world.yp1).client, phone)

    as_person(world.pa1).client.post(f"/api/v1/young-people/{world.yp1.id}/reset-access")

    assert sign_in(TestClient(app), phone).status_code == 401


def test_bad_input_names_the_field(world: World, as_person: Callable[..., SignedIn]) -> None:
    jordan = as_person(world.yp1).client
    unknown_council = jordan.post(f"{AUTH}/sign-in-options", json={"council": "nowhere"})
    no_credential = jordan.post(BASE, json={"challenge_id": "not-a-uuid"})

    assert unknown_council.status_code == 404
    assert no_credential.status_code == 422
    assert {f["field"] for f in no_credential.json()["error"]["fields"]} == {
        "body.challenge_id",
        "body.credential",
    }


def test_adding_and_removing_a_passkey_is_audited_without_its_label(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    jordan = as_person(world.yp1)
    passkey_id = add_passkey(jordan.client, SoftAuthenticator()).json()["id"]
    jordan.client.delete(f"{BASE}/{passkey_id}")

    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).in_(["passkey_added", "passkey_removed"]))
            .order_by(col(AuditEvent.at))
        ).all()
    assert [event.action for event in events] == ["passkey_added", "passkey_removed"]
    for event in events:
        assert (event.actor_kind, event.actor_id) == ("young_person", world.yp1.id)
        assert (event.subject_kind, str(event.subject_id)) == ("passkey", passkey_id)
        assert event.session_id is not None
        assert "My phone" not in str(event.detail)
