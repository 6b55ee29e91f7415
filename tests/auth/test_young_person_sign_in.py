"""A young person joins with an invite code, signs in with a PIN, and manages sessions."""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from harbour.access import session as access_session
from harbour.accounts.models import YoungPerson
from harbour.audit.models import AuditEvent
from harbour.auth.models import SignInSession
from harbour.kernel.time import utc_now
from tests.people import PIN, SignedIn, World, mark_as_left, pledge_item

NEW = {"preferred_name": "Riley", "date_of_birth": "2007-03-14", "legal_status": "relevant"}
JOIN = "/api/v1/auth/join"
SIGN_IN = "/api/v1/auth/young-person/sign-in"


def invite_for_new_person(pa: TestClient) -> tuple[str, str]:
    body = pa.post("/api/v1/young-people", json=NEW).json()
    return body["young_person"]["id"], body["invite"]["code"]


def join_body(code: str, **changes: Any) -> dict[str, Any]:
    return {
        "code": code,
        "username": "riley",
        "secret": {"kind": "pin", "pin": "739104"},
        "device_label": "Riley's phone",
    } | changes


def fields(response: Any) -> list[str]:
    return [f["field"] for f in response.json()["error"]["fields"]]


@pytest.fixture
def pa(world: World, as_person: Callable[..., SignedIn]) -> TestClient:
    return as_person(world.pa1).client


def test_the_phone_is_not_told_the_name_of_a_pa_who_has_left(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    phone = as_person(world.yp2).client
    assert phone.get("/api/v1/auth/me").json()["pa_first_name"] == "Ben"

    admin = as_person(world.north_admin).client
    mark_as_left(admin, f"/api/v1/staff/{world.pa2.id}", as_person(world.pa2))

    assert phone.get("/api/v1/auth/me").json()["pa_first_name"] is None


def test_invite_code_then_pin_signs_the_young_person_in(
    pa: TestClient, app: FastAPI, engine: Engine
) -> None:
    person_id, code = invite_for_new_person(pa)
    phone = TestClient(app)

    joined = phone.post(JOIN, json=join_body(code.lower().replace("-", " ")))

    assert joined.status_code == 200
    me = joined.json()
    assert (me["kind"], me["id"], me["display_name"]) == ("young_person", person_id, "Riley")
    assert phone.get("/api/v1/auth/me").json()["id"] == person_id
    # The phone learns their PA's first name, so it can say "Waiting to send to Asha".
    pa_me = pa.get("/api/v1/auth/me").json()
    assert me["pa_first_name"] == pa_me["display_name"].split()[0]
    assert pa_me["pa_first_name"] is None
    assert pa.get(f"/api/v1/young-people/{person_id}").json()["joined"] is True
    # Next time, on another phone: username and PIN.
    again = TestClient(app).post(
        SIGN_IN, json={"council": "northdale", "username": "Riley", "secret": "739104"}
    )
    assert again.status_code == 200
    with Session(engine) as session:
        stored = session.exec(select(YoungPerson).where(YoungPerson.username == "riley")).one()
    assert stored.secret_hash is not None
    assert stored.secret_hash.startswith("$argon2id$")


def test_signed_in_answers_are_never_cached(
    world: World, as_person: Callable[..., SignedIn], app: FastAPI
) -> None:
    pa = as_person(world.pa1).client
    signed_in = TestClient(app).post(
        SIGN_IN, json={"council": "northdale", "username": "jordan", "secret": PIN}
    )

    assert pa.get(f"/api/v1/young-people/{world.yp1.id}").headers["cache-control"] == "no-store"
    assert pa.get("/api/v1/auth/me").headers["cache-control"] == "no-store"
    assert signed_in.headers["cache-control"] == "no-store"
    assert pa.get("/api/v1/councils/northdale/offer").headers["cache-control"] == "no-cache"


def test_session_cookies_are_httponly_lax_and_the_token_is_stored_hashed(
    pa: TestClient, app: FastAPI, engine: Engine
) -> None:
    _, code = invite_for_new_person(pa)
    response = TestClient(app).post(JOIN, json=join_body(code))

    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("harbour_session="))
    csrf_cookie = next(c for c in cookies if c.startswith("harbour_csrf="))
    assert "HttpOnly" in session_cookie
    assert "samesite=lax" in session_cookie.lower()
    assert "Path=/" in session_cookie
    assert "HttpOnly" not in csrf_cookie  # the app reads it to send X-CSRF-Token
    token = session_cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43  # 32 random bytes
    with Session(engine) as session:
        row = session.exec(
            select(SignInSession).where(SignInSession.device_label == "Riley's phone")
        ).one()
    assert row.token_digest != token
    assert token not in row.token_digest


def test_over_https_the_cookies_are_secure_host_cookies(
    world: World, app: FastAPI, as_person: Callable[..., SignedIn]
) -> None:
    pa = as_person(world.pa1, base_url="https://harbour.example").client
    _, code = invite_for_new_person(pa)

    response = TestClient(app, base_url="https://harbour.example").post(JOIN, json=join_body(code))

    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("__Host-harbour_session=") and "Secure" in c for c in cookies)
    assert any(c.startswith("__Host-harbour_csrf=") and "Secure" in c for c in cookies)


def test_an_invite_code_works_once(pa: TestClient, app: FastAPI) -> None:
    _, code = invite_for_new_person(pa)
    assert TestClient(app).post(JOIN, json=join_body(code)).status_code == 200

    second = TestClient(app).post(JOIN, json=join_body(code, username="riley2"))

    assert second.status_code == 401
    assert fields(second) == ["body.code"]


def test_a_new_code_revokes_the_old_one(pa: TestClient, app: FastAPI) -> None:
    person_id, old = invite_for_new_person(pa)
    new = pa.post(f"/api/v1/young-people/{person_id}/reset-access").json()["code"]

    assert TestClient(app).post(JOIN, json=join_body(old)).status_code == 401
    assert TestClient(app).post(JOIN, json=join_body(new)).status_code == 200


def test_a_code_expires_after_seven_days(
    pa: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, code = invite_for_new_person(pa)
    later = utc_now() + timedelta(days=7, minutes=1)
    monkeypatch.setattr("harbour.accounts.service.utc_now", lambda: later)

    assert TestClient(app).post(JOIN, json=join_body(code)).status_code == 401


def test_weak_pins_short_passphrases_and_taken_usernames_are_refused(
    world: World, pa: TestClient, app: FastAPI
) -> None:
    _, code = invite_for_new_person(pa)
    phone = TestClient(app)
    for pin in ("123456", "111111", "987654", "12345", "12345a"):
        refused = phone.post(JOIN, json=join_body(code, secret={"kind": "pin", "pin": pin}))
        assert refused.status_code == 422, pin
        assert fields(refused) == ["body.secret.pin.pin"], pin
    short = phone.post(JOIN, json=join_body(code, secret={"kind": "passphrase", "passphrase": "x"}))
    assert fields(short) == ["body.secret.passphrase.passphrase"]
    taken = phone.post(JOIN, json=join_body(code, username="jordan"))  # Jordan's, in Northdale
    assert taken.status_code == 409
    assert fields(taken) == ["body.username"]
    passphrase = {"kind": "passphrase", "passphrase": "my dog is called biscuit"}
    assert phone.post(JOIN, json=join_body(code, secret=passphrase)).status_code == 200


def test_a_wrong_pin_is_a_401_naming_the_fields_and_is_audited(
    world: World, app: FastAPI, engine: Engine
) -> None:
    wrong = TestClient(app).post(
        SIGN_IN, json={"council": "northdale", "username": "jordan", "secret": "000000"}
    )
    right = TestClient(app).post(
        SIGN_IN, json={"council": "northdale", "username": "jordan", "secret": PIN}
    )
    other_council = TestClient(app).post(
        SIGN_IN, json={"council": "southmere", "username": "jordan", "secret": PIN}
    )

    assert wrong.status_code == 401
    assert fields(wrong) == ["body.username", "body.secret"]
    assert right.status_code == 200
    assert right.json()["id"] == str(world.yp1.id)
    assert other_council.status_code == 401  # same username, other council, no PIN set
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.at)).all()  # type: ignore[arg-type]
    failed = [e for e in events if e.action == "sign_in_failed" and e.tenant_id == world.north.id]
    assert [e.subject_id for e in failed] == [world.yp1.id]
    sign_in = next(e for e in events if e.action == "sign_in")
    assert (sign_in.actor_id, sign_in.detail["method"]) == (world.yp1.id, "pin")


def test_signing_in_again_replaces_this_browsers_session(world: World, app: FastAPI) -> None:
    phone = TestClient(app)
    body = {"council": "northdale", "username": "jordan", "secret": PIN}
    first = phone.post(SIGN_IN, json=body).json()["session_id"]
    second = phone.post(SIGN_IN, json=body).json()["session_id"]

    sessions = phone.get("/api/v1/auth/sessions").json()["sessions"]

    assert first != second
    assert [s["id"] for s in sessions] == [second]


def test_sessions_can_be_listed_and_ended_one_by_one(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    phone, tablet = as_person(world.yp1), as_person(world.yp1)

    listed = phone.client.get("/api/v1/auth/sessions").json()["sessions"]
    ended = phone.client.delete(f"/api/v1/auth/sessions/{tablet.session_id}")

    assert {s["id"] for s in listed} == {str(phone.session_id), str(tablet.session_id)}
    assert [s["current"] for s in listed if s["id"] == str(phone.session_id)] == [True]
    assert ended.status_code == 200
    assert tablet.client.get("/api/v1/auth/me").status_code == 401
    assert phone.client.get("/api/v1/auth/me").status_code == 200


def test_sign_out_ends_the_session_server_side(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    phone = as_person(world.yp1)
    stolen_cookie = dict(phone.client.cookies)

    assert phone.client.post("/api/v1/auth/sign-out").status_code == 200

    replay = TestClient(phone.client.app, cookies=stolen_cookie)
    assert replay.get("/api/v1/auth/me").status_code == 401


def test_sign_out_everywhere_by_the_young_person_and_by_their_pa(
    world: World, as_person: Callable[..., SignedIn], engine: Engine
) -> None:
    phone, lost_phone = as_person(world.yp1), as_person(world.yp1)
    ended = phone.client.post("/api/v1/auth/sign-out-everywhere").json()["ended"]
    assert ended == 2
    assert lost_phone.client.get("/api/v1/auth/me").status_code == 401

    new_phone = as_person(world.yp1)
    by_pa = as_person(world.pa1).client.post(
        f"/api/v1/young-people/{world.yp1.id}/sign-out-everywhere"
    )
    assert by_pa.json() == {"ended": 1}
    assert new_phone.client.get("/api/v1/auth/me").status_code == 401
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "signed_out_everywhere")
            .order_by(col(AuditEvent.at))  # PostgreSQL keeps no insertion order
        ).all()
    assert [e.actor_id for e in events] == [world.yp1.id, world.pa1.id]


def test_sessions_end_after_idle_time_and_at_their_absolute_expiry(
    world: World, as_person: Callable[..., SignedIn], monkeypatch: pytest.MonkeyPatch
) -> None:
    staff, young = as_person(world.pa1), as_person(world.yp1)
    start = utc_now()

    monkeypatch.setattr(access_session, "utc_now", lambda: start + timedelta(minutes=61))
    assert staff.client.get("/api/v1/auth/me").status_code == 401  # staff idle: 60 minutes
    assert young.client.get("/api/v1/auth/me").status_code == 200  # young people: 14 days
    monkeypatch.setattr(access_session, "utc_now", lambda: start + timedelta(days=91))
    assert young.client.get("/api/v1/auth/me").status_code == 401  # absolute: 90 days


def test_changes_need_the_csrf_token_and_our_own_origin(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    pa = as_person(world.pa1).client
    token = pa.headers.pop("X-CSRF-Token")
    url = f"/api/v1/young-people/{world.yp1.id}"

    missing = pa.patch(url, json={"preferred_name": "Jo"})
    wrong = pa.patch(url, json={"preferred_name": "Jo"}, headers={"X-CSRF-Token": "nope"})
    cross_site = pa.patch(
        url,
        json={"preferred_name": "Jo"},
        headers={"X-CSRF-Token": token, "Origin": "https://evil.example"},
    )
    reads_need_none = pa.get(url)
    right = pa.patch(
        url,
        json={"preferred_name": "Jo"},
        headers={"X-CSRF-Token": token, "Origin": "http://testserver"},
    )

    assert missing.status_code == wrong.status_code == 403
    assert fields(missing) == ["header.x-csrf-token"]
    assert cross_site.status_code == 403
    assert fields(cross_site) == ["header.origin"]
    assert reads_need_none.status_code == 200
    assert reads_need_none.json()["preferred_name"] == "Jordan"  # nothing changed yet
    assert right.status_code == 200


def test_anonymous_pledge_answers_still_sync_without_a_session(world: World, app: FastAPI) -> None:
    response = TestClient(app).post("/api/v1/sync/push", json={"items": [pledge_item()]})

    assert response.json()["results"][0]["status"] == "accepted"


def test_no_session_token_pin_or_name_reaches_the_logs(
    pa: TestClient, app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    _, code = invite_for_new_person(pa)
    phone = TestClient(app)
    joined = phone.post(JOIN, json=join_body(code))
    phone.post(SIGN_IN, json={"council": "northdale", "username": "riley", "secret": "111999"})
    phone.get("/api/v1/auth/sessions")
    token = joined.cookies["harbour_session"]

    text = capsys.readouterr().out
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert lines  # something was logged
    for secret in (token, code, code.replace("-", ""), "739104", "111999", "Riley", "riley"):
        assert secret not in text, secret
    assert {"signed_in", "sign_in_failed"} <= {line["event"] for line in lines}


def test_sign_in_input_is_checked_field_by_field(app: FastAPI) -> None:
    browser = TestClient(app)
    cases = [
        (SIGN_IN, {"council": "Not A Slug", "username": "x", "secret": "1"}, "body.council"),
        (SIGN_IN, {"council": "northdale", "secret": "123456"}, "body.username"),
        (SIGN_IN, {"council": "northdale", "username": "x", "secret": ""}, "body.secret"),
        (JOIN, {"code": "SHORT", "secret": {"kind": "pin", "pin": "604172"}}, "body.code"),
        (JOIN, {"code": "ABCD-EFGH", "secret": {"kind": "fingerprint"}}, "body.secret"),
        (
            "/api/v1/auth/staff/sign-in",
            {"council": "northdale", "username": "a", "passphrase": "p", "code": "1"},
            "body.code",
        ),
    ]
    for url, body, field in cases:
        response = browser.post(url, json=body)
        assert response.status_code == 422, body
        assert field in fields(response), body
