"""Nothing secret or personal reaches the server's log or a URL, proved in Chromium.

A server of its own, with its stdout and stderr captured to a file (e2e/server.py), sees the
real sign-in flows: a PA signs in with passphrase and TOTP and adds a young person, who joins
with the invite code and a PIN, signs out, signs in with the PIN, and signs out everywhere.
Then every log line is scanned for the session cookies, CSRF tokens, session ids, the invite
code, PIN, passphrase, TOTP code, username, preferred name and date of birth, and for any URL
path with an id in it; and every URL the browser requested is scanned for the same values.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pyotp
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import DESKTOP, new_phone, tab
from e2e.server import create_staff, running_server
from e2e.test_staff import staff_sign_in
from e2e.test_young_person_sign_in import join

NAME = "Zephyrine"
USERNAME = "zephyr-logscan"
PIN = "4718290365"
DOB = ("14", "5", "2007")
DOB_FORMS = ("2007-05-14", "14/05/2007", "14 May 2007", "2007-5-14")
# A URL path with an id in it: /young-people/1b4e28ba-2fa1-11d2-883f-0016d3cca427
ID_IN_PATH = re.compile(
    r"/[^\s\"']*[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}"
)


@dataclass
class Secrets:
    """What must never be logged, nor appear in a URL, by name."""

    values: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, *values: str) -> None:
        self.values.setdefault(kind, set()).update(v for v in values if v)

    def from_cookies(self, context: BrowserContext) -> None:
        for cookie in context.cookies():
            kind = "CSRF token" if "csrf" in cookie["name"] else "session cookie"
            self.add(kind, cookie["value"])

    def from_me(self, page: Page) -> None:
        """The session's id and CSRF token, as the signed-in browser itself sees them."""
        me = page.request.get("/api/v1/auth/me").json()
        self.add("session id", me["session_id"])
        self.add("CSRF token", me["csrf_token"])


def _pattern(value: str) -> re.Pattern[str]:
    # Digits only count as a whole number, so a PIN is not "found" inside a longer number.
    escaped = re.escape(value)
    return re.compile(rf"(?<!\d){escaped}(?!\d)" if value.isdigit() else escaped, re.IGNORECASE)


def leaks(lines: list[str], secrets: Secrets, *, ids_in_paths: bool) -> list[str]:
    """Each line that holds a secret (or, for logs, a URL path with an id), and why."""
    patterns = [(kind, _pattern(v)) for kind, vs in secrets.values.items() for v in vs]
    found = []
    for line in lines:
        text = unquote(line)
        found += [f"{kind}: {line[:200]}" for kind, pattern in patterns if pattern.search(text)]
        if ids_in_paths and ID_IN_PATH.search(text.lower()):
            found.append(f"URL with an id: {line[:200]}")
    return found


def known_secrets(code: str) -> Secrets:
    secrets = Secrets()
    secrets.add("invite code", code, code.replace("-", ""))
    secrets.add("PIN", PIN)
    secrets.add("username", USERNAME)
    secrets.add("preferred name", NAME)
    secrets.add("date of birth", *DOB_FORMS)
    return secrets


def test_the_scanner_finds_planted_values() -> None:
    secrets = known_secrets("ABCD-2345")
    secrets.add("session cookie", "tok_3f9a8b")
    lines = [
        '{"event": "request", "route": "/api/v1/young-people/{young_person_id}"}',
        '{"event": "oops", "path": "/api/v1/young-people/1b4e28ba-2fa1-11d2-883f-0016d3cca427"}',
        '{"event": "oops", "code": "abcd2345"}',
        '{"event": "oops", "body": "pin=4718290365"}',
        '{"event": "fine", "duration_ms": 47182903650}',
        "GET /c/riverford?name=Zephyrine%20Roe",
        "cookie: harbour_session=tok_3f9a8b",
    ]

    found = leaks(lines, secrets, ids_in_paths=True)

    assert [f.split(":")[0] for f in found] == [
        "URL with an id",
        "invite code",
        "PIN",
        "preferred name",
        "session cookie",
    ]


def staff_adds_young_person(page: Page) -> str:
    page.get_by_role("link", name="Add a young person").click()
    page.get_by_label("Preferred name").fill(NAME)
    for label, value in zip(("Day", "Month", "Year"), DOB, strict=True):
        page.get_by_label(label).fill(value)
    page.get_by_label("Former relevant").check()
    page.get_by_role("button", name="Add and get an invite code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    return page.get_by_test_id("invite-code").inner_text()


def young_person_joins(phone: Page, code: str) -> None:
    join(phone, code, USERNAME, PIN)
    expect(phone.get_by_test_id("signed-in-as")).to_have_text(f"Signed in as {NAME}")


def young_person_signs_in(phone: Page) -> None:
    phone.goto("/c/riverford/sign-in")
    phone.get_by_label("Username").fill(USERNAME)
    phone.get_by_label("PIN or passphrase").fill(PIN)
    phone.get_by_role("button", name="Sign in", exact=True).click()
    expect(phone.get_by_test_id("signed-in-as")).to_have_text(f"Signed in as {NAME}")


def sign_out(page: Page, path: str) -> None:
    page.goto(path)
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: not url.endswith(path))
    assert page.request.get("/api/v1/auth/me").status == 401


def test_no_secret_or_personal_data_reaches_the_log_or_a_url(
    browser: Browser, tmp_path: Path
) -> None:
    requested: list[str] = []
    with running_server(tmp_path) as url:
        pa = create_staff(tmp_path, "riverford", "logscan-pa", "Lena Scan", "personal_adviser")
        totp = pyotp.TOTP(pa.totp_secret).now()
        desk = browser.new_context(base_url=url, viewport=DESKTOP)
        phone_context = new_phone(browser, url)
        for watched in (desk, phone_context):
            watched.on("request", lambda request: requested.append(request.url))

        staff = desk.new_page()
        staff_sign_in(staff, pa.username, pa.passphrase, totp)
        expect(staff.get_by_role("heading", level=1)).to_have_text("Your caseload")
        code = staff_adds_young_person(staff)
        secrets = known_secrets(code)
        secrets.add("staff passphrase", pa.passphrase)
        secrets.add("TOTP code", totp)
        secrets.from_cookies(desk)
        secrets.from_me(staff)

        phone = phone_context.new_page()
        young_person_joins(phone, code)
        secrets.from_cookies(phone_context)
        secrets.from_me(phone)
        sign_out(phone, "/c/riverford/sign-out")
        young_person_signs_in(phone)
        secrets.from_cookies(phone_context)
        secrets.from_me(phone)
        phone.goto("/c/riverford/devices")
        phone.get_by_role("button", name="Sign out everywhere").click()
        expect(tab(phone, "Sign in")).to_be_visible()
        sign_out(staff, "/staff/sign-out")
        desk.close()
        phone_context.close()
    log = (tmp_path / "server.log").read_text().splitlines()

    # The log was captured, and it saw the staff sign-in, the join and the PIN sign-in.
    assert sum('"signed_in"' in line for line in log) == 3, "\n".join(log[-20:])
    assert len(secrets.values["session id"]) == 3
    assert leaks(log, secrets, ids_in_paths=True) == []
    assert leaks(requested, secrets, ids_in_paths=False) == []
    assert any("/api/v1/auth/join" in u for u in requested)  # the browser really did this
    # The scan is wired to the real values: one of them, planted in a copy, is found.
    planted = [*log, f'{{"event": "oops", "code": "{code}"}}']
    assert leaks(planted, secrets, ids_in_paths=True) == [f"invite code: {planted[-1]}"]
