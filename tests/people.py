"""Making people for tests: staff and young people straight in the database, and clients
signed in as them (a real session row and cookie, without typing a PIN each time)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select

from harbour.accounts.models import StaffMember, Team, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.auth import service as auth
from harbour.config import Settings
from harbour.credentials import hash_secret
from harbour.tenants.models import Tenant

PIN = "482915"
PASSPHRASE = "correct horse battery staple"

Row = TypeVar("Row", bound=SQLModel)


def council(engine: Engine, slug: str) -> Tenant:
    with Session(engine) as session:
        row = session.exec(select(Tenant).where(Tenant.slug == slug)).one()
        session.expunge(row)
        return row


def _stored(engine: Engine, row: Row) -> Row:
    """`row`, committed and detached, for a test to read after its session has closed."""
    with Session(engine) as session:
        session.add(row)
        session.commit()
        session.refresh(row)
        session.expunge(row)
        return row


def make_team(engine: Engine, tenant: Tenant, name: str) -> uuid.UUID:
    return _stored(engine, Team(tenant_id=tenant.id, name=name)).id


def make_staff(
    engine: Engine,
    tenant: Tenant,
    role: StaffRole,
    name: str,
    team_id: uuid.UUID | None = None,
    *,
    username: str | None = None,
) -> StaffMember:
    """A staff member with no passphrase or TOTP secret (tests sign them in directly)."""
    staff = StaffMember(
        tenant_id=tenant.id, display_name=name, role=role.value, team_id=team_id, username=username
    )
    return _stored(engine, staff)


def make_young_person(
    engine: Engine,
    tenant: Tenant,
    pa_id: uuid.UUID | None,
    name: str,
    *,
    username: str | None = None,
    pin: str | None = None,
) -> YoungPerson:
    person = YoungPerson(
        tenant_id=tenant.id,
        preferred_name=name,
        date_of_birth=date(2007, 5, 1),
        legal_status="former_relevant",
        allocated_pa_id=pa_id,
        username=username,
        secret_kind="pin" if pin else None,
        secret_hash=hash_secret(pin) if pin else None,
    )
    return _stored(engine, person)


@dataclass
class SignedIn:
    client: TestClient
    session_id: uuid.UUID
    csrf: str


def sign_in_as(
    app: FastAPI,
    engine: Engine,
    settings: Settings,
    person: StaffMember | YoungPerson,
    *,
    base_url: str = "http://testserver",
) -> SignedIn:
    """A client holding a real session for this person, sending X-CSRF-Token by default."""
    kind = PersonKind.staff if isinstance(person, StaffMember) else PersonKind.young_person
    with Session(engine) as session:
        token, row = auth.start_session(
            session, settings, person.tenant_id, kind, person.id, "Test device"
        )
        session.commit()
        session_id, csrf = row.id, row.csrf_token
    client = TestClient(app, base_url=base_url)
    cookie = "__Host-harbour_session" if base_url.startswith("https") else "harbour_session"
    client.cookies.set(cookie, token)
    client.headers["X-CSRF-Token"] = csrf
    return SignedIn(client, session_id, csrf)


def mark_as_left(by: TestClient, url: str, leaver: SignedIn) -> dict[str, Any]:
    """`by` marks the person at `url` as left; their sessions end everywhere at once. The
    record as answered."""
    response = by.patch(url, json={"active": False})
    assert response.status_code == 200
    assert leaver.client.get("/api/v1/auth/me").status_code == 401
    record: dict[str, Any] = response.json()
    return record


def add_local_pa(admin: TestClient, name: str, username: str, **more: str) -> Response:
    """An admin adds a personal adviser who signs in with a local account (and so gets an
    invite code to set it up)."""
    staff = {"display_name": name, "role": "personal_adviser", "sign_in": "local"}
    return admin.post("/api/v1/staff", json=staff | {"username": username, **more})


def totp_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


@dataclass
class World:
    """Two councils. Northdale has team A (manager, PA 1, PA 2) and team B (PA 3), an admin
    and an editor; each PA has one young person. Southmere has an admin, a PA and a young
    person whose username is the same as one in Northdale."""

    north: Tenant
    south: Tenant
    team_a: uuid.UUID
    team_b: uuid.UUID
    north_admin: StaffMember
    manager_a: StaffMember
    pa1: StaffMember
    pa2: StaffMember
    pa3: StaffMember
    editor: StaffMember
    yp1: YoungPerson
    yp2: YoungPerson
    yp3: YoungPerson
    south_admin: StaffMember
    south_pa: StaffMember
    south_yp: YoungPerson


def build_world(engine: Engine) -> World:
    north, south = council(engine, "northdale"), council(engine, "southmere")
    team_a, team_b = make_team(engine, north, "Team A"), make_team(engine, north, "Team B")
    pa1 = make_staff(engine, north, StaffRole.personal_adviser, "Asha PA", team_a)
    pa2 = make_staff(engine, north, StaffRole.personal_adviser, "Ben PA", team_a)
    pa3 = make_staff(engine, north, StaffRole.personal_adviser, "Cleo PA", team_b)
    south_pa = make_staff(engine, south, StaffRole.personal_adviser, "Dev PA")
    return World(
        north=north,
        south=south,
        team_a=team_a,
        team_b=team_b,
        north_admin=make_staff(engine, north, StaffRole.council_admin, "Nina Admin"),
        manager_a=make_staff(engine, north, StaffRole.team_manager, "Mo Manager", team_a),
        pa1=pa1,
        pa2=pa2,
        pa3=pa3,
        editor=make_staff(engine, north, StaffRole.content_editor, "Eve Editor"),
        yp1=make_young_person(engine, north, pa1.id, "Jordan", username="jordan", pin=PIN),
        yp2=make_young_person(engine, north, pa2.id, "Kai"),
        yp3=make_young_person(engine, north, pa3.id, "Lou"),
        south_admin=make_staff(engine, south, StaffRole.council_admin, "Sam Admin"),
        south_pa=south_pa,
        south_yp=make_young_person(engine, south, south_pa.id, "Jordan S", username="jordan"),
    )


def make_passkey(engine: Engine, person: YoungPerson) -> uuid.UUID:
    """A stored passkey row (its key is never used: for access tests only)."""
    from harbour.passkeys.models import Passkey

    with Session(engine) as session:
        row = Passkey(
            tenant_id=person.tenant_id,
            young_person_id=person.id,
            credential_id=uuid.uuid4().hex,
            public_key=b"not a real key",
            label="Phone",
        )
        session.add(row)
        session.commit()
        return row.id


def pledge_item(**body: str) -> dict[str, Any]:
    """A `pledge_answer` outbox item (Northdale, "listen": yes) as the phone sends it, with
    a new id; `body` changes its fields."""
    return {
        "id": str(uuid.uuid4()),
        "kind": "pledge_answer",
        "created_at": "2026-11-20T10:00:00+00:00",
        "body": {
            "council": "northdale",
            "promise": "listen",
            "answer": "yes",
            "respondent": "0b6e6c0a-5f0e-4a55-9d53-1d1f8f6f0a11",
        }
        | body,
    }


def statement_item(
    type: str = "feeling",
    *,
    recipient: str = "pa",
    urgent: bool = False,
    created_at: str = "2026-11-20T10:00:00+00:00",
    about: dict[str, str] | None = None,
    **answers: object,
) -> dict[str, object]:
    """A `statement` outbox item as the phone sends it, with a new id."""
    body: dict[str, object] = {
        "type": type,
        "recipient": recipient,
        "urgent": urgent,
        "answers": answers,
    }
    if about is not None:
        body["about"] = about
    return {"id": str(uuid.uuid4()), "kind": "statement", "created_at": created_at, "body": body}


def make_statement(engine: Engine, person: YoungPerson, **kwargs: object) -> uuid.UUID:
    """A statement stored as if `person` had sent it from their phone (`statement_item`)."""
    return store_from_phone(engine, person, statement_item(**kwargs))


def just_now() -> str:
    """A phone's time for an outbox item: now (the server refuses times over a year old)."""
    return datetime.now(UTC).isoformat()


def passport_item(base_version: int = 0, **values: object) -> dict[str, object]:
    """A `passport_edit` outbox item setting `values`, with a new id."""
    return {
        "id": str(uuid.uuid4()),
        "kind": "passport_edit",
        "created_at": just_now(),
        "body": {"base_version": base_version, "set": values},
    }


def make_passport(engine: Engine, person: YoungPerson, **values: object) -> uuid.UUID:
    """A health passport edit stored as if `person` had sent it (`passport_item`)."""
    return store_from_phone(engine, person, passport_item(**values))


def store_from_phone(engine: Engine, person: YoungPerson, raw: dict[str, object]) -> uuid.UUID:
    from harbour.app import SYNC_KINDS
    from harbour.sync import service as sync
    from harbour.sync.schemas import ItemStatus, PushItem

    item = PushItem.model_validate(raw)
    author = Principal(PersonKind.young_person, person.id, person.tenant_id, uuid.uuid4())
    with Session(engine) as session:
        result = sync.store_item(session, SYNC_KINDS, item, author)
    assert result.status is ItemStatus.accepted, result
    return item.id


def task_item(**body: object) -> dict[str, object]:
    """A `task_create` outbox item (the young person's own task), with a new id."""
    fields: dict[str, object] = {"title": "Open a bank account", "domain": "money"} | body
    return {
        "id": str(uuid.uuid4()),
        "kind": "task_create",
        "created_at": just_now(),
        "body": fields,
    }


def make_task(engine: Engine, person: YoungPerson, **body: object) -> uuid.UUID:
    """A task in `person`'s plan, added as if from their phone (`task_item`)."""
    return store_from_phone(engine, person, task_item(**body))


PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"


def push(person: SignedIn, *items: dict[str, Any]) -> list[dict[str, Any]]:
    """Send outbox items as `person`'s phone would; the per-item results."""
    response = person.client.post(PUSH, json={"items": list(items)})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def pull(person: SignedIn, since: int = 0) -> dict[str, Any]:
    """What `person`'s phone pulls after `since`."""
    response = person.client.get(PULL, params={"since": since})
    assert response.status_code == 200, response.text
    pulled: dict[str, Any] = response.json()
    return pulled


def make_reminder(engine: Engine, person: YoungPerson) -> uuid.UUID:
    """A reminder already due in `person`'s inbox (a reply to them, say)."""
    from harbour.reminders.models import Reminder

    with Session(engine) as session:
        row = Reminder(
            tenant_id=person.tenant_id,
            recipient_kind=PersonKind.young_person.value,
            recipient_id=person.id,
            event_kind="plan_review",
            event_id=uuid.uuid4(),
            event_date=date(2026, 12, 1),
            offset_days=14,
            due_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
            next_attempt_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        )
        session.add(row)
        session.commit()
        return row.id


def urgent_reminder_rows(
    tenant_id: uuid.UUID, staff_ids: list[uuid.UUID], count: int, due: datetime
) -> list[dict[str, object]]:
    """`count` urgent-statement reminders due at `due`, shared out among `staff_ids`, as rows
    to bulk-insert (urgent alerts to staff: quiet hours never hold them back)."""
    return [
        {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "recipient_kind": "staff",
            "recipient_id": staff_ids[n % len(staff_ids)],
            "event_kind": "urgent_statement",
            "event_id": uuid.uuid4(),
            "event_date": due.date(),
            "offset_days": 0,
            "due_at": due,
            "next_attempt_at": due,
            "status": "pending",
            "attempts": 0,
            "created_at": due,
        }
        for n in range(count)
    ]


def content_ids(engine: Engine, council: uuid.UUID) -> dict[str, uuid.UUID]:
    """One offer item, theme and promise of a council: only its editors and admins edit them."""
    from harbour.offer.models import OfferItem
    from harbour.pledge.models import PledgePromise, PledgeTheme

    with Session(engine) as session:
        return {
            name: session.exec(select(model.id).where(model.tenant_id == council)).first()
            for name, model in (
                ("item_id", OfferItem),
                ("theme_id", PledgeTheme),
                ("promise_id", PledgePromise),
            )
        }


def calendar_feed_token(engine: Engine, person: YoungPerson) -> str:
    """The secret part of a new calendar feed address for `person`."""
    from harbour.calendar import service as calendar

    principal = Principal(PersonKind.young_person, person.id, person.tenant_id, uuid.uuid4())
    with Session(engine) as session:
        url = calendar.create_feed(session, principal, "https://harbour.test").url
    return url.removeprefix("https://harbour.test/calendar/").removesuffix(".ics")


def records_in_paths(engine: Engine, world: World) -> dict[str, str]:
    """Path parameter name -> a record that exists, for tests that call every route: yp1's
    (on pa1's caseload) task, statement (also as their own thread), shared passport with a
    date to come, passkey, reminder and calendar feed, a colleague of pa1 for the staff
    routes, and Northdale's offer and pledge. A session id is each caller's own, so it is not
    here."""
    person = world.yp1
    make_passport(engine, person, shared_with_pa=True, dental_check_next="2099-01-10")
    known: dict[str, object] = {
        "slug": world.north.slug,
        "young_person_id": person.id,
        "staff_id": world.pa2.id,  # a colleague: an admin changing them leaves pa1 signed in
        "task_id": make_task(engine, person),
        "statement_id": (said := make_statement(engine, person, text="Can we talk about college?")),
        "my_statement_id": said,  # the same statement, as its young person reads it
        "passkey_id": make_passkey(engine, person),
        "reminder_id": make_reminder(engine, person),
        "key": "dental-check-next",  # the passport's date, as GET /calendar/events names it
        "token": calendar_feed_token(engine, person),
        **content_ids(engine, world.north.id),
    }
    return {name: str(value) for name, value in known.items()}
