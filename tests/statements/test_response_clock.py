"""The response clock stops at the first answer (a reply, or Done without one) and the queue
row says when, by whom and whether it was late, so a PA sees from the list what is done."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.kernel.time import utc_now
from harbour.statements.models import Statement
from tests.people import statement_item
from tests.statements.conftest import QUEUE, AsPerson, Views, push


def sent(views: Views, as_person: AsPerson) -> uuid.UUID:
    item = statement_item(text="Can we talk about college?")
    push(as_person(views.world.yp1), item)
    return uuid.UUID(str(item["id"]))


def row_of(client: Any, statement: uuid.UUID, **params: str) -> dict[str, Any]:
    page = client.get(QUEUE, params=params).json()
    found: dict[str, Any] = next(i for i in page["items"] if i["id"] == str(statement))
    return found


def due_in(engine: Engine, statement: uuid.UUID, delta: timedelta) -> datetime:
    """Move the statement's due time to now + `delta`; the new due time."""
    with Session(engine) as session:
        row = session.exec(select(Statement).where(Statement.id == statement)).one()
        row.due_at = utc_now() + delta
        session.add(row)
        session.commit()
        return row.due_at


def parsed(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_an_unanswered_row_has_a_running_clock_in_the_councils_time_zone(
    views: Views, as_person: AsPerson
) -> None:
    statement = sent(views, as_person)
    page = as_person(views.world.pa1).client.get(QUEUE).json()

    row = next(i for i in page["items"] if i["id"] == str(statement))
    assert page["time_zone"] == "Europe/London"
    assert (row["answered_at"], row["answered_by"], row["answered_late_minutes"]) == (
        None,
        None,
        None,
    )
    assert row["overdue"] is False


def test_the_first_reply_stops_the_clock_and_the_row_says_when_and_by_whom(
    views: Views, as_person: AsPerson
) -> None:
    statement = sent(views, as_person)
    pa, manager = as_person(views.world.pa1).client, as_person(views.world.manager_a).client

    reply = pa.post(f"{QUEUE}/{statement}/replies", json={"text": "Yes, Thursday?"}).json()
    manager.post(f"{QUEUE}/{statement}/replies", json={"text": "I can come too."})
    row = row_of(pa, statement)
    detail = pa.get(f"{QUEUE}/{statement}").json()

    assert row["status"] == "seen"  # still open, and still in the queue
    assert parsed(row["answered_at"]) == parsed(reply["created_at"])
    assert row["answered_by"] == "Asha"  # the first to answer, not the latest
    assert row["answered_late_minutes"] is None
    assert row["overdue"] is False
    assert detail["answered_at"] == detail["responded_at"] == row["answered_at"]
    assert detail["time_zone"] == "Europe/London"


def test_done_without_a_reply_stops_the_clock_too(views: Views, as_person: AsPerson) -> None:
    statement = sent(views, as_person)
    manager = as_person(views.world.manager_a).client

    manager.patch(f"{QUEUE}/{statement}", json={"status": "done"})
    done = row_of(manager, statement, view="team", status="done")
    manager.patch(f"{QUEUE}/{statement}", json={"status": "in_progress"})
    reopened = row_of(manager, statement, view="team")

    assert done["answered_by"] == "Mo"
    assert done["answered_at"] is not None
    assert reopened["answered_at"] == done["answered_at"]  # reopening does not restart it
    assert reopened["answered_by"] == "Mo"


def test_a_late_answer_says_how_late_and_is_no_longer_overdue(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = sent(views, as_person)
    pa = as_person(views.world.pa1).client
    due_in(engine, statement, -timedelta(hours=2, minutes=5))
    overdue = row_of(pa, statement)

    pa.post(f"{QUEUE}/{statement}/replies", json={"text": "Sorry for the wait."})
    answered = row_of(pa, statement)

    assert overdue["overdue"] is True
    assert overdue["answered_at"] is None
    assert answered["overdue"] is False
    assert answered["answered_by"] == "Asha"
    assert 125 <= answered["answered_late_minutes"] <= 126
    assert row_of(pa, statement, overdue="false")["id"] == str(statement)


def test_an_answer_seconds_late_counts_as_a_minute(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    statement = sent(views, as_person)
    pa = as_person(views.world.pa1).client
    due_in(engine, statement, -timedelta(seconds=5))

    pa.patch(f"{QUEUE}/{statement}", json={"status": "done"})

    assert row_of(pa, statement, status="done")["answered_late_minutes"] == 1
