"""Correcting a young person's record (PATCH /api/v1/young-people/{id}): each detail saved
and checked, a refused change leaves everything as it was, the legal status history with
the day each status began, the audit row's values before and after (never in the logs), the
pathway plan review date kept on the plan with its reminders, and the 18th-birthday prompt."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.audit.models import AuditEvent
from tests.accounts.test_caseload_summary import set_birthday
from tests.people import SignedIn, World
from tests.reminders.conftest import pending

LIST = "/api/v1/young-people"
DETAILS = {
    "full_name": "Jordan Amani Okafor",
    "case_reference": "LCS-204118/B",
    "contact_phone": "+44 7700 900123",
    "placement_type": "supported_lodgings",
    "placement_out_of_area": True,
    "unaccompanied_asylum_seeking": True,
    "preferred_language": "Tigrinya",
    "interpreter_needed": True,
}


def council_today(world: World) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(world.north.time_zone)).date()


def record(pa: SignedIn, world: World) -> dict[str, Any]:
    response = pa.client.get(f"{LIST}/{world.yp1.id}")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def changes(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.action == "young_person_changed")
        ).all()
        return [row.detail for row in rows]


def test_every_detail_is_saved_and_can_be_cleared(pa: SignedIn, world: World) -> None:
    saved = pa.client.patch(f"{LIST}/{world.yp1.id}", json=DETAILS)

    assert saved.status_code == 200
    assert {name: saved.json()[name] for name in DETAILS} == DETAILS
    assert {name: record(pa, world)[name] for name in DETAILS} == DETAILS

    cleared = pa.client.patch(
        f"{LIST}/{world.yp1.id}",
        json={"case_reference": None, "contact_phone": None, "placement_out_of_area": None},
    )
    assert cleared.status_code == 200
    body = cleared.json()
    assert (body["case_reference"], body["contact_phone"]) == (None, None)
    assert body["placement_out_of_area"] is None
    assert body["full_name"] == DETAILS["full_name"]  # what was not sent stays


def test_a_new_record_takes_its_details_and_starts_its_status_history(
    pa: SignedIn, world: World
) -> None:
    created = pa.client.post(
        LIST,
        json={
            "preferred_name": "Riley",
            "date_of_birth": "2009-06-01",
            "legal_status": "eligible",
            "legal_status_since": "2025-06-01",
            **DETAILS,
        },
    )

    assert created.status_code == 201
    person = created.json()["young_person"]
    assert {name: person[name] for name in DETAILS} == DETAILS
    assert [(e["legal_status"], e["changed_on"]) for e in person["legal_status_history"]] == [
        ("eligible", "2025-06-01")
    ]
    assert person["legal_status_history"][0]["recorded_by"] == "Asha PA"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"contact_phone": "call me"}, "body.contact_phone"),
        ({"contact_phone": "0770"}, "body.contact_phone"),
        ({"case_reference": "LCS 204118"}, "body.case_reference"),
        ({"case_reference": "x" * 31}, "body.case_reference"),
        ({"placement_type": "castle"}, "body.placement_type"),
        ({"placement_out_of_area": "maybe"}, "body.placement_out_of_area"),
        ({"unaccompanied_asylum_seeking": None}, "body.unaccompanied_asylum_seeking"),
        ({"interpreter_needed": "sometimes"}, "body.interpreter_needed"),
        ({"preferred_language": ""}, "body.preferred_language"),
        ({"preferred_language": "Tigrinya\x00"}, "body.preferred_language"),
        ({"full_name": "x" * 121}, "body.full_name"),
        ({"date_of_birth": "2025-01-01"}, "body.date_of_birth"),
        ({"date_of_birth": None}, "body.date_of_birth"),
        ({"legal_status": "adopted"}, "body.legal_status"),
        ({"legal_status": None}, "body.legal_status"),
        ({"legal_status_changed_on": "2026-01-01"}, "body.legal_status_changed_on"),
        (
            {"legal_status": "qualifying", "legal_status_changed_on": "01/02/2026"},
            "body.legal_status_changed_on",
        ),
        (
            {"key_dates": [{"kind": "eighteenth_birthday", "date": "2027-01-01"}]},
            "body.key_dates.0.kind",
        ),
        (
            {
                "key_dates": [
                    {"kind": "pathway_plan_review", "date": "2027-01-01"},
                    {"kind": "pathway_plan_review", "date": "2027-02-01"},
                ]
            },
            "body.key_dates",
        ),
        ({"key_dates": None}, "body.key_dates"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field_and_nothing_changes(
    pa: SignedIn, world: World, engine: Engine, body: dict[str, Any], field: str
) -> None:
    before = record(pa, world)
    # A good change sent with the bad one must not be half-made.
    sent = {"preferred_name": "Jo", "case_reference": "OK-1"} | body

    response = pa.client.patch(f"{LIST}/{world.yp1.id}", json=sent)

    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert record(pa, world) == before
    assert changes(engine) == []


def test_a_status_change_date_is_checked_against_today_birth_and_the_last_change(
    pa: SignedIn, world: World, engine: Engine
) -> None:
    url, today = f"{LIST}/{world.yp1.id}", council_today(world)
    tomorrow = (today + timedelta(days=1)).isoformat()
    before_birth = (world.yp1.date_of_birth - timedelta(days=1)).isoformat()
    first = pa.client.patch(
        url, json={"legal_status": "qualifying", "legal_status_changed_on": "2026-01-10"}
    )
    assert first.status_code == 200

    for changed_on in (tomorrow, before_birth, "2026-01-09"):
        refused = pa.client.patch(
            url, json={"legal_status": "relevant", "legal_status_changed_on": changed_on}
        )
        assert refused.status_code == 422, changed_on
        assert refused.json()["error"]["fields"][0]["field"] == "body.legal_status_changed_on"
    assert record(pa, world)["legal_status"] == "qualifying"
    assert len(record(pa, world)["legal_status_history"]) == 1  # the first one, above


def test_the_legal_status_history_keeps_each_status_and_the_day_it_changed(
    pa: SignedIn, world: World
) -> None:
    url, today = f"{LIST}/{world.yp1.id}", council_today(world)
    pa.client.patch(url, json={"legal_status": "relevant", "legal_status_changed_on": "2025-09-01"})
    pa.client.patch(url, json={"legal_status": "former_relevant"})  # today, by default
    pa.client.patch(url, json={"legal_status": "former_relevant", "preferred_name": "Jo"})

    history = record(pa, world)["legal_status_history"]

    assert [(e["legal_status"], e["changed_on"]) for e in history] == [
        ("former_relevant", today.isoformat()),
        ("relevant", "2025-09-01"),
    ]  # newest first; sending the same status again is not a change
    assert {e["recorded_by"] for e in history} == {"Asha PA"}


def test_the_audit_row_keeps_the_values_before_and_after_and_the_logs_do_not(
    pa: SignedIn, world: World, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    review = (council_today(world) + timedelta(days=30)).isoformat()
    response = pa.client.patch(
        f"{LIST}/{world.yp1.id}",
        json={
            "date_of_birth": "2007-05-02",
            "legal_status": "qualifying",
            "contact_phone": "07700 900456",
            "key_dates": [{"kind": "pathway_plan_review", "date": review}],
        },
    )
    assert response.status_code == 200

    [detail] = changes(engine)
    assert detail["fields"] == ["contact_phone", "date_of_birth", "key_dates", "legal_status"]
    assert detail["before"] == {
        "contact_phone": None,
        "date_of_birth": "2007-05-01",
        "key_dates": [],
        "legal_status": "former_relevant",
    }
    assert detail["after"] == {
        "contact_phone": "07700 900456",
        "date_of_birth": "2007-05-02",
        "key_dates": [{"kind": "pathway_plan_review", "date": review, "label": None}],
        "legal_status": "qualifying",
    }
    logged = capsys.readouterr()
    for value in ("07700 900456", "2007-05-02", "qualifying"):
        assert value not in logged.out + logged.err


def test_the_plan_review_key_date_is_the_plans_own_and_moves_its_reminders(
    pa: SignedIn, world: World, engine: Engine
) -> None:
    url, today = f"{LIST}/{world.yp1.id}", council_today(world)
    first, moved = today + timedelta(days=20), today + timedelta(days=40)
    visit = {"kind": "next_visit", "date": (today + timedelta(days=5)).isoformat(), "label": None}

    pa.client.patch(
        url,
        json={"key_dates": [visit, {"kind": "pathway_plan_review", "date": first.isoformat()}]},
    )
    plan = pa.client.get(f"{url}/plan").json()
    assert plan["review_due"] == first.isoformat()
    assert pending(engine, recipient_id=world.yp1.id) == [
        ("plan_review", first.isoformat(), offset) for offset in (14, 3, 1)
    ]

    pa.client.patch(
        url,
        json={"key_dates": [visit, {"kind": "pathway_plan_review", "date": moved.isoformat()}]},
    )
    assert pending(engine, recipient_id=world.yp1.id) == [
        ("plan_review", moved.isoformat(), offset) for offset in (14, 3, 1)
    ]
    assert [d["kind"] for d in record(pa, world)["key_dates"]] == [
        "next_visit",
        "pathway_plan_review",
    ]

    pa.client.patch(url, json={"key_dates": [visit]})  # left out: the review date goes
    assert pa.client.get(f"{url}/plan").json()["review_due"] is None
    assert pending(engine, recipient_id=world.yp1.id) == []


def test_a_review_date_set_on_the_plan_is_the_records_next_key_date(
    pa: SignedIn, world: World
) -> None:
    url = f"{LIST}/{world.yp1.id}"
    review = (council_today(world) + timedelta(days=9)).isoformat()
    plan = pa.client.get(f"{url}/plan").json()
    pa.client.post(
        f"{url}/plan/edits",
        json={
            "op_id": "8c1d3f5e-2b4a-4c6d-9e8f-0a1b2c3d4e5f",
            "base_version": plan["version"],
            "set": {"review_due": review},
        },
    )

    people = pa.client.get(LIST).json()["young_people"]

    assert people[0]["next_key_date"] == {
        "kind": "pathway_plan_review",
        "date": review,
        "label": None,
    }


def test_the_caseload_asks_for_a_status_check_once_they_turn_18(
    pa: SignedIn, world: World, engine: Engine
) -> None:
    url, today = f"{LIST}/{world.yp1.id}", council_today(world)
    turns_18_today = today.replace(year=today.year - 18)
    set_birthday(engine, world.yp1, turns_18_today + timedelta(days=1))
    pa.client.patch(url, json={"legal_status": "eligible"})

    [seventeen] = pa.client.get(LIST).json()["young_people"]
    assert (seventeen["age"], seventeen["status_check_due"]) == (17, False)
    assert seventeen["next_key_date"] == {
        "kind": "eighteenth_birthday",
        "date": (today + timedelta(days=1)).isoformat(),
        "label": None,
    }

    set_birthday(engine, world.yp1, turns_18_today)
    [eighteen] = pa.client.get(LIST).json()["young_people"]
    assert (eighteen["age"], eighteen["status_check_due"]) == (18, True)

    pa.client.patch(url, json={"legal_status": "former_relevant"})
    [changed] = pa.client.get(LIST).json()["young_people"]
    assert changed["status_check_due"] is False
    assert record(pa, world)["eighteenth_birthday"] == today.isoformat()


def test_a_leap_day_birthday_turns_18_on_1_march(pa: SignedIn, world: World) -> None:
    response = pa.client.patch(f"{LIST}/{world.yp1.id}", json={"date_of_birth": "2008-02-29"})

    assert response.json()["eighteenth_birthday"] == "2026-03-01"
