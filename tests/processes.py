"""Harbour running as a real process, for tests that need more than one, or a crash."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    """Wait (30 s at most) until `url` answers 200; fail at once if the process stops."""
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert process.poll() is None, "the Harbour process stopped"
        assert time.monotonic() < deadline, "the Harbour process did not start in 30 s"
        time.sleep(0.1)


@contextmanager
def harbour_serve(
    database_url: str, data_dir: Path, port: int
) -> Iterator[subprocess.Popen[bytes]]:
    """`harbour serve` as an operator runs it, on `port`; yields once it answers /readyz."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_")} | {
        "HARBOUR_DATABASE_URL": database_url,
        "HARBOUR_DATA_DIR": str(data_dir),
        "HARBOUR_STATIC_DIR": str(data_dir / "no-frontend"),
        "HARBOUR_SECRET_KEY": "the same key before and after the crash",
    }
    with (data_dir / f"server-{port}.log").open("ab") as log:
        process = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
            [sys.executable, "-m", "harbour.cli", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/readyz", process)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)
