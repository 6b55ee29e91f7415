"""Wrong PINs, passphrases and codes are slowed down, then locked. The count lives in the
database, so it holds across app processes; a PA's access reset clears it."""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.app import create_app
from harbour.audit.models import AuditEvent
from harbour.auth import service as auth_service
from harbour.auth.models import SignInThrottle
from harbour.config import Settings
from harbour.tenants.models import utc_now
from tests.people import PIN, SignedIn, World

SIGN_IN = "/api/v1/auth/young-person/sign-in"
WRONG = {"council": "northdale", "username": "jordan", "secret": "000000"}
RIGHT = WRONG | {"secret": PIN}


class Clock:
    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(auth_service, "utc_now", clock)
    return clock


@pytest.fixture
def two_apps(settings: Settings, engine: Engine) -> Iterator[list[TestClient]]:
    """Two separate app instances sharing one database, like two processes."""
    with (
        TestClient(create_app(settings, engine)) as a,
        TestClient(create_app(settings, engine)) as b,
    ):
        yield [a, b]


def test_twenty_wrong_pins_across_two_apps_are_slowed_then_locked_and_a_reset_unlocks(
    world: World,
    two_apps: list[TestClient],
    clock: Clock,
    as_person: Callable[..., SignedIn],
    engine: Engine,
) -> None:
    statuses, waits = [], []
    for attempt in range(20):
        response = two_apps[attempt % 2].post(SIGN_IN, json=WRONG)
        statuses.append(response.status_code)
        if response.status_code == 429:
            waits.append(int(response.headers["retry-after"]))
            clock.wait(waits[-1])  # the phone waits as it was told

    assert statuses == [401] * 5 + [429, 401] * 5 + [423] * 5
    assert waits == [2, 4, 8, 16, 32]  # the wait doubles after each wrong try
    assert two_apps[0].post(SIGN_IN, json=RIGHT).status_code == 423  # locked: even the right PIN
    clock.wait(3600 * 24)
    assert two_apps[1].post(SIGN_IN, json=RIGHT).status_code == 423  # until a reset

    reset = as_person(world.pa1).client.post(f"/api/v1/young-people/{world.yp1.id}/reset-access")
    assert reset.status_code == 200
    assert two_apps[0].post(SIGN_IN, json=RIGHT).status_code == 401  # the old PIN stopped working
    joined = two_apps[1].post(
        "/api/v1/auth/join",
        json={"code": reset.json()["code"], "secret": {"kind": "pin", "pin": "604172"}},
    )
    assert joined.status_code == 200
    assert two_apps[0].post(SIGN_IN, json=RIGHT | {"secret": "604172"}).status_code == 200
    with Session(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert actions.count("sign_in_failed") == 11  # the ten counted tries, and the old PIN
    assert "sign_in_locked" in actions
    assert "access_reset" in actions


def test_a_right_pin_within_the_free_tries_clears_the_count(
    world: World, two_apps: list[TestClient], clock: Clock
) -> None:
    for _ in range(4):
        assert two_apps[0].post(SIGN_IN, json=WRONG).status_code == 401
    assert two_apps[1].post(SIGN_IN, json=RIGHT).status_code == 200
    for _ in range(5):
        assert two_apps[0].post(SIGN_IN, json=WRONG).status_code == 401  # a fresh count


def test_an_unknown_username_is_treated_exactly_like_a_known_one(
    world: World, two_apps: list[TestClient], clock: Clock
) -> None:
    def statuses(username: str) -> list[int]:
        seen = []
        for attempt in range(12):
            response = two_apps[attempt % 2].post(SIGN_IN, json=WRONG | {"username": username})
            seen.append(response.status_code)
            if response.status_code == 429:
                clock.wait(int(response.headers["retry-after"]))
        return seen

    assert statuses("nobody-called-this") == statuses("jordan")


def test_racing_tries_are_each_counted_once(
    world: World, two_apps: list[TestClient], clock: Clock, engine: Engine
) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda i: two_apps[i % 2].post(SIGN_IN, json=WRONG), range(8)))

    checked = [r for r in responses if r.status_code == 401]
    assert {r.status_code for r in responses} <= {401, 429}
    with Session(engine) as session:
        row = session.exec(select(SignInThrottle)).one()
    assert row.failures == len(checked) <= 5  # nobody got a free guess


def test_guessing_invite_codes_from_one_address_is_slowed_then_refused_for_an_hour(
    world: World, two_apps: list[TestClient], clock: Clock, as_person: Callable[..., SignedIn]
) -> None:
    reset = as_person(world.pa2).client.post(f"/api/v1/young-people/{world.yp2.id}/reset-access")
    assert reset.status_code == 200
    code = reset.json()["code"]
    guess = {"code": "AAAA-AAAA", "username": "kai", "secret": {"kind": "pin", "pin": "604172"}}
    statuses = []
    for attempt in range(16):
        response = two_apps[attempt % 2].post("/api/v1/auth/join", json=guess)
        statuses.append(response.status_code)
        if response.status_code == 429:
            clock.wait(int(response.headers["retry-after"]))
    right = guess | {"code": code}

    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 423
    assert two_apps[0].post("/api/v1/auth/join", json=right).status_code == 423
    clock.wait(3601)
    assert two_apps[1].post("/api/v1/auth/join", json=right).status_code == 200


def test_wrong_staff_codes_lock_staff_accounts_too(
    world: World, two_apps: list[TestClient], clock: Clock
) -> None:
    body = {"council": "northdale", "username": "nobody", "passphrase": "x", "code": "123456"}
    statuses = []
    for attempt in range(16):
        response = two_apps[attempt % 2].post("/api/v1/auth/staff/sign-in", json=body)
        statuses.append(response.status_code)
        if response.status_code == 429:
            clock.wait(int(response.headers["retry-after"]))

    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 423
