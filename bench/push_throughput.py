"""How many reminders per second one worker sends to the local fake push service.

NEEDS THE PUSH DOMAIN (issue 6, helper P1: `harbour.push` and `tests/fake_push.py`); written
against the issue 6 contract before that branch was merged: check the two marked lines
(the fake service's address and a test subscriber's keys) against `tests/fake_push.py`.

Makes a throwaway SQLite database (or uses HARBOUR_DATABASE_URL, which must be empty),
one council, one PA with SUBSCRIPTIONS devices subscribed at the fake push service (a real
server on 127.0.0.1, allow-listed), and REMINDERS urgent alerts due now (never held by
quiet hours); then times one `Worker.send_until_empty()`: every reminder is encrypted,
signed (VAPID) and posted to each device. Reports; never fails the build.

Usage: .venv/bin/python -m bench.push_throughput
"""

import os
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlmodel import Session

from harbour import models_registry  # noqa: F401  (every table)
from harbour.accounts.models import StaffMember
from harbour.content import load_pack
from harbour.db import make_engine
from harbour.migrate import upgrade_to_head
from harbour.reminders.models import Reminder
from harbour.reminders.worker import Worker
from harbour.tenants.models import Tenant

REMINDERS = 1_000
SUBSCRIPTIONS = 2


def main() -> None:
    from tests.fake_push import FakeSubscriber, running_fake_push  # needs P1's merge

    with tempfile.TemporaryDirectory() as data_dir, running_fake_push() as base_url:
        # Set before the settings are first read (harbour.config.get_settings is cached).
        os.environ["HARBOUR_DATA_DIR"] = data_dir
        os.environ["HARBOUR_PUSH_HOSTS"] = base_url  # e.g. http://127.0.0.1:PORT
        from harbour.push.models import PushSubscription  # needs P1's merge

        url = os.environ.get("HARBOUR_DATABASE_URL") or f"sqlite:///{Path(data_dir) / 'b.db'}"
        upgrade_to_head(url)
        engine = make_engine(url)
        with Session(engine) as session:
            load_pack(session, Path("content") / "riverford.yaml")
            council = session.exec(select(Tenant)).one()
            pa = StaffMember(tenant_id=council.id, display_name="Bench PA", role="personal_adviser")
            session.add(pa)
            session.commit()
            council_id, pa_id = council.id, pa.id
        due = datetime.now(UTC) - timedelta(minutes=1)
        with engine.begin() as connection:
            for _ in range(SUBSCRIPTIONS):
                device = FakeSubscriber()  # a P-256 key pair and auth secret, as a browser holds
                connection.execute(
                    insert(PushSubscription).values(
                        id=uuid.uuid4(),
                        tenant_id=council_id,
                        person_kind="staff",
                        person_id=pa_id,
                        endpoint=f"{base_url}/push/{uuid.uuid4().hex}",
                        p256dh=device.p256dh,  # check against tests/fake_push.py
                        auth=device.auth,
                        created_at=due,
                        failure_count=0,
                    )
                )
            connection.execute(
                insert(Reminder),
                [
                    {
                        "id": uuid.uuid4(),
                        "tenant_id": council_id,
                        "recipient_kind": "staff",
                        "recipient_id": pa_id,
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
                    for _ in range(REMINDERS)
                ],
            )
        started = time.perf_counter()
        Worker(engine).send_until_empty()
        seconds = time.perf_counter() - started
        with Session(engine) as session:
            sent = session.exec(
                select(func.count()).select_from(Reminder).where(Reminder.status == "sent")
            ).one()
        print(
            f"One worker: {sent} of {REMINDERS} reminders sent to {SUBSCRIPTIONS} devices each "
            f"in {seconds:.1f} s: {sent / seconds:.0f} reminders/s "
            f"({sent * SUBSCRIPTIONS / seconds:.0f} pushes/s) on {engine.dialect.name}."
        )


if __name__ == "__main__":
    main()
