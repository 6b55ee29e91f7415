"""Download my data: one of every record kind for Jordan (and Kai's own records beside them),
downloaded by Jordan and by staff for a subject access request, each kind checked against
the database, with nothing of Kai's and no secret in it. Every table is accounted for."""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, select

import harbour.models_registry  # noqa: F401  (every table, for the table check)
from harbour.accounts.models import InviteCode, YoungPerson
from harbour.audit.models import AuditEvent
from harbour.auth.models import SignInSession
from harbour.calendar.models import CalendarFeed
from harbour.field_edits import FieldEdit
from harbour.passkeys.models import Passkey
from harbour.plans.models import PlanTask, TaskNote
from harbour.push.models import PushSubscription
from harbour.reminders.models import Reminder
from harbour.statements.models import Statement, StatementMessage, StatementReply
from harbour.tenants.models import Tenant
from tests.people import (
    SignedIn,
    World,
    calendar_feed_token,
    just_now,
    make_passkey,
    make_reminder,
    make_team,
    pledge_item,
    push,
    statement_item,
    task_item,
)
from tests.plans.conftest import add_task, item, plan_url

AsPerson = Callable[..., SignedIn]
MINE, SEEN = "/api/v1/my-data", "/api/v1/my-data/seen"


def subject_access(young_person_id: uuid.UUID) -> str:
    return f"/api/v1/young-people/{young_person_id}/my-data"


@dataclass
class Records:
    """What was made for one young person, by its words and ids."""

    words: str  # in every free text they or their PA wrote: a mark to search for
    statement: str
    urgent: str
    task: str
    push_endpoint: str
    calendar_token: str


def _row(engine: Engine, row: SQLModel) -> None:
    with Session(engine) as session:
        session.add(row)
        session.commit()


def make_everything(
    engine: Engine, person: YoungPerson, pa: SignedIn, me: SignedIn, words: str
) -> Records:
    """One of every kind of record Harbour keeps about `person`, through the app's own
    routes and outbox where it has them."""
    said = statement_item(text=f"{words} statement", created_at=just_now())
    urgent = statement_item("help_now", created_at=just_now())
    task = task_item(title=f"{words} task")
    passport = {
        "shared_with_pa": True,
        "gp_name": f"{words} surgery",
        "allergies": "nuts",
        "dental_check_next": "2099-01-10",
    }
    results = push(
        me,
        said,
        urgent,
        task,
        item("passport_edit", {"base_version": 0, "set": passport}),
        pledge_item(comment=f"{words} pledge"),
    )
    assert {r["status"] for r in results} == {"accepted"}, results
    statement, task_id = said["id"], task["id"]
    pa.client.get(f"/api/v1/statements/{statement}")  # read: a receipt and "who has seen"
    assert pa.client.post(
        f"/api/v1/statements/{statement}/replies", json={"text": f"{words} reply"}
    ).is_success
    assert pa.client.post(
        f"/api/v1/statements/{statement}/notes", json={"text": f"{words} internal note"}
    ).is_success
    results = push(
        me,
        item("statement_message", {"statement_id": statement, "text": f"{words} message"}),
        item("statement_update", {"statement_id": urgent["id"], "said": "ok_now"}),
        item("task_note", {"task_id": task_id, "text": f"{words} my note"}),
        item("task_edit", {"task_id": task_id, "base_version": 1, "set": {"status": "done"}}),
    )
    assert {r["status"] for r in results} == {"accepted"}, results
    staff_task = add_task(pa, person.id, title=f"{words} staff task")
    note = {"id": str(uuid.uuid4()), "text": f"{words} staff task note"}
    assert pa.client.post(plan_url(person.id, f"/tasks/{staff_task['id']}/notes"), json=note)
    review = {"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": "2027-03-01"}}
    assert pa.client.post(plan_url(person.id, "/edits"), json=review).is_success
    pa.client.get(plan_url(person.id))
    pa.client.get(f"/api/v1/young-people/{person.id}/passport")
    changed = {"legal_status": "relevant", "legal_status_changed_on": "2026-10-01"}
    assert pa.client.patch(f"/api/v1/young-people/{person.id}", json=changed).is_success
    quiet = {"quiet_start": "22:00", "quiet_end": "07:30", "kinds": {"health": False}}
    assert me.client.put("/api/v1/reminders/settings", json=quiet).is_success
    make_passkey(engine, person)
    make_reminder(engine, person)
    endpoint = f"https://push.example.net/{uuid.uuid4().hex}"
    _row(
        engine,
        PushSubscription(
            tenant_id=person.tenant_id,
            person_kind="young_person",
            person_id=person.id,
            session_id=me.session_id,
            endpoint=endpoint,
            p256dh=f"{words}-public-key",
            auth=f"{words}-auth",
        ),
    )
    now = datetime.now(UTC)
    _row(
        engine,
        InviteCode(
            tenant_id=person.tenant_id,
            young_person_id=person.id,
            code_digest=uuid.uuid4().hex,
            created_at=now,
            expires_at=now + timedelta(days=7),
            used_at=now,
        ),
    )
    return Records(
        words, statement, urgent["id"], task_id, endpoint, calendar_feed_token(engine, person)
    )


@pytest.fixture
def jordans(world: World, engine: Engine, as_person: AsPerson) -> Records:
    """Jordan's records and Kai's (PA 2's young person) beside them."""
    make_everything(engine, world.yp2, as_person(world.pa2), as_person(world.yp2), "Kaiword")
    return make_everything(
        engine, world.yp1, as_person(world.pa1), as_person(world.yp1), "Jordanword"
    )


def rows(engine: Engine, query: Any) -> list[Any]:
    with Session(engine) as session:
        found = list(session.exec(query).all())
        for row in found:
            if isinstance(row, SQLModel):
                session.expunge(row)
        return found


def ids(entries: list[dict[str, Any]], key: str = "id") -> set[str]:
    return {str(entry[key]) for entry in entries}


def test_the_download_holds_every_kind_of_record_as_the_database_has_it(
    world: World, engine: Engine, as_person: AsPerson, jordans: Records
) -> None:
    jordan = as_person(world.yp1)
    response = jordan.client.get(MINE)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    doc = response.json()
    yp = world.yp1.id
    assert (doc["format"], doc["made_for"], doc["council"]["slug"]) == (
        "harbour-my-data/1",
        "young_person",
        "northdale",
    )
    profile = doc["profile"]
    assert (profile["id"], profile["preferred_name"]) == (str(yp), "Jordan")
    assert profile["personal_adviser"] == {"name": "Asha", "role": "personal_adviser"}
    assert next(e["legal_status"] for e in profile["legal_status_history"]) == "relevant"
    assert len(doc["invite_codes"]) == len(
        rows(engine, select(InviteCode).where(InviteCode.young_person_id == yp))
    )

    statements = rows(engine, select(Statement).where(Statement.young_person_id == yp))
    assert (
        ids(doc["statements"])
        == {str(s.id) for s in statements}
        == {
            jordans.statement,
            jordans.urgent,
        }
    )
    by_id = {s["id"]: s for s in doc["statements"]}
    said = by_id[jordans.statement]
    assert said["answers"]["text"] == "Jordanword statement"
    assert said["read_by"] == "Asha"
    assert said["read_at"] is not None
    replies = rows(
        engine,
        select(StatementReply).where(
            col(StatementReply.statement_id).in_([s.id for s in statements])
        ),
    )
    assert ids(said["replies"]) == {str(r.id) for r in replies}
    assert [r["text"] for r in said["replies"]] == ["Jordanword reply"]
    messages = rows(engine, select(StatementMessage).where(StatementMessage.young_person_id == yp))
    assert ids(said["messages"]) == {str(m.id) for m in messages}
    assert by_id[jordans.urgent]["young_person_update"]["said"] == "ok_now"

    tasks = rows(engine, select(PlanTask).where(PlanTask.young_person_id == yp))
    plan = doc["plan"]
    assert ids(plan["tasks"]) == {str(t.id) for t in tasks}
    assert plan["review_due"] == "2027-03-01"
    notes = rows(engine, select(TaskNote).where(col(TaskNote.task_id).in_([t.id for t in tasks])))
    assert {n["id"] for t in plan["tasks"] for n in t["notes"]} == {str(n.id) for n in notes}
    edits = rows(engine, select(FieldEdit).where(FieldEdit.young_person_id == yp))
    passport_edits = {str(e.op_id) for e in edits if e.record_kind == "passport"}
    assert ids(plan["history"], "op_id") == {str(e.op_id) for e in edits} - passport_edits
    passport = doc["health_passport"]
    assert (passport["gp_name"], passport["allergies"], passport["dental_check_next"]) == (
        "Jordanword surgery",
        "nuts",
        "2099-01-10",
    )
    assert ids(passport["history"], "op_id") == passport_edits

    reminders = rows(engine, select(Reminder).where(Reminder.recipient_id == yp))
    assert len(doc["reminders"]) == len(reminders) >= 1
    assert doc["reminder_settings"]["quiet_start"] == "22:00"
    assert doc["reminder_settings"]["kinds"]["health"] is False
    sessions = rows(engine, select(SignInSession).where(SignInSession.person_id == yp))
    assert ids(doc["sign_in_sessions"]) == {str(s.id) for s in sessions}
    assert [s["current"] for s in doc["sign_in_sessions"]].count(True) == 1
    keys = rows(engine, select(Passkey).where(Passkey.young_person_id == yp))
    assert ids(doc["passkeys"]) == {str(k.id) for k in keys}
    assert doc["push_subscriptions"] == [
        {
            "push_service": "push.example.net",
            "created_at": doc["push_subscriptions"][0]["created_at"],
            "last_success_at": None,
        }
    ]
    feeds = rows(engine, select(CalendarFeed).where(CalendarFeed.young_person_id == yp))
    assert len(doc["calendar_feeds"]) == len(feeds) == 1

    seen = {(s["what"], s["by"]["name"]) for s in doc["who_has_seen"]}
    assert {("statement", "Asha"), ("plan", "Asha"), ("passport", "Asha")} <= seen
    assert {"my_data_downloaded", "statement_read", "statement_replied"} <= {
        t["action"] for t in doc["trail"]
    }
    assert {t["by"] for t in doc["trail"]} <= {"you", "staff", "system"}
    assert any(left["what"].startswith("Notes staff write") for left in doc["left_out"])
    assert any("anonymous" in left["why"] for left in doc["left_out"])


def test_nothing_of_anyone_else_and_no_secret_is_in_it(
    world: World, engine: Engine, as_person: AsPerson, jordans: Records
) -> None:
    text = as_person(world.yp1).client.get(MINE).text
    with Session(engine) as session:
        jordan = session.get(YoungPerson, world.yp1.id)
        assert jordan is not None
        assert jordan.secret_hash
        secrets = [
            jordan.secret_hash,
            *session.exec(select(SignInSession.token_digest)).all(),
            *session.exec(select(SignInSession.csrf_token)).all(),
            *session.exec(select(Passkey.credential_id)).all(),
            *session.exec(select(CalendarFeed.token_sha256)).all(),
            *session.exec(select(InviteCode.code_digest)).all(),
        ]
    for secret in [*secrets, jordans.calendar_token, jordans.push_endpoint, "Jordanword-auth"]:
        assert secret not in text
    assert "Jordanword-public-key" not in text
    assert "Kaiword" not in text
    assert str(world.yp2.id) not in text
    assert "Kai" not in text
    assert "internal note" not in text  # staff's notes to each other are not the young person's
    assert "Jordanword pledge" not in text  # pledge answers are anonymous (decision 001)


def test_every_table_is_in_the_download_or_left_out_for_a_reason() -> None:
    """A new table fails here until someone says where it goes (docs/my-data.md)."""
    accounted = {
        # in the download
        "young_person", "legal_status_change", "invite_code", "statement", "statement_reply",
        "statement_message", "plan", "plan_task", "task_note", "field_edit", "health_passport",
        "reminder", "reminder_preference", "sign_in_session", "passkey", "push_subscription",
        "calendar_feed", "audit_event",
        # left out, and why (docs/my-data.md)
        "statement_note", "pledge_answer", "sign_in_throttle", "sync_receipt", "sync_conflict",
        "passkey_challenge", "change_counter",
        # not about a young person: staff, councils and their content
        "staff_member", "staff_photo", "team", "recovery_code", "tenant", "content_pack_load",
        "council_sign_in", "task_template", "offer_item", "pledge", "pledge_theme",
        "pledge_promise",
    }  # fmt: skip

    assert set(SQLModel.metadata.tables) == accounted


def test_staff_download_the_same_for_a_subject_access_request(
    world: World, engine: Engine, as_person: AsPerson, jordans: Records
) -> None:
    pa = as_person(world.pa1)
    response = pa.client.get(subject_access(world.yp1.id))

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    doc = response.json()
    mine = as_person(world.yp1).client.get(MINE).json()
    assert doc["made_for"] == "subject_access_request"
    for section in ("statements", "plan", "health_passport", "passkeys", "reminders"):
        assert doc[section] == mine[section], section
    assert "internal note" not in response.text
    assert any("DP-14" in left["why"] for left in doc["left_out"])
    with Session(engine) as session:
        actions = session.exec(
            select(AuditEvent.action, AuditEvent.actor_id).where(
                AuditEvent.subject_id == world.yp1.id,
                col(AuditEvent.action).in_(["subject_access_exported", "my_data_downloaded"]),
            )
        ).all()
    assert set(actions) == {
        ("subject_access_exported", world.pa1.id),
        ("my_data_downloaded", world.yp1.id),
    }
    seen = as_person(world.yp1).client.get(SEEN).json()["seen"]
    assert seen[0]["what"] == "everything"


def test_staff_never_get_an_unshared_passport_or_another_teams_statements(
    world: World, engine: Engine, as_person: AsPerson, jordans: Records
) -> None:
    jordan = as_person(world.yp1)
    off = item("passport_edit", {"base_version": 1, "set": {"shared_with_pa": False}})
    assert push(jordan, off)[0]["status"] == "accepted"
    make_team(engine, world.north, "Participation team")
    to_team = statement_item(recipient="participation", text="Jordanword to the team")
    assert push(jordan, to_team)[0]["status"] == "accepted"

    by_pa = as_person(world.pa1).client.get(subject_access(world.yp1.id)).json()
    by_admin = as_person(world.north_admin).client.get(subject_access(world.yp1.id)).json()

    assert by_pa["health_passport"] is None
    assert by_admin["health_passport"] is None
    assert to_team["id"] not in ids(by_pa["statements"])
    assert to_team["id"] in ids(by_admin["statements"])
    assert {"Their health passport", "Statements sent to a team you are not in"} <= {
        left["what"] for left in by_pa["left_out"]
    }
    assert jordan.client.get(MINE).json()["health_passport"]["gp_name"] == "Jordanword surgery"


def test_young_people_use_their_own_download_and_staff_theirs(
    world: World, as_person: AsPerson
) -> None:
    pa, jordan = as_person(world.pa1), as_person(world.yp1)
    assert pa.client.get(MINE).status_code == 403
    assert pa.client.get(SEEN).status_code == 403
    assert jordan.client.get(subject_access(world.yp1.id)).status_code == 403
    assert jordan.client.get(subject_access(world.yp2.id)).status_code == 404
    assert as_person(world.editor).client.get(subject_access(world.yp1.id)).status_code == 404
    assert as_person(world.south_admin).client.get(subject_access(world.yp1.id)).status_code == 404


# --- who has seen my information ----------------------------------------------------------


def _said(engine: Engine, person: YoungPerson, text: str) -> str:
    from tests.people import make_statement

    return str(make_statement(engine, person, text=text))


def test_a_pas_read_of_a_statement_shows_with_their_name_and_role(
    world: World, engine: Engine, as_person: AsPerson
) -> None:
    statement = _said(engine, world.yp1, "How I feel")
    jordan, pa = as_person(world.yp1), as_person(world.pa1)
    assert jordan.client.get(SEEN).json() == {"seen": [], "next_before": None}

    pa.client.get(f"/api/v1/statements/{statement}")
    response = jordan.client.get(SEEN)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    [entry] = response.json()["seen"]
    assert (entry["what"], entry["statement_type"], entry["by"]) == (
        "statement",
        "feeling",
        {"name": "Asha", "role": "personal_adviser"},
    )


def test_the_council_can_show_roles_instead_of_names(
    world: World, engine: Engine, as_person: AsPerson
) -> None:
    with Session(engine) as session:
        council = session.get(Tenant, world.north.id)
        assert council is not None
        council.privacy = {"show_staff_names_to_young_people": False}
        session.add(council)
        session.commit()
    statement = _said(engine, world.yp1, "How I feel")
    as_person(world.pa1).client.get(f"/api/v1/statements/{statement}")

    [entry] = as_person(world.yp1).client.get(SEEN).json()["seen"]
    assert entry["by"] == {"name": None, "role": "personal_adviser"}
    doc = as_person(world.yp1).client.get(MINE).json()
    assert doc["who_has_seen"][0]["by"]["name"] is None
    assert doc["profile"]["personal_adviser"] == {"name": None, "role": "personal_adviser"}


def test_only_staff_reads_of_their_own_records_appear(
    world: World, engine: Engine, as_person: AsPerson
) -> None:
    mine, kais = _said(engine, world.yp1, "Mine"), _said(engine, world.yp2, "Kai's")
    jordan, kai = as_person(world.yp1), as_person(world.yp2)
    admin = as_person(world.north_admin)
    admin.client.get(f"/api/v1/statements/{kais}")  # someone else's record
    admin.client.get(f"/api/v1/young-people/{world.yp2.id}")
    jordan.client.get(f"/api/v1/my-views/statements/{mine}")  # their own read
    jordan.client.get(MINE)  # their own download
    kai.client.get(f"/api/v1/my-views/statements/{mine}")  # refused: not theirs
    as_person(world.pa2).client.get(f"/api/v1/statements/{mine}")  # refused: not on caseload
    as_person(world.south_admin).client.get(f"/api/v1/young-people/{world.yp1.id}")  # refused

    assert jordan.client.get(SEEN).json()["seen"] == []
    kais_seen = kai.client.get(SEEN).json()["seen"]
    assert [(e["what"], e["by"]["name"]) for e in kais_seen] == [
        ("record", "Nina"),
        ("statement", "Nina"),
    ]


def test_who_has_seen_comes_in_pages_newest_first(
    world: World, engine: Engine, as_person: AsPerson
) -> None:
    statement = _said(engine, world.yp1, "How I feel")
    pa = as_person(world.pa1)
    for _ in range(3):
        pa.client.get(f"/api/v1/statements/{statement}")
    pa.client.get(plan_url(world.yp1.id))
    jordan = as_person(world.yp1)

    first = jordan.client.get(SEEN, params={"limit": 2}).json()
    rest = jordan.client.get(SEEN, params={"limit": 2, "before": first["next_before"]}).json()

    assert [e["what"] for e in first["seen"]] == ["plan", "statement"]
    assert [e["what"] for e in rest["seen"]] == ["statement", "statement"]
    assert rest["next_before"] is None
    kai = as_person(world.yp2)  # another's page marker is as unknown as a made-up one
    for before in (first["next_before"], str(uuid.uuid4()), "not-an-id"):
        refused = kai.client.get(SEEN, params={"before": before})
        assert refused.status_code == 422
        assert [f["field"] for f in refused.json()["error"]["fields"]] == ["query.before"]
    assert jordan.client.get(SEEN, params={"limit": 0}).status_code == 422


def test_the_json_is_the_documented_shape(world: World, as_person: AsPerson) -> None:
    doc = as_person(world.yp1).client.get(MINE).json()
    json.dumps(doc)
    assert doc["statements"] == []
    assert doc["health_passport"] is None
    assert doc["plan"]["tasks"] == []
    assert doc["plan"]["created_at"] is None


def test_a_councils_pack_says_whether_staff_are_named(engine: Engine) -> None:
    from pydantic import ValidationError

    from harbour.tenants.schemas import CouncilPack
    from harbour.tenants.service import privacy_settings, upsert_council

    council = {
        "slug": "eastmoor",
        "name": "Eastmoor",
        "contacts": [
            {"label": "Duty", "phone": "01632 960 999", "hours": "Always", "out_of_hours": True}
        ],
    }
    roles_only = CouncilPack.model_validate(
        council | {"privacy": {"show_staff_names_to_young_people": False}}
    )
    with Session(engine) as session:
        assert privacy_settings(upsert_council(session, roles_only)).model_dump() == {
            "show_staff_names_to_young_people": False
        }
        default = upsert_council(session, CouncilPack.model_validate(council))
        assert privacy_settings(default).show_staff_names_to_young_people is True
    for wrong in ({"show_staff_names_to_young_people": "maybe"}, {"show_names": True}):
        with pytest.raises(ValidationError):
            CouncilPack.model_validate(council | {"privacy": wrong})
