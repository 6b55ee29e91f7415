"""Issue 6's "Done when" in Chromium: reminders reach the phone as a generic notification, and
a tap opens the right screen.

A server of its own sends to a fake push service on 127.0.0.1 (tests/fake_push.py, allowed by
HARBOUR_PUSH_HOSTS). A real `pushManager.subscribe()` needs Google's push service, so the
page's PushManager is a stub (tech-notes §2.6 layer 3) whose subscription points at the fake
service with keys the test made. The person taps "Turn on reminders" (the browser is asked
for permission then, and only then); their PA replies; the worker in `harbour serve` sends;
the fake service decrypts; the test hands the plaintext to the service worker with the
DevTools protocol's `ServiceWorker.deliverPushMessage` (layer 2) and reads the notification
back. A tap is the worker's own `clickNotification`, run inside the worker."""

import json
import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, Worker, expect
from tests.fake_push import FakePushService, FakeSubscriber, Received, running_fake_push

from e2e.conftest import (
    DESKTOP,
    OwnServer,
    assert_no_axe_violations,
    new_phone,
    own_server,
    wait_for_service_worker,
)
from e2e.people import add_young_person, sign_in_browser, staff_client
from e2e.server import StaffAccount, create_staff
from e2e.test_my_plan import PLAN
from e2e.test_triage_queue import YoungPersonClient
from e2e.test_young_person_sign_in import PIN, sign_in

REMINDERS = "/c/riverford/reminders"
INBOX = "/c/riverford/inbox"
PUSH_SUBSCRIPTION = "/api/v1/push/subscription"
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
GENERIC = {"You have a reminder", "You have a new message", "You have an urgent message"}


@pytest.fixture(scope="module")
def push() -> Iterator[FakePushService]:
    with running_fake_push() as push:
        yield push


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory, push: FakePushService) -> Iterator[OwnServer]:
    allowed = {"HARBOUR_PUSH_HOSTS": push.allow_entry}
    with own_server(tmp_path_factory, "harbour-reminders", allowed) as server:
        yield server


@pytest.fixture(scope="module")
def adviser(harbour: OwnServer) -> StaffAccount:
    return create_staff(harbour.data_dir, "riverford", "rhian", "Rhian Moss", "personal_adviser")


# The page's PushManager, answering with the test's subscription once "subscribed" (kept in
# localStorage, so it lasts across reloads like a real one), and counting permission asks.
STUB = """(() => {
  const subscription = %s;
  const KEY = "harbour-e2e-subscribed";
  const bytes = (text) => Uint8Array.from(
    atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=")),
    (char) => char.charCodeAt(0)).buffer;
  const text = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  const made = (serverKey) => ({
    endpoint: subscription.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: bytes(serverKey) },
    getKey: (name) => bytes(subscription.keys[name]),
    toJSON: () => ({
      endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys,
    }),
    unsubscribe: async () => { localStorage.removeItem(KEY); return true; },
  });
  if (typeof PushManager === "undefined") return;
  PushManager.prototype.subscribe = async function (options) {
    const key = options.applicationServerKey;
    localStorage.setItem(KEY, text(key.buffer ?? key));
    return made(localStorage.getItem(KEY));
  };
  PushManager.prototype.getSubscription = async function () {
    const key = localStorage.getItem(KEY);
    return key === null ? null : made(key);
  };
  PushManager.prototype.permissionState = async () => "granted";
  const ask = Notification.requestPermission.bind(Notification);
  window.harbourAsked = 0;
  Notification.requestPermission = (...args) => { window.harbourAsked += 1; return ask(...args); };
})();"""


def stub_push(context: BrowserContext, base_url: str, subscriber: FakeSubscriber) -> None:
    context.grant_permissions(["notifications"], origin=base_url)
    context.add_init_script(STUB % json.dumps(subscriber.subscription()))


def quiet_hours_away_from_now(base_url: str) -> tuple[str, str]:
    """Quiet hours (council time) that do not hold back a reminder sent now."""
    zone = httpx.get(f"{base_url}/api/v1/councils/riverford").json()["time_zone"]
    now = datetime.now(ZoneInfo(zone))
    start, end = now + timedelta(hours=3), now + timedelta(hours=4)
    return start.strftime("%H:%M"), end.strftime("%H:%M")


def turn_on(page: Page, base_url: str, button: str, notice: str) -> tuple[str, str]:
    """On the reminders page, sets quiet hours that hold nothing back now and presses
    `button`, which says `notice`; returns those quiet hours."""
    start, end = quiet_hours_away_from_now(base_url)
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("Until", exact=True).fill(end)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_test_id("reminders-notice")).to_have_text(notice)
    return start, end


def pushed_to(push: FakePushService, subscriber: FakeSubscriber, timeout: float = 60) -> Received:
    """The first message the fake push service decrypted for `subscriber`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in list(push.received):
            if received.endpoint == subscriber.endpoint:
                return received
        time.sleep(0.25)
    raise AssertionError(f"nothing was pushed in {timeout} s; refused: {push.problems}")


def deliver(context: BrowserContext, page: Page, base_url: str, plaintext: bytes) -> None:
    """Hands a push's plaintext to the page's service worker, as a push service would."""
    cdp = context.new_cdp_session(page)
    found: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(
            r["registrationId"] for r in event["registrations"] if not r["isDeleted"]
        ),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if found:
            break
        page.wait_for_timeout(100)
    assert found, "no service worker registration"
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": f"{base_url}/", "registrationId": found[0], "data": plaintext.decode()},
    )


# The notifications on screen, once there are at least `atLeast` (or after 10 s).
SHOWN = """async (atLeast) => {
  const registration = await navigator.serviceWorker.ready;
  for (let tries = 0; tries < 100; tries += 1) {
    const shown = await registration.getNotifications();
    if (shown.length >= atLeast) {
      return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return [];
}"""

# What a tap does: the worker's notificationclick handler's own function, run in the worker.
TAP = """async () => {
  const [shown] = await self.registration.getNotifications();
  await harbourServiceWorker.clickNotification(shown);
}"""


def service_worker(context: BrowserContext) -> Worker:
    for worker in context.service_workers:
        if urlsplit(worker.url).path == "/sw.js":  # staff's is /sw.js?for=staff
            return worker
    return context.wait_for_event("serviceworker")


def young_person_on_phone(
    harbour: OwnServer, adviser: StaffAccount, page: Page, name: str
) -> YoungPersonClient:
    """A young person on the adviser's caseload, signed in on the phone (`page`, controlled by
    the service worker) and, for sending statements, through the API."""
    person = add_young_person(harbour.url, adviser, name)
    username = f"{name.lower()}-{uuid.uuid4().hex[:6]}"
    client = httpx.Client(base_url=harbour.url)
    me = client.post(
        "/api/v1/auth/join",
        json={"code": person.code, "username": username, "secret": {"kind": "pin", "pin": PIN}},
    )
    me.raise_for_status()
    client.headers["X-CSRF-Token"] = me.json()["csrf_token"]
    sign_in(page, username, PIN)
    expect(page.get_by_test_id("signed-in-as")).to_have_text(f"Signed in as {name}")
    wait_for_service_worker(page)
    return YoungPersonClient(person.id, name, client)


def subscription_sent(response: Response) -> bool:
    return response.request.method == "PUT" and response.url.endswith(PUSH_SUBSCRIPTION)


def inbox_item(client: httpx.Client, item_id: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = client.get("/api/v1/inbox").json()["items"]
    return next(item for item in items if item["id"] == item_id)


def seen_on_server(page: Page, client: httpx.Client, item_id: str) -> bool:
    """Whether the app's "seen" has reached the server, waiting up to 10 s for it: the tap
    opens the screen at once and marks it seen in the background."""
    for _ in range(100):
        if inbox_item(client, item_id)["seen_at"] is not None:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.fixture
def phone(browser: Browser, harbour: OwnServer) -> Iterator[BrowserContext]:
    context = new_phone(browser, harbour.url)
    yield context
    context.close()


def test_a_reply_reaches_the_phone_as_a_generic_notification_and_a_tap_opens_it(
    phone: BrowserContext, harbour: OwnServer, push: FakePushService, adviser: StaffAccount
) -> None:
    subscriber = push.subscriber()
    stub_push(phone, harbour.url, subscriber)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    kit = young_person_on_phone(harbour, adviser, page, "Kit")

    page.goto(REMINDERS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    state = page.get_by_test_id("reminders-phone")
    expect(state).to_have_attribute("data-state", "off")
    assert page.evaluate("window.harbourAsked") == 0  # never asked on load
    assert_no_axe_violations(page)

    start, end = turn_on(
        page, harbour.url, "Turn on reminders", "Reminders are on. We'll remind you on this phone."
    )
    assert page.evaluate("window.harbourAsked") == 1  # asked on the tap
    expect(state).to_have_attribute("data-state", "on")
    assert_no_axe_violations(page)
    settings = kit.client.get("/api/v1/reminders/settings").json()
    assert (settings["quiet_start"], settings["quiet_end"]) == (start, end)

    # Push services drop subscriptions without a word, so every start sends it again: here
    # the server has lost it, and opening the app puts it back.
    gone = {"endpoint": subscriber.endpoint}
    kit.client.request("DELETE", PUSH_SUBSCRIPTION, json=gone).raise_for_status()
    with page.expect_response(subscription_sent) as answer:
        page.reload()
    assert answer.value.ok
    expect(state).to_have_attribute("data-state", "on")

    reply = "Kit, your bus pass is sorted. Pick it up on Friday."
    statement = kit.send("problem", answers={"text": "My bus pass ran out."})
    pa = staff_client(harbour.url, adviser)
    pa.post(f"/api/v1/statements/{statement}/replies", json={"text": reply}).raise_for_status()

    received = pushed_to(push, subscriber)
    payload = json.loads(received.plaintext)
    assert payload["title"] == "Harbour"
    assert payload["body"] == "You have a new message"
    for private in ("Kit", "bus pass", "Rhian", "Friday"):
        assert private not in received.plaintext.decode()  # a lock screen is public
    match = re.fullmatch(r"/c/riverford/inbox/([^/]+)", payload["open"])
    assert match, payload["open"]
    item = inbox_item(kit.client, match.group(1))
    assert item["seen_at"] is None

    page.goto(INBOX)  # the inbox is the record, push or no push
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(page.get_by_test_id("inbox-link")).to_have_accessible_name("Inbox, 1 new")
    expect(page.get_by_test_id("inbox-new").get_by_test_id("inbox-item")).to_have_count(1)
    expect(page.get_by_test_id("inbox-new")).to_contain_text(item["title"])
    assert_no_axe_violations(page)

    deliver(phone, page, harbour.url, received.plaintext)
    shown = page.evaluate(SHOWN, 1)
    assert [(n["title"], n["body"]) for n in shown] == [("Harbour", "You have a new message")]
    assert shown[0]["data"] == {"open": payload["open"]}

    service_worker(phone).evaluate(TAP)
    expect(page).to_have_url(f"{harbour.url}{item['open']}")  # via the inbox: seen, then opened
    assert seen_on_server(page, kit.client, item["id"])
    expect(page.get_by_test_id("inbox-link")).to_have_accessible_name("Inbox")
    assert page.evaluate(SHOWN, 0) == []  # tapped, so closed

    page.goto(REMINDERS)
    page.get_by_role("button", name="Turn off on this phone").click()
    expect(page.get_by_test_id("reminders-notice")).to_have_text(
        "Reminders are off on this phone. You can still see them in your inbox."
    )
    expect(state).to_have_attribute("data-state", "off")
    subscription = "navigator.serviceWorker.ready.then((r) => r.pushManager.getSubscription())"
    assert page.evaluate(subscription) is None


def staff_with_notifications(
    browser: Browser, harbour: OwnServer, adviser: StaffAccount, subscriber: FakeSubscriber
) -> tuple[BrowserContext, Page]:
    """The adviser's desktop browser, signed in, with notifications turned on there (to
    `subscriber`) and quiet hours that hold nothing back now."""
    desk = browser.new_context(base_url=harbour.url, viewport=DESKTOP)
    stub_push(desk, harbour.url, subscriber)
    sign_in_browser(desk, harbour.url, adviser)
    staff = desk.new_page()
    staff.set_default_timeout(10_000)
    staff.goto("/staff/reminders")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Reminders")
    wait_for_service_worker(staff)
    assert_no_axe_violations(staff)
    turn_on(staff, harbour.url, "Turn on notifications", "Notifications are on for this device.")
    assert_no_axe_violations(staff)
    return desk, staff


def test_an_urgent_statement_reaches_the_pa_at_once_and_a_tap_opens_it(
    browser: Browser,
    phone: BrowserContext,
    harbour: OwnServer,
    push: FakePushService,
    adviser: StaffAccount,
) -> None:
    page = phone.new_page()
    page.set_default_timeout(10_000)
    ash = young_person_on_phone(harbour, adviser, page, "Ash")
    subscriber = push.subscriber()
    desk, staff = staff_with_notifications(browser, harbour, adviser, subscriber)

    statement = ash.send("ask", urgent=True, answers={"question": "Can someone call me today?"})
    received = pushed_to(push, subscriber)  # urgent: never held by quiet hours
    payload = json.loads(received.plaintext)
    assert (payload["title"], payload["body"]) == ("Harbour", "You have an urgent message")
    assert "Ash" not in received.plaintext.decode()
    match = re.fullmatch(r"/staff/inbox/([^/]+)", payload["open"])
    assert match, payload["open"]
    item = inbox_item(staff_client(harbour.url, adviser), match.group(1))

    staff.goto("/staff/inbox")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(staff.get_by_test_id("inbox-new").get_by_test_id("inbox-item")).to_have_count(1)
    assert_no_axe_violations(staff)

    deliver(desk, staff, harbour.url, received.plaintext)
    shown = staff.evaluate(SHOWN, 1)
    assert [(n["title"], n["body"]) for n in shown] == [("Harbour", "You have an urgent message")]
    service_worker(desk).evaluate(TAP)
    expect(staff).to_have_url(f"{harbour.url}{item['open']}")
    assert statement in item["open"]  # the urgent statement itself
    desk.close()


def test_a_young_persons_note_on_a_task_reaches_their_pa(
    browser: Browser, phone: BrowserContext, harbour: OwnServer, push: FakePushService
) -> None:
    """Issue 11 item 6: "Can you check it?" on a task alerts the PA, in the staff inbox and
    by a generic push, and the inbox item opens the young person's plan."""
    adviser = create_staff(harbour.data_dir, "riverford", "nia", "Nia Okafor", "personal_adviser")
    subscriber = push.subscriber()
    desk, staff = staff_with_notifications(browser, harbour, adviser, subscriber)
    expect(
        staff.get_by_label("Notes young people on my caseload add to their tasks")
    ).to_be_checked()
    page = phone.new_page()
    page.set_default_timeout(10_000)
    mo = young_person_on_phone(harbour, adviser, page, "Mo")
    task = {"id": str(uuid.uuid4()), "title": "Register with a GP", "domain": "health"}
    staff_client(harbour.url, adviser).post(
        f"/api/v1/young-people/{mo.id}/plan/tasks", json=task | {"owner": "young_person"}
    ).raise_for_status()

    page.goto(PLAN)
    page.get_by_role("link", name="Register with a GP", exact=True).click()
    page.get_by_label("Add a note").fill("Can you check it?")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("notes")).to_contain_text("Can you check it?")

    received = pushed_to(push, subscriber)
    payload = json.loads(received.plaintext)
    assert (payload["title"], payload["body"]) == ("Harbour", "You have a new message")
    for private in ("Mo", "check it", "GP", mo.id, task["id"]):
        assert private not in received.plaintext.decode()  # a lock screen is public
    match = re.fullmatch(r"/staff/inbox/([^/]+)", payload["open"])
    assert match, payload["open"]

    staff.goto("/staff/inbox")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Inbox")
    item = staff.get_by_test_id("inbox-new").get_by_test_id("inbox-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Mo added a note to “Register with a GP”")
    expect(item).to_contain_text("Message")
    assert_no_axe_violations(staff)
    item.get_by_role("link").click()
    expect(staff).to_have_url(f"{harbour.url}/staff/young-people/{mo.id}/plan")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Mo's pathway plan")
    staff.goto("/staff/inbox")
    expect(staff.get_by_test_id("inbox-seen").get_by_test_id("inbox-item")).to_have_count(1)
    desk.close()


def test_an_iphone_in_safari_is_shown_how_to_add_harbour_to_the_home_screen_first(
    browser: Browser, harbour: OwnServer, adviser: StaffAccount
) -> None:
    iphone = browser.new_context(
        base_url=harbour.url,
        viewport={"width": 390, "height": 844},
        user_agent=IPHONE_SAFARI,
        is_mobile=True,
        has_touch=True,
    )
    page = iphone.new_page()
    page.set_default_timeout(10_000)
    young_person_on_phone(harbour, adviser, page, "Jo")
    page.goto(REMINDERS)
    steps = page.get_by_test_id("install-first")
    expect(steps).to_contain_text("only work when Harbour is on your Home Screen")
    expect(steps.locator("li")).to_have_count(4)
    expect(steps).to_contain_text("Add to Home Screen")
    expect(page.get_by_role("button", name="Turn on reminders")).to_have_count(0)
    assert_no_axe_violations(page)
    iphone.close()
