"""Two real app processes (uvicorn) share one database: wrong PINs sent to both, in turn,
are counted together, slowed down, then locked; invite-code tries are counted together per
network address and overall."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from e2e.server import free_port
from sqlalchemy import Engine

from harbour.app import create_app
from harbour.config import Settings
from tests.people import PIN, World, sign_in_as
from tests.processes import wait_until_answering

WRONG = {"council": "northdale", "username": "jordan", "secret": "000000"}
SIGN_IN = "/api/v1/auth/young-person/sign-in"


KEY = "two-processes-share-this-key"


@contextmanager
def harbour_process(
    database_url: str, data_dir: Path, extra: dict[str, str] | None = None
) -> Iterator[str]:
    port = free_port()
    env = (
        os.environ
        | {
            "HARBOUR_DATABASE_URL": database_url,
            "HARBOUR_DATA_DIR": str(data_dir),
            "HARBOUR_STATIC_DIR": str(data_dir / "no-frontend"),
            "HARBOUR_SECRET_KEY": KEY,
            # Small numbers so the test is quick; the rules are the same as in production.
            "HARBOUR_LOCKOUT_FREE_ATTEMPTS": "3",
            "HARBOUR_LOCKOUT_THRESHOLD": "5",
            "HARBOUR_LOCKOUT_BASE_DELAY_SECONDS": "2",
        }
        | (extra or {})
    )
    # uvicorn trusts X-Forwarded-For from 127.0.0.1 (its default), as from a council's proxy.
    command = [sys.executable, "-m", "uvicorn", "harbour.app:create_app", "--factory"]
    process = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/healthz/live", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_wrong_pins_sent_to_two_processes_are_slowed_then_locked(
    world: World, database_url: str, tmp_path: Path
) -> None:
    with (
        harbour_process(database_url, tmp_path) as first,
        harbour_process(database_url, tmp_path) as second,
    ):
        statuses, waits = [], []
        for attempt in range(20):
            url = (first, second)[attempt % 2]
            response = httpx.post(url + SIGN_IN, json=WRONG, timeout=10)
            statuses.append(response.status_code)
            if response.status_code == 429:
                waits.append(int(response.headers["retry-after"]))
                time.sleep(waits[-1])
        right = httpx.post(first + SIGN_IN, json=WRONG | {"secret": PIN}, timeout=10)

    assert statuses == [401] * 3 + [429, 401] * 2 + [423] * 13
    # The waits double (2 s, then 4 s); Retry-After counts what is left of each when the
    # early try arrives, which on a busy machine can be a second less.
    assert waits[0] <= 2 < waits[1] <= 4, waits
    assert right.status_code == 423


JOIN = "/api/v1/auth/join"
GUESS = {"code": "AAAA-AAAA", "secret": {"kind": "pin", "pin": "604172"}}


def test_invite_code_tries_are_budgeted_per_address_and_overall_across_two_processes(
    world: World, database_url: str, tmp_path: Path, settings: Settings, engine: Engine
) -> None:
    same_key = create_app(settings.model_copy(update={"secret_key": KEY}), engine)
    pa = sign_in_as(same_key, engine, settings, world.pa2).client
    code = pa.post(f"/api/v1/young-people/{world.yp2.id}/invite").json()["code"]
    budgets = {
        "HARBOUR_INVITE_TRIES_PER_ADDRESS_HOUR": "4",
        "HARBOUR_INVITE_TRIES_TOTAL_HOUR": "10",
    }

    def tries(address: str, count: int, body: dict[str, object] = GUESS) -> list[int]:
        return [
            httpx.post(
                (first, second)[n % 2] + JOIN,
                json=body,
                headers={"X-Forwarded-For": address},
                timeout=10,
            ).status_code
            for n in range(count)
        ]

    with (
        harbour_process(database_url, tmp_path, budgets) as first,
        harbour_process(database_url, tmp_path, budgets) as second,
    ):
        home = tries("203.0.113.7", 6)  # one address spends its 4, shared by both processes
        college = tries("198.51.100.20", 1) + tries(
            "198.51.100.20", 1, GUESS | {"code": code, "username": "kai"}
        )
        others = tries("192.0.2.1", 4) + tries("192.0.2.2", 1)  # the overall 10 are spent

    assert home == [401] * 4 + [429] * 2
    assert college == [401, 200]  # the home's guessing did not block Kai at college
    assert others == [401] * 4 + [429]
