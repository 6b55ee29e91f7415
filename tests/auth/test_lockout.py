"""Wrong PINs, passphrases and codes are slowed down, then locked. The count lives in the
database, so it holds across app processes; a PA's access reset clears it."""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.app import create_app
from harbour.audit.models import AuditEvent
from harbour.auth import service as auth_service
from harbour.auth.models import SignInThrottle
from harbour.config import Settings
from harbour.kernel.time import utc_now
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


JOIN = "/api/v1/auth/join"
CHECK = "/api/v1/auth/invite/check"
GUESS = {"code": "AAAA-AAAA", "secret": {"kind": "pin", "pin": "604172"}}


def from_address(app: FastAPI, address: str) -> TestClient:
    """A phone on a network with this public address (uvicorn sets it from a trusted proxy)."""
    return TestClient(app, client=(address, 50000))


@pytest.fixture
def kais_code(world: World, as_person: Callable[..., SignedIn]) -> str:
    """A new invite code for Kai (yp2), from their PA."""
    response = as_person(world.pa2).client.post(f"/api/v1/young-people/{world.yp2.id}/invite")
    assert response.status_code == 200
    return str(response.json()["code"])


def test_one_persons_wrong_codes_do_not_block_others_on_a_shared_network(
    settings: Settings, engine: Engine, clock: Clock, kais_code: str
) -> None:
    apps = [create_app(settings, engine), create_app(settings, engine)]
    home = [from_address(app, "203.0.113.7") for app in apps]  # one children's home, two apps
    college = from_address(apps[0], "198.51.100.20")

    mistakes = [home[i % 2].post(JOIN, json=GUESS).status_code for i in range(5)]
    right = home[1].post(JOIN, json=GUESS | {"code": kais_code, "username": "kai"})

    assert mistakes == [401] * 5
    assert right.status_code == 200  # a housemate's five mistakes cost Kai nothing
    # Someone guessing on purpose spends the home's hour's budget of 30, then waits.
    statuses = [home[i % 2].post(JOIN, json=GUESS).status_code for i in range(26)]
    assert statuses == [401] * 24 + [429] * 2
    refused = home[0].post(CHECK, json={"code": "BBBB-BBBB"})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) == 120  # one more try every 2 minutes
    assert college.post(JOIN, json=GUESS).status_code == 401  # another network is untouched
    clock.wait(120)
    assert home[1].post(JOIN, json=GUESS).status_code == 401
    assert home[0].post(JOIN, json=GUESS).status_code == 429
    clock.wait(3600)
    assert [home[0].post(JOIN, json=GUESS).status_code for _ in range(30)] == [401] * 30


def test_the_overall_budget_caps_guessing_spread_over_many_addresses(
    world: World, settings: Settings, engine: Engine, clock: Clock
) -> None:
    app = create_app(settings.model_copy(update={"invite_tries_total_hour": 10}), engine)
    addresses = [f"192.0.2.{n}" for n in range(12)]

    statuses = [from_address(app, a).post(JOIN, json=GUESS).status_code for a in addresses]

    assert statuses == [401] * 10 + [429] * 2
    clock.wait(360)  # an hour / 10
    assert from_address(app, "192.0.2.99").post(JOIN, json=GUESS).status_code == 401


def test_checking_a_code_is_counted_like_joining_and_never_forgives_wrong_tries(
    settings: Settings, engine: Engine, clock: Clock, kais_code: str
) -> None:
    app = create_app(settings.model_copy(update={"invite_tries_per_address_hour": 4}), engine)
    phone = from_address(app, "203.0.113.9")

    wrong = [phone.post(CHECK, json={"code": "CCCC-CCCC"}).status_code for _ in range(2)]
    right = [phone.post(CHECK, json={"code": kais_code}).status_code for _ in range(2)]

    assert wrong == [401, 401]
    assert right == [200, 200]  # a right check does not wipe out the wrong ones
    assert phone.post(CHECK, json={"code": kais_code}).status_code == 429
    assert phone.post(JOIN, json=GUESS | {"code": kais_code}).status_code == 429


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
