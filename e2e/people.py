"""Staff actions through the API, to set the scene for end-to-end tests: sign in as a PA,
add a young person and get their invite code, as the PA's own screens would."""

from dataclasses import dataclass
from itertools import count
from typing import Any

import httpx
import pyotp

from e2e.server import StaffAccount

_names = count(1)


def totp_now(account: StaffAccount) -> str:
    return pyotp.TOTP(account.totp_secret).now()


_clients: dict[tuple[str, str], httpx.Client] = {}


def staff_client(base_url: str, account: StaffAccount) -> httpx.Client:
    """An API client signed in as `account`, sending the CSRF token on changes. One per
    account for the whole run: each TOTP code works only once."""
    key = (base_url, account.username)
    if key in _clients:
        return _clients[key]
    client = httpx.Client(base_url=base_url)
    me = client.post(
        "/api/v1/auth/staff/sign-in",
        json={
            "council": account.council,
            "username": account.username,
            "passphrase": account.passphrase,
            "code": totp_now(account),
        },
    )
    me.raise_for_status()
    client.headers["X-CSRF-Token"] = me.json()["csrf_token"]
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
