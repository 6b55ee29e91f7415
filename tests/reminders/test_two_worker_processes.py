"""Two worker processes on one database, 1,000 due reminders, the real sender and the fake
push service: each reminder reaches the push service exactly once. On PostgreSQL claims use
SELECT ... FOR UPDATE SKIP LOCKED; on SQLite one writer at a time makes the UPDATE enough. A
claim is finished only by the worker holding it, a batch's outcomes in one commit."""

import base64
import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

from harbour.config import Settings
from harbour.push.models import PushSubscription
from harbour.push.service import vapid_keys
from harbour.reminders.models import Reminder
from tests.fake_push import running_fake_push
from tests.people import World, urgent_reminder_rows
from tests.reminders.conftest import reminders

COUNT = 1000


def test_two_worker_processes_push_each_of_1000_reminders_exactly_once(
    database_url: str, world: World, engine: Engine, tmp_path: Path
) -> None:
    due = datetime.now(UTC) - timedelta(minutes=1)
    staff = [world.pa1, world.pa2, world.manager_a]
    rows = urgent_reminder_rows(world.north.id, [person.id for person in staff], COUNT, due)
    with engine.begin() as connection:
        connection.execute(insert(Reminder), rows)
    go = tmp_path / "go"
    with running_fake_push() as fake:
        devices = {person.id: fake.subscriber() for person in staff}
        with engine.begin() as connection:
            connection.execute(
                insert(PushSubscription),
                [
                    {
                        "id": uuid.uuid4(),
                        "tenant_id": world.north.id,
                        "person_kind": "staff",
                        "person_id": person_id,
                        "endpoint": device.endpoint,
                        **device.subscription()["keys"],
                        "created_at": due,
                        "failure_count": 0,
                    }
                    for person_id, device in devices.items()
                ],
            )
        env = os.environ | {
            "HARBOUR_DATA_DIR": str(tmp_path),
            "HARBOUR_PUSH_HOSTS": fake.allow_entry,
        }
        vapid_keys(Settings(data_dir=tmp_path))  # made once, before two processes race to
        worker = ["-m", "tests.reminders.worker_process", database_url, str(go), "20"]
        command = [sys.executable, *worker]
        processes = [subprocess.Popen(command, env=env) for _ in range(2)]  # noqa: S603
        go.touch()
        for process in processes:
            assert process.wait(timeout=240) == 0
        received = list(fake.received)

    topics = Counter(message.headers["topic"] for message in received)
    sent = {uuid.UUID(bytes=base64.urlsafe_b64decode(topic + "==")) for topic in topics}
    assert sent == {row["id"] for row in rows}
    assert max(topics.values()) == 1, "a reminder was pushed twice"
    bodies = {json.loads(message.plaintext)["body"] for message in received}
    assert bodies == {"You have an urgent message"}  # and nothing about what it is
    assert {row.status for row in reminders(engine)} == {"sent"}
