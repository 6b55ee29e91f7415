"""Start a real Harbour server with the demo content, as `make run` would, on a free port.

Used by the end-to-end tests and by the benchmark scripts in bench/.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _harbour(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "harbour.cli", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def _wait_until_ready(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("harbour serve exited early; see its log")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz/ready", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("harbour serve did not become ready in 30 s")


# Wrong sign-in tries slow down after 2 and lock at 4, with short waits, so the end-to-end
# tests can reach every state in seconds. Production defaults are 5, 10 and 2 seconds. The
# first wait is long enough for a browser on a busy 2-core machine to try again inside it.
LOCKOUT_BASE_DELAY_SECONDS = 3
QUICK_LOCKOUT = {
    "HARBOUR_LOCKOUT_FREE_ATTEMPTS": "2",
    "HARBOUR_LOCKOUT_THRESHOLD": "4",
    "HARBOUR_LOCKOUT_BASE_DELAY_SECONDS": str(LOCKOUT_BASE_DELAY_SECONDS),
    # Every test's browser comes from 127.0.0.1, so one network address joins many times an
    # hour; the API tests check the per-address budget itself.
    "HARBOUR_INVITE_TRIES_PER_ADDRESS_HOUR": "1000",
}


def harbour_env(
    data_dir: Path, static_dir: Path = ROOT / "frontend" / "dist", database_url: str = ""
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_")}
    env["HARBOUR_DATA_DIR"] = str(data_dir)
    if database_url:  # a benchmark's own PostgreSQL database; otherwise SQLite in data_dir
        env["HARBOUR_DATABASE_URL"] = database_url
    env["HARBOUR_STATIC_DIR"] = str(static_dir)
    env["HARBOUR_METRICS_PORT"] = "0"  # servers run side by side: one port would not do
    return env | QUICK_LOCKOUT


@dataclass(frozen=True)
class StaffAccount:
    council: str
    username: str
    passphrase: str
    totp_secret: str
    recovery_codes: list[str]


def create_staff(data_dir: Path, council: str, username: str, name: str, role: str) -> StaffAccount:
    """A local staff account made with `harbour staff create`, as an operator would."""
    passphrase = f"{username} sails the harbour"
    env = harbour_env(data_dir) | {"E2E_PASSPHRASE": passphrase}
    args = ["staff", "create", "--council", council, "--name", name, "--username", username]
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "harbour.cli",
            *args,
            "--role",
            role,
            "--passphrase-env",
            "E2E_PASSPHRASE",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        raise RuntimeError(f"harbour staff create failed: {made.stderr or made.stdout}")
    output = made.stdout
    secret = re.search(r"authenticator app: ([A-Z2-7]+)", output)
    codes = re.findall(r"^  ([A-Z0-9]{5}-[A-Z0-9]{5})$", output, re.MULTILINE)
    if secret is None:
        raise RuntimeError(f"harbour staff create said: {output}")
    return StaffAccount(council, username, passphrase, secret.group(1), codes)


@dataclass(frozen=True)
class Server:
    base_url: str
    process: subprocess.Popen[bytes]  # `harbour serve` itself (bench.startup reads its memory)


@contextmanager
def harbour_server(
    data_dir: Path,
    static_dir: Path = ROOT / "frontend" / "dist",
    database_url: str = "",
    extra_env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Migrate, load the demo councils and serve from `data_dir`, once ready.
    `extra_env` adds settings (a test's push service in HARBOUR_PUSH_HOSTS)."""
    if not (static_dir / "index.html").exists():
        raise RuntimeError("The front end is not built: run `make build`.")
    env = harbour_env(data_dir, static_dir, database_url) | (extra_env or {})
    _harbour(env, "migrate")
    _harbour(env, "demo")
    port = free_port()
    with (data_dir / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "harbour.cli", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(base_url, process)
            yield Server(base_url, process)
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def running_server(
    data_dir: Path,
    static_dir: Path = ROOT / "frontend" / "dist",
    database_url: str = "",
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    """harbour_server's base URL."""
    with harbour_server(data_dir, static_dir, database_url, extra_env) as server:
        yield server.base_url
