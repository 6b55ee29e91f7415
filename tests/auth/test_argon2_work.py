"""Every refused sign-in costs one Argon2 check, whether the council, the name or the secret
was wrong, so the time taken does not say whether a name exists. Where there is no one to
check, the check runs against a dummy hash, made once per process and never at import."""

import threading
from typing import Any

import argon2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from harbour import credentials
from tests.people import World


class Counted:
    """Counts Argon2 hashes and checks, still doing them (their cost is the point)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hashes = self.verifies = 0
        hash_, verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify

        def counted_hash(hasher: argon2.PasswordHasher, *args: Any, **kwargs: Any) -> str:
            self.hashes += 1
            return hash_(hasher, *args, **kwargs)

        def counted_verify(hasher: argon2.PasswordHasher, *args: Any, **kwargs: Any) -> bool:
            self.verifies += 1
            return verify(hasher, *args, **kwargs)

        monkeypatch.setattr(argon2.PasswordHasher, "hash", counted_hash)
        monkeypatch.setattr(argon2.PasswordHasher, "verify", counted_verify)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counted:
    credentials._make_dummy_hash.cache_clear()  # as in a process that has not needed it
    return Counted(monkeypatch)


YP_SIGN_IN = "/api/v1/auth/young-person/sign-in"
STAFF_SIGN_IN = "/api/v1/auth/staff/sign-in"
UNKNOWN_YP = {"council": "northdale", "username": "nobody-called-this", "secret": "604172"}
KNOWN_YP_WRONG_PIN = UNKNOWN_YP | {"username": "jordan"}
UNKNOWN_COUNCIL = KNOWN_YP_WRONG_PIN | {"council": "nowhere"}
UNKNOWN_STAFF = {
    "council": "northdale",
    "username": "nobody-called-this",
    "passphrase": "not anyone's passphrase",
    "code": "123456",
}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (YP_SIGN_IN, UNKNOWN_YP),
        (YP_SIGN_IN, KNOWN_YP_WRONG_PIN),
        (YP_SIGN_IN, UNKNOWN_COUNCIL),
        (STAFF_SIGN_IN, UNKNOWN_STAFF),
    ],
)
def test_a_refused_sign_in_costs_one_argon2_check_known_name_or_not(
    world: World, app: FastAPI, counted: Counted, path: str, body: dict[str, str]
) -> None:
    with TestClient(app) as client:  # start-up makes the dummy hash, before any sign-in
        assert counted.hashes == 1
        for attempt in (1, 2):
            assert client.post(path, json=body).status_code == 401
            assert counted.verifies == attempt
        assert counted.hashes == 1


def test_without_start_up_the_first_unknown_name_makes_the_dummy_hash_once(
    world: World, app: FastAPI, counted: Counted
) -> None:
    client = TestClient(app)  # not entered: no start-up, as in a process serving no app
    for attempt in (1, 2):
        assert client.post(YP_SIGN_IN, json=UNKNOWN_YP).status_code == 401
        assert (counted.hashes, counted.verifies) == (1, attempt)


def test_threads_that_need_the_dummy_hash_together_make_it_once(counted: Counted) -> None:
    start = threading.Barrier(4)
    made: list[str] = []

    def need_it() -> None:
        start.wait()
        made.append(credentials.dummy_hash())

    threads = [threading.Thread(target=need_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert counted.hashes == 1
    assert len(made) == 4
    assert len(set(made)) == 1


def test_at_most_argon2_at_once_checks_run_together_and_the_rest_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    credentials.dummy_hash()  # made now, so each thread below only checks
    verify = argon2.PasswordHasher.verify
    running: list[int] = []
    all_slots_taken, go_on = threading.Event(), threading.Event()
    count_lock = threading.Lock()

    def held_check(hasher: argon2.PasswordHasher, *args: Any, **kwargs: Any) -> bool:
        with count_lock:
            running.append(1)
            if len(running) == credentials.ARGON2_AT_ONCE:
                all_slots_taken.set()
        go_on.wait(timeout=60)
        return verify(hasher, *args, **kwargs)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", held_check)
    tries = credentials.ARGON2_AT_ONCE + 2
    threads = [
        threading.Thread(target=credentials.verify_secret, args=("604172", None))
        for _ in range(tries)
    ]
    for thread in threads:
        thread.start()

    assert all_slots_taken.wait(timeout=60)
    assert not credentials._argon2_slots.acquire(blocking=False)  # one more must wait
    assert len(running) == credentials.ARGON2_AT_ONCE
    go_on.set()
    for thread in threads:
        thread.join()
    assert len(running) == tries
