"""How many reminders per second one worker sends to the local fake push service.

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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert
from sqlmodel import Session, select
from tests.fake_push import running_fake_push
from tests.people import urgent_reminder_rows

from harbour import models_registry  # noqa: F401  (every table)
from harbour.accounts.models import StaffMember
from harbour.content import load_pack
from harbour.db import make_engine
from harbour.migrate import upgrade_to_head
from harbour.push.models import PushSubscription
from harbour.reminders.models import Reminder
from harbour.reminders.worker import Worker
from harbour.tenants.models import Tenant

REMINDERS = 1_000
SUBSCRIPTIONS = 2


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir, running_fake_push() as fake:
        # Set before the settings are first read (harbour.config.get_settings is cached).
        os.environ["HARBOUR_DATA_DIR"] = data_dir
        os.environ["HARBOUR_PUSH_HOSTS"] = fake.allow_entry

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
                device = fake.subscriber()  # a P-256 key pair and auth secret, as a browser holds
                connection.execute(
                    insert(PushSubscription).values(
                        id=uuid.uuid4(),
                        tenant_id=council_id,
                        person_kind="staff",
                        person_id=pa_id,
                        endpoint=device.endpoint,
                        **device.subscription()["keys"],
                        created_at=due,
                        failure_count=0,
                    )
                )
            connection.execute(
                insert(Reminder), urgent_reminder_rows(council_id, [pa_id], REMINDERS, due)
            )
        started = time.perf_counter()
        Worker(engine).send_until_empty()
        seconds = time.perf_counter() - started
        with Session(engine) as session:
            sent = session.exec(
                select(func.count()).select_from(Reminder).where(Reminder.status == "sent")
            ).one()
        assert len(fake.received) == sent * SUBSCRIPTIONS, "every push decrypted at the service"
        print(
            f"One worker: {sent} of {REMINDERS} reminders sent to {SUBSCRIPTIONS} devices each "
            f"in {seconds:.1f} s: {sent / seconds:.0f} reminders/s "
            f"({sent * SUBSCRIPTIONS / seconds:.0f} pushes/s) on {engine.dialect.name}."
        )


if __name__ == "__main__":
    main()
