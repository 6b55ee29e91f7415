"""Staff actions through the API, to set the scene for end-to-end tests: sign in as a PA,
add a young person and get their invite code, as the PA's own screens would."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pyotp
from playwright.sync_api import BrowserContext

from e2e.server import StaffAccount, create_staff

_names = count(1)


# The last TOTP time step used with each secret: the server takes each step once, in order.
_last_steps: dict[str, int] = {}


def totp_now(account: StaffAccount) -> str:
    """A TOTP code the server has not seen yet. It accepts the steps either side of now (a
    phone's clock may be 30 s out), so two sign-ins fit in one step: now's and the next's;
    past that, wait. Never the step before now: a sign-in slowed by a busy machine (Argon2
    waits its turn) could reach the server a step later, when that code is too old."""
    totp = pyotp.TOTP(account.totp_secret)
    step = max(_last_steps.get(account.totp_secret, -1) + 1, totp.timecode(datetime.now(UTC)))
    while step > totp.timecode(datetime.now(UTC)) + 1:
        time.sleep(1)
    _last_steps[account.totp_secret] = step
    return totp.generate_otp(step)


def staff_sign_in(client: httpx.Client, account: StaffAccount, code: str) -> dict[str, Any]:
    """Signs `client` in as `account` with `code` (TOTP or recovery); the answer's body."""
    response = client.post(
        "/api/v1/auth/staff/sign-in",
        json={
            "council": account.council,
            "username": account.username,
            "passphrase": account.passphrase,
            "code": code,
        },
    )
    response.raise_for_status()
    signed_in: dict[str, Any] = response.json()
    return signed_in


_clients: dict[tuple[str, str, str], httpx.Client] = {}


def staff_client(base_url: str, account: StaffAccount) -> httpx.Client:
    """An API client signed in as `account`, sending the CSRF token on changes. One per
    account for the whole run: each TOTP code works only once."""
    key = (base_url, account.council, account.username)  # usernames repeat across councils
    if key in _clients:
        return _clients[key]
    client = httpx.Client(base_url=base_url)
    client.headers["X-CSRF-Token"] = staff_sign_in(client, account, totp_now(account))["csrf_token"]
    _clients[key] = client
    return client


@dataclass(frozen=True)
class NewYoungPerson:
    id: str
    preferred_name: str
    code: str


def add_young_person(
    base_url: str, pa: StaffAccount, name: str | None = None, **fields: Any
) -> NewYoungPerson:
    """A new young person on the PA's caseload, and the invite code to give them."""
    name = name or f"Sam{next(_names)}"
    body = {
        "preferred_name": name,
        "date_of_birth": "2007-05-14",
        "legal_status": "former_relevant",
    }
    response = staff_client(base_url, pa).post("/api/v1/young-people", json=body | fields)
    response.raise_for_status()
    created = response.json()
    return NewYoungPerson(created["young_person"]["id"], name, created["invite"]["code"])


def sign_in_browser(context: BrowserContext, base_url: str, account: StaffAccount) -> None:
    """Signs `account` in for a browser, with one of their recovery codes (a TOTP code works
    once, and tests sign in more often than every 30 seconds)."""
    client = httpx.Client(base_url=base_url)
    # Recovery codes are few (ten): after them, TOTP codes.
    code = account.recovery_codes.pop() if account.recovery_codes else totp_now(account)
    staff_sign_in(client, account, code)
    context.add_cookies(
        [
            {"name": cookie.name, "value": cookie.value or "", "url": base_url}
            for cookie in client.cookies.jar
        ]
    )
    client.close()


def add_local_staff(base_url: str, admin: StaffAccount, username: str, role: str) -> str:
    """A new local staff account, added by an admin; returns its invite code."""
    response = staff_client(base_url, admin).post(
        "/api/v1/staff",
        json={
            "display_name": f"{username.title()} Jones",
            "role": role,
            "sign_in": "local",
            "username": username,
        },
    )
    response.raise_for_status()
    return str(response.json()["invite"]["code"])


def staff_in_team(
    base_url: str,
    data_dir: Path,
    admin: StaffAccount,
    team: str,
    people: dict[str, tuple[str, str]],
) -> dict[str, StaffAccount]:
    """Local staff accounts (username -> (display name, role)) in the team named `team`,
    made first if the council has no such team."""
    client = staff_client(base_url, admin)
    teams = {item["name"]: item["id"] for item in client.get("/api/v1/teams").json()["teams"]}
    if team not in teams:
        made = client.post("/api/v1/teams", json={"name": team})
        made.raise_for_status()
        teams[team] = made.json()["id"]
    accounts = {}
    for username, (name, role) in people.items():
        accounts[username] = create_staff(data_dir, admin.council, username, name, role)
        staff = client.get("/api/v1/staff").json()["staff"]
        staff_id = next(member["id"] for member in staff if member["display_name"] == name)
        client.patch(f"/api/v1/staff/{staff_id}", json={"team_id": teams[team]}).raise_for_status()
    return accounts
