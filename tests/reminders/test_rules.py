"""Every reminder rule, travelling in time (time-machine): plan reviews, health passport
dates and tasks on the council's offsets; replies and urgent statements at once; a moved
date reschedules, a cancelled event cancels; quiet hours; the PA's morning digest."""

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import time_machine
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from harbour.accounts.schemas import StaffRole
from harbour.kernel.change_sequence import next_change
from harbour.plans.models import Plan
from harbour.reminders.models import Reminder
from harbour.reminders.worker import Worker
from tests.people import (
    SignedIn,
    World,
    make_passport,
    make_staff,
    make_statement,
    make_team,
    make_young_person,
)
from tests.plans.conftest import add_task, edit_task, plan_url
from tests.reminders.conftest import Recorder, pending, reminders

AsPerson = Callable[..., SignedIn]


def at(text: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(text), tick=False)


def set_review(pa: SignedIn, young_person_id: uuid.UUID, day: str | None, version: int) -> None:
    body = {"op_id": str(uuid.uuid4()), "base_version": version, "set": {"review_due": day}}
    response = pa.client.post(plan_url(young_person_id, "/edits"), json=body)
    assert response.status_code == 200, response.text


def run_worker(engine: Engine, recorder: Recorder) -> int:
    return Worker(engine, recorder).run_once()


def reply(pa: SignedIn, statement: uuid.UUID, text: str) -> int:
    return pa.client.post(
        f"/api/v1/statements/{statement}/replies", json={"text": text}
    ).status_code


def inbox_items(person: SignedIn) -> list[dict[str, Any]]:
    return person.client.get("/api/v1/inbox").json()["items"]


def newest(items: list[dict[str, Any]]) -> tuple[str, str]:
    """The newest inbox item's title, and the address it opens."""
    return items[0]["title"], items[0]["open"]


def test_a_plan_review_is_reminded_14_3_and_1_days_before_at_nine(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder, pa: SignedIn
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        set_review(pa, world.yp1.id, "2026-12-01", 0)
    assert pending(engine) == [
        ("plan_review", "2026-12-01", 14),
        ("plan_review", "2026-12-01", 3),
        ("plan_review", "2026-12-01", 1),
    ]
    assert reminders(engine)[0].due_at.replace(tzinfo=UTC) == datetime(2026, 11, 17, 9, tzinfo=UTC)

    with at("2026-11-17T08:59:00+00:00"):
        assert run_worker(engine, recorder) == 0
    with at("2026-11-17T09:00:30+00:00"):
        assert run_worker(engine, recorder) == 1
        inbox = as_person(world.yp1).client.get("/api/v1/inbox").json()

    kind, person, note = recorder.sent[0]
    assert (kind, person) == ("young_person", world.yp1.id)
    assert (note.kind, note.urgency) == ("reminder", "normal")
    assert note.ttl > 0
    assert note.open == f"/c/northdale/inbox/{inbox['items'][0]['id']}"
    assert inbox["unseen"] == 1
    assert inbox["items"][0]["title"] == "Your pathway plan review is in 14 days"
    assert inbox["items"][0]["open"] == "/c/northdale/plan"


def test_a_moved_review_date_cancels_the_old_reminders_and_makes_new_ones(
    world: World, engine: Engine, recorder: Recorder, pa: SignedIn
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        set_review(pa, world.yp1.id, "2026-12-01", 0)
    with at("2026-11-17T10:00:00+00:00"):
        run_worker(engine, recorder)  # the 14-day one goes
        set_review(pa, world.yp1.id, "2026-12-20", 1)

    assert [r.status for r in reminders(engine, event_date=datetime(2026, 12, 1).date())] == [
        "sent",
        "cancelled",
        "cancelled",
    ]
    assert pending(engine) == [
        ("plan_review", "2026-12-20", 14),
        ("plan_review", "2026-12-20", 3),
        ("plan_review", "2026-12-20", 1),
    ]
    with at("2026-11-28T09:30:00+00:00"):  # 3 days before the old date: nothing now
        assert run_worker(engine, recorder) == 0


def test_the_worker_catches_a_date_changed_without_telling_it_and_only_once(
    world: World, engine: Engine, recorder: Recorder
) -> None:
    """The catch-all (decision 015, point 6) follows each young person's change numbers
    (decision 021): a plan changed under a number but without its event still gets its
    reminders on the next pass; another young person's changes do not bring it back."""
    worker = Worker(engine, recorder)
    with at("2026-11-01T10:00:00+00:00"):
        worker.run_once()  # it has seen everything there is
        with Session(engine) as session:
            number = next_change(session, world.north.id, world.yp1.id)
            plan = Plan(
                tenant_id=world.north.id,
                young_person_id=world.yp1.id,
                review_due=date(2026, 12, 1),
                change_seq=number,
            )
            session.add(plan)
            session.commit()
        unseen = pending(engine)
        worker.run_once()
        caught = pending(engine)
        with Session(engine) as session:  # the reminders go; only another change recalls them
            for row in session.exec(select(Reminder)).all():
                session.delete(row)
            session.commit()
        make_statement(engine, world.yp2)
        worker.run_once()

    assert unseen == []
    assert caught == [
        ("plan_review", "2026-12-01", 14),
        ("plan_review", "2026-12-01", 3),
        ("plan_review", "2026-12-01", 1),
    ]
    assert pending(engine) == []


def test_a_cleared_review_date_cancels_its_pending_reminders(
    world: World, engine: Engine, pa: SignedIn
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        set_review(pa, world.yp1.id, "2026-12-01", 0)
        set_review(pa, world.yp1.id, None, 1)
    assert pending(engine) == []
    assert {r.status for r in reminders(engine)} == {"cancelled"}


def test_a_date_moved_away_and_back_reminds_again(
    world: World, engine: Engine, pa: SignedIn
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        set_review(pa, world.yp1.id, "2026-12-01", 0)
        set_review(pa, world.yp1.id, "2026-12-02", 1)
        set_review(pa, world.yp1.id, "2026-12-01", 2)
    assert [p for p in pending(engine) if p[1] == "2026-12-01"] == [
        ("plan_review", "2026-12-01", 14),
        ("plan_review", "2026-12-01", 3),
        ("plan_review", "2026-12-01", 1),
    ]


def test_no_reminder_is_made_for_a_day_already_gone(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    with at("2026-11-28T10:00:00+00:00"):
        set_review(as_person(world.pa1), world.yp1.id, "2026-12-01", 0)
    assert pending(engine) == [("plan_review", "2026-12-01", 3), ("plan_review", "2026-12-01", 1)]


def test_health_passport_dates_are_reminded_14_and_3_days_before(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        make_passport(
            engine,
            world.yp1,
            dental_check_next="2026-12-01",
            eye_test_next="2026-12-05",
            health_assessment_next="2026-12-10",
            immunisations_due="2026-12-15",
            passport_review="2026-12-20",
        )
    kinds = {(kind, offset) for kind, _, offset in pending(engine)}
    assert kinds == {
        (kind, offset)
        for kind in (
            "dental_check_next",
            "eye_test_next",
            "health_assessment_next",
            "immunisations_due",
            "passport_review",
        )
        for offset in (14, 3)
    }
    with at("2026-11-28T09:01:00+00:00"):
        run_worker(engine, recorder)
        items = inbox_items(as_person(world.yp1))
    # Titles say how far off the date is today, whichever reminder it was.
    assert [i["title"] for i in items] == [
        "Your dental check is in 3 days",
        "Your health assessment is in 12 days",
        "Your eye test is in 7 days",
        "Your dental check is in 3 days",
    ]


def test_a_task_is_reminded_the_day_before_and_once_when_overdue_until_it_is_done(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder, pa: SignedIn
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        task = add_task(pa, world.yp1.id, due_on="2026-11-10")
        add_task(pa, world.yp1.id, due_on="2026-11-10", owner="pa")  # the PA's own: digest
    assert pending(engine) == [("task_due", "2026-11-10", 1), ("task_overdue", "2026-11-10", -1)]
    with at("2026-11-09T09:00:00+00:00"):
        assert run_worker(engine, recorder) == 1
        items = inbox_items(as_person(world.yp1))
    assert newest(items) == (
        "“Open a bank account” is due tomorrow",
        f"/c/northdale/plan/tasks/{task['id']}",
    )

    with at("2026-11-10T12:00:00+00:00"):
        response = edit_task(pa, world.yp1.id, task["id"], task["version"], status="done")
        assert response.status_code == 200, response.text
    assert pending(engine, recipient_kind="young_person") == []
    with at("2026-11-11T09:00:00+00:00"):
        run_worker(engine, recorder)  # (the PA's digest goes: their own task is overdue)
    assert [person for _, person, _ in recorder.sent] == [world.yp1.id, world.pa1.id]


def test_an_overdue_task_is_reminded_once_the_day_after(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        add_task(as_person(world.pa1), world.yp1.id, due_on="2026-11-10")
    with at("2026-11-11T09:00:00+00:00"):
        run_worker(engine, recorder)
    with at("2026-11-12T09:00:00+00:00"):
        run_worker(engine, recorder)
        items = inbox_items(as_person(world.yp1))
    to_them = [note for _, person, note in recorder.sent if person == world.yp1.id]
    assert len(to_them) == 2  # the day-before one (late: no worker ran) and the overdue one
    assert "“Open a bank account” was due on 10 November" in {i["title"] for i in items}


def test_a_reply_is_a_message_at_once(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    with at("2026-11-20T14:00:00+00:00"):
        statement = make_statement(engine, world.yp1, text="Can we talk?")
        assert reply(as_person(world.pa1), statement, "Yes") == 201
        assert run_worker(engine, recorder) == 1
        items = inbox_items(as_person(world.yp1))
    assert recorder.sent[0][2].kind == "message"  # the push says only "You have a new message"
    # The inbox says which statement: its title and the day it was written.
    assert newest(items) == (
        "Asha replied to “How I'm feeling” from 20 Nov",
        f"/c/northdale/views/sent/{statement}",
    )


def test_an_urgent_statement_alerts_the_pa_and_their_manager_at_once_even_at_night(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    with at("2026-11-20T23:30:00+00:00"):
        statement = make_statement(engine, world.yp1, urgent=True, text="help")
        assert run_worker(engine, recorder) == 2
        items = inbox_items(as_person(world.pa1))
    assert {person for _, person, _ in recorder.sent} == {world.pa1.id, world.manager_a.id}
    assert {note.kind for *_, note in recorder.sent} == {"urgent"}
    assert {note.urgency for *_, note in recorder.sent} == {"high"}
    assert recorder.sent[0][2].open.startswith("/staff/inbox/")
    assert newest(items) == ("Urgent: Jordan needs help now", f"/staff/views/{statement}")


def test_quiet_hours_hold_a_reminder_until_they_end(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    with at("2026-11-20T22:00:00+00:00"):
        statement = make_statement(engine, world.yp1, text="Can we talk?")
        reply(as_person(world.pa1), statement, "Yes")
        assert run_worker(engine, recorder) == 1  # claimed, then held
        inbox = as_person(world.yp1).client.get("/api/v1/inbox").json()
    assert recorder.sent == []
    assert inbox["unseen"] == 1, "the inbox has it at once; only the push waits"
    (row,) = reminders(engine)
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.next_attempt_at.replace(tzinfo=UTC) == datetime(2026, 11, 21, 8, tzinfo=UTC)
    with at("2026-11-21T07:59:00+00:00"):
        assert run_worker(engine, recorder) == 0
    with at("2026-11-21T08:00:00+00:00"):
        assert run_worker(engine, recorder) == 1
    assert len(recorder.sent) == 1


def test_a_persons_own_quiet_hours_apply_in_the_councils_summer_time(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    yp = as_person(world.yp1)
    body = {"quiet_start": "22:30", "quiet_end": "07:00", "kinds": {}}
    assert yp.client.put("/api/v1/reminders/settings", json=body).status_code == 200
    with at("2026-06-10T21:00:00+00:00"):  # 22:00 in London (BST): not yet quiet
        statement = make_statement(engine, world.yp1, text="Can we talk?")
        reply(as_person(world.pa1), statement, "Yes")
        run_worker(engine, recorder)
    with at("2026-06-10T21:45:00+00:00"):  # 22:45 in London: quiet
        reply(as_person(world.pa1), statement, "Again")
        run_worker(engine, recorder)
    assert len(recorder.sent) == 1
    held = [row for row in reminders(engine) if row.status == "pending"]
    assert held[0].next_attempt_at.replace(tzinfo=UTC) == datetime(2026, 6, 11, 6, tzinfo=UTC)


def test_a_pa_gets_one_morning_digest_when_their_caseload_has_something_overdue(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        add_task(as_person(world.pa1), world.yp1.id, due_on="2026-11-05", owner="pa")
        set_review(as_person(world.pa2), world.yp2.id, "2026-11-12", 0)
    with at("2026-11-06T07:59:00+00:00"):
        run_worker(engine, recorder)
    assert reminders(engine, event_kind="digest") == []
    with at("2026-11-06T08:01:00+00:00"):
        run_worker(engine, recorder)
        run_worker(engine, recorder)  # a second pass (or worker) makes no second digest
        items = inbox_items(as_person(world.pa1))
    digests = reminders(engine, event_kind="digest")
    assert sorted(r.recipient_id for r in digests) == sorted([world.pa1.id, world.pa2.id])
    assert newest(items) == (
        "Your caseload today: 1 overdue task, 0 plan reviews due within a week",
        "/staff",
    )
    with at("2026-11-07T08:01:00+00:00"):
        run_worker(engine, recorder)
    assert len(reminders(engine, event_kind="digest")) == 4


def test_a_worker_finding_everything_made_already_writes_no_reminders(
    world: World, as_person: AsPerson, engine: Engine, recorder: Recorder
) -> None:
    """Each worker starts by reconciling everyone and makes the day's digests on every pass;
    nationally that is 110,000 young people and 5,000 PAs (bench.national_load). What is
    made already is left alone: not inserted again one row at a time."""
    with at("2026-11-01T10:00:00+00:00"):
        add_task(as_person(world.pa1), world.yp1.id, due_on="2026-11-05", owner="pa")
        add_task(as_person(world.pa1), world.yp1.id, due_on="2026-11-20", owner="young_person")
        set_review(as_person(world.pa2), world.yp2.id, "2026-11-12", 0)
    inserts: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO reminder "):
            inserts.append(statement)

    with at("2026-11-06T08:01:00+00:00"):
        run_worker(engine, recorder)
        made = len(reminders(engine))
        event.listen(engine, "before_cursor_execute", count)
        try:
            run_worker(engine, recorder)  # a new worker: it has seen no changes yet
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert made == len(reminders(engine)) > 0
    assert {r.event_kind for r in reminders(engine)} >= {"digest", "plan_review", "task_due"}
    assert inserts == []


def test_an_inactive_young_person_gets_no_reminders(
    world: World, as_person: AsPerson, engine: Engine
) -> None:
    with at("2026-11-01T10:00:00+00:00"):
        set_review(as_person(world.pa1), world.yp1.id, "2026-12-01", 0)
        response = as_person(world.pa1).client.patch(
            f"/api/v1/young-people/{world.yp1.id}", json={"active": False}
        )
        assert response.status_code == 200, response.text
    assert pending(engine) == []


def test_an_urgent_statement_to_a_team_also_alerts_the_team_and_with_no_pa_the_admin(
    world: World, engine: Engine
) -> None:
    team = make_team(engine, world.north, "Participation team")
    member = make_staff(engine, world.north, StaffRole.personal_adviser, "Pat Part", team)
    alone = make_young_person(engine, world.north, None, "Robin")
    with at("2026-11-20T12:00:00+00:00"):
        make_statement(engine, world.yp1, urgent=True, recipient="participation", text="help")
        make_statement(engine, alone, urgent=True, text="help")
    to = {(r.recipient_id, r.event_kind) for r in reminders(engine)}
    assert {person for person, _ in to} == {
        world.pa1.id,
        world.manager_a.id,
        member.id,
        world.north_admin.id,  # for Robin, who has no PA
    }
