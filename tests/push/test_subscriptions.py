"""Subscribing a device: the key, the allow-list, upserting, and what deletes a subscription."""

import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.config import Settings
from harbour.push import service
from harbour.push.models import PushSubscription
from harbour.push.schemas import b64url_decode
from tests.fake_push import FakePushService
from tests.people import SignedIn, World


def rows(engine: Engine) -> list[PushSubscription]:
    with Session(engine) as session:
        return list(session.exec(select(PushSubscription)).all())


def put(who: SignedIn, body: dict[str, Any]) -> Any:
    return who.client.put("/api/v1/push/subscription", json=body)


def test_the_key_is_made_once_kept_private_and_served(
    client: TestClient, settings: Settings
) -> None:
    first = client.get("/api/v1/push/key")
    assert first.status_code == 200
    point = b64url_decode(first.json()["public_key"])
    assert len(point) == 65
    assert point[0] == 4  # an uncompressed P-256 point
    assert client.get("/api/v1/push/key").json() == first.json()
    key_file = settings.data_dir / "vapid.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert service.vapid_keys(settings).private_pem == key_file.read_bytes().strip()


def test_keys_from_the_environment_are_used_and_the_public_one_derived(
    settings: Settings, tmp_path: Any
) -> None:
    made = service.vapid_keys(settings)
    given = settings.model_copy(
        update={"vapid_private_key": made.private_pem.decode(), "data_dir": tmp_path / "other"}
    )
    assert service.vapid_keys(given).application_server_key == made.application_server_key
    assert not (tmp_path / "other" / "vapid.pem").exists()


def test_a_young_person_subscribes_and_the_app_start_upserts_it(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    phone = as_person(world.yp1)
    device = fake.subscriber()
    first = put(phone, device.subscription())
    assert first.status_code == 200, first.text
    again = put(phone, device.subscription())
    assert again.json() == first.json()
    [row] = rows(engine)
    assert str(row.id) == first.json()["id"]
    assert (row.person_kind, row.person_id, row.session_id) == (
        "young_person",
        world.yp1.id,
        phone.session_id,
    )
    assert row.tenant_id == world.north.id


def test_on_a_shared_phone_the_endpoint_moves_to_whoever_signed_in_last(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    device = fake.subscriber()
    put(as_person(world.yp1), device.subscription())
    pa = as_person(world.pa1)  # staff subscribe the same way
    assert put(pa, device.subscription()).status_code == 200
    [row] = rows(engine)
    assert (row.person_kind, row.person_id, row.session_id) == (
        "staff",
        world.pa1.id,
        pa.session_id,
    )


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example.com/push/1",
        "http://fcm.googleapis.com/fcm/send/1",  # https only
        "https://fcm.googleapis.com:8443/fcm/send/1",
        "https://user@fcm.googleapis.com/fcm/send/1",
        "https://push.apple.com.evil.example/1",
        "https://push.apple.com/1",  # a host under it, not the domain itself
        "https://127.0.0.1/push/1",
        "not a url",
        "https://fcm.googleapis.com/fcm/send/\x00",  # PostgreSQL text cannot hold NUL
    ],
)
def test_an_endpoint_off_the_allow_list_is_refused(
    world: World,
    as_person: Callable[..., SignedIn],
    engine: Engine,
    fake: FakePushService,
    endpoint: str,
) -> None:
    body = fake.subscriber().subscription() | {"endpoint": endpoint}
    response = put(as_person(world.yp1), body)
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["body.endpoint"]
    assert rows(engine) == []


def test_turning_off_an_endpoint_that_cannot_be_one_is_a_422(
    world: World, as_person: Callable[..., SignedIn]
) -> None:
    phone = as_person(world.yp1)
    response = phone.client.request(
        "DELETE", "/api/v1/push/subscription", json={"endpoint": "\x00"}
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["body.endpoint"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com:443/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://wns2-par02p.notify.windows.com/w/?token=abc",
    ],
)
def test_the_known_push_services_are_allowed(endpoint: str) -> None:
    assert service.endpoint_allowed(endpoint, service.allowed_hosts(Settings()))


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        ({"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "body.keys.p256dh"),
        ({"auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "body.keys.p256dh"),
        ({"p256dh": None, "auth": "short"}, "body.keys.auth"),
    ],
)
def test_keys_that_cannot_encrypt_are_refused(
    world: World,
    as_person: Callable[..., SignedIn],
    engine: Engine,
    fake: FakePushService,
    keys: dict[str, Any],
    field: str,
) -> None:
    body = fake.subscriber().subscription()
    body["keys"] = {k: v if v is not None else body["keys"][k] for k, v in keys.items()}
    response = put(as_person(world.yp1), body)
    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert rows(engine) == []


def test_subscribing_needs_a_session_and_the_csrf_token(
    world: World, as_person: Callable[..., SignedIn], client: TestClient, fake: FakePushService
) -> None:
    body = fake.subscriber().subscription()
    assert client.put("/api/v1/push/subscription", json=body).status_code == 401
    phone = as_person(world.yp1)
    del phone.client.headers["X-CSRF-Token"]
    assert put(phone, body).status_code == 403


def test_turning_off_on_this_device_deletes_only_your_own(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    mine, theirs = fake.subscriber(), fake.subscriber()
    jordan, kai = as_person(world.yp1), as_person(world.yp2)
    put(jordan, mine.subscription())
    put(kai, theirs.subscription())
    gone = {"endpoint": theirs.endpoint}
    assert (
        jordan.client.request("DELETE", "/api/v1/push/subscription", json=gone).status_code == 204
    )
    assert len(rows(engine)) == 2
    off = {"endpoint": mine.endpoint}
    assert jordan.client.request("DELETE", "/api/v1/push/subscription", json=off).status_code == 204
    assert [r.endpoint for r in rows(engine)] == [theirs.endpoint]
    # Nothing left to turn off is fine too.
    assert jordan.client.request("DELETE", "/api/v1/push/subscription", json=off).status_code == 204


def test_signing_out_deletes_that_sessions_subscriptions_only(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    phone, tablet = as_person(world.yp1), as_person(world.yp1)
    put(phone, fake.subscriber().subscription())
    kept = fake.subscriber()
    put(tablet, kept.subscription())
    assert phone.client.post("/api/v1/auth/sign-out").status_code == 200
    assert [r.endpoint for r in rows(engine)] == [kept.endpoint]
    # Ending a session from another device does the same.
    other = as_person(world.yp1)
    ended = other.client.delete(f"/api/v1/auth/sessions/{tablet.session_id}")
    assert ended.status_code == 200
    assert rows(engine) == []


def test_sign_out_everywhere_deletes_every_subscription_of_the_person(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    phone, laptop, kai = as_person(world.yp1), as_person(world.yp1), as_person(world.yp2)
    put(phone, fake.subscriber().subscription())
    put(laptop, fake.subscriber().subscription())
    kais = fake.subscriber()
    put(kai, kais.subscription())
    with Session(engine) as session:  # one not tied to any session (made by the sender's tests)
        session.add(
            PushSubscription(
                tenant_id=world.north.id,
                person_kind="young_person",
                person_id=world.yp1.id,
                endpoint=fake.subscriber().endpoint,
                p256dh="x",
                auth="y",
            )
        )
        session.commit()
    assert phone.client.post("/api/v1/auth/sign-out-everywhere").json()["ended"] == 2
    assert [r.endpoint for r in rows(engine)] == [kais.endpoint]


def test_a_pa_signing_a_young_person_out_everywhere_stops_their_pushes(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    put(as_person(world.yp1), fake.subscriber().subscription())
    response = as_person(world.pa1).client.post(
        f"/api/v1/young-people/{world.yp1.id}/sign-out-everywhere"
    )
    assert response.status_code == 200
    assert rows(engine) == []


def test_a_session_that_runs_out_takes_its_subscriptions_with_it(
    world: World, as_person: Callable[..., SignedIn], engine: Engine, fake: FakePushService
) -> None:
    phone = as_person(world.yp1)
    put(phone, fake.subscriber().subscription())
    with time_machine.travel(datetime.now(UTC) + timedelta(days=91)):
        assert phone.client.get("/api/v1/auth/me").status_code == 401
    assert rows(engine) == []
