"""Harbour running as a real process, for tests that need more than one, or a crash."""

import subprocess
import time

import httpx


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
