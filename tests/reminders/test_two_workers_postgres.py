"""Two `harbour worker`-like processes on one PostgreSQL database, 1,000 due reminders:
each is pushed exactly once (claims use SELECT ... FOR UPDATE SKIP LOCKED)."""

import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from harbour.reminders.models import Reminder
from tests.people import World
from tests.reminders.conftest import reminders

COUNT = 1000


@pytest.fixture
def postgres(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (HARBOUR_TEST_DATABASE_URL)")
    return database_url


def test_two_worker_processes_push_each_of_1000_reminders_exactly_once(
    postgres: str, world: World, engine: Engine, tmp_path: Path
) -> None:
    due = datetime.now(UTC) - timedelta(minutes=1)
    staff = [world.pa1, world.pa2, world.manager_a]  # urgent alerts: never held by quiet hours
    rows = [
        {
            "id": uuid.uuid4(),
            "tenant_id": world.north.id,
            "recipient_kind": "staff",
            "recipient_id": staff[n % 3].id,
            "event_kind": "urgent_statement",
            "event_id": uuid.uuid4(),
            "event_date": date.today(),
            "offset_days": 0,
            "due_at": due,
            "next_attempt_at": due,
            "status": "pending",
            "attempts": 0,
            "created_at": due,
        }
        for n in range(COUNT)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Reminder), rows)
    log, go = tmp_path / "sent.log", tmp_path / "go"
    command = [
        sys.executable,
        "-m",
        "tests.reminders.recording_worker",
        postgres,
        str(log),
        str(go),
    ]
    processes = [subprocess.Popen(command) for _ in range(2)]  # noqa: S603  (our own module)
    go.touch()
    for process in processes:
        assert process.wait(timeout=240) == 0

    lines = [line.split() for line in log.read_text().splitlines()]
    sends = Counter(uuid.UUID(hex=topic) for topic, _ in lines)
    assert set(sends) == {row["id"] for row in rows}
    assert max(sends.values()) == 1, "a reminder was pushed twice"
    assert len({pid for _, pid in lines}) == 2, "both processes sent some"
    assert {row.status for row in reminders(engine)} == {"sent"}
