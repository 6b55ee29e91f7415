"""How many pushes a second one reminder worker sends, and two at once, to a local push service.

Each run (one worker, then two; RUNS of each, the median reported) makes a fresh database
(PostgreSQL when HARBOUR_DATABASE_URL points at a server, made for the run and dropped
after; a SQLite file otherwise), one council, STAFF staff members with DEVICES devices each
subscribed at the fake push service (a real HTTP server on 127.0.0.1 in this process,
allow-listed), and REMINDERS urgent alerts due now (never held by quiet hours), shared among
them. Then it starts the worker processes (`tests/reminders/worker_process.py`: the real
worker, batches of BATCH), lets them go together, and times until the last push arrives.
Every push is encrypted, VAPID-signed and posted; the push service checks each one's
headers and token and decrypts one in DECRYPT_ONE_IN with http_ece (so its own CPU does not
cap what is measured), each of which must be one of the fixed payloads. It checks that
every reminder reached each of its person's devices exactly once, and no other device, and
that every row is sent, and fails if not. It also reports the CPU each push cost the
workers and the push service: on a busy machine those say more than the rate.

Usage: .venv/bin/python -m bench.push_throughput
       HARBOUR_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
           .venv/bin/python -m bench.push_throughput
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert
from sqlalchemy.engine import make_url
from sqlmodel import Session, select
from tests.fake_push import FakePushService, running_fake_push
from tests.people import urgent_reminder_rows

from bench.database import bench_database
from harbour import models_registry  # noqa: F401  (every table)
from harbour.accounts.models import StaffMember
from harbour.config import Settings
from harbour.content import load_pack
from harbour.db import make_engine
from harbour.migrate import upgrade_to_head
from harbour.push.models import PushSubscription
from harbour.push.schemas import PushPayload, topic_for
from harbour.push.service import vapid_keys
from harbour.reminders.models import Reminder
from harbour.tenants.models import Tenant

REMINDERS = 3_000
STAFF = 50
DEVICES = 2
BATCH = 200
DECRYPT_ONE_IN = 20
TARGET = 500  # pushes a second from one worker (issue 15)
RUNS = 3
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def fill(url: str, fake: FakePushService) -> dict[tuple[str, str], int]:
    """The council, its staff and their devices, and the due reminders; how many pushes each
    (reminder's Topic, device's endpoint) should bring: one for each device of its person."""
    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as session:
        load_pack(session, ROOT / "content" / "riverford.yaml")
        council_id = session.exec(select(Tenant.id)).one()
        staff = [
            StaffMember(tenant_id=council_id, display_name=f"Bench PA {n}", role="personal_adviser")
            for n in range(STAFF)
        ]
        session.add_all(staff)
        session.commit()
        staff_ids = [person.id for person in staff]
    due = datetime.now(UTC) - timedelta(minutes=1)
    endpoints: dict[uuid.UUID, list[str]] = {}
    devices = []
    for person_id in staff_ids:
        for _ in range(DEVICES):
            device = fake.subscriber()  # a P-256 key pair and auth secret, as a browser holds
            endpoints.setdefault(person_id, []).append(device.endpoint)
            devices.append(
                {
                    "id": uuid.uuid4(),
                    "tenant_id": council_id,
                    "person_kind": "staff",
                    "person_id": person_id,
                    "endpoint": device.endpoint,
                    **device.subscription()["keys"],
                    "created_at": due,
                    "failure_count": 0,
                }
            )
    reminders = urgent_reminder_rows(council_id, staff_ids, REMINDERS, due)
    with engine.begin() as connection:
        connection.execute(insert(PushSubscription), devices)
        connection.execute(insert(Reminder), reminders)
    engine.dispose()
    return {
        (topic_for(row["id"]), endpoint): 1  # type: ignore[arg-type]
        for row in reminders
        for endpoint in endpoints[row["recipient_id"]]  # type: ignore[index]
    }


def run_workers(
    url: str, workers: int, data_dir: Path, fake: FakePushService
) -> tuple[float, float, float]:
    """Start the worker processes, let them go together; seconds until the last push, the
    CPU seconds the workers used from then on, and those of this process (mostly the fake
    push service)."""
    go = data_dir / f"go-{workers}"
    env = os.environ | {"HARBOUR_DATA_DIR": str(data_dir), "HARBOUR_PUSH_HOSTS": fake.allow_entry}
    command = [sys.executable, "-m", "tests.reminders.worker_process", url, str(go), str(BATCH)]
    processes = [subprocess.Popen(command, env=env, cwd=ROOT) for _ in range(workers)]
    while len(list(data_dir.glob(f"{go.name}.*.ready"))) < workers:  # started, imports done
        assert all(p.poll() is None for p in processes), "a worker process stopped"
        time.sleep(0.05)
    started, service_cpu = time.monotonic(), time.process_time()
    go.touch()
    for process in processes:
        assert process.wait(timeout=600) == 0, "a worker process failed"
    service_cpu = time.process_time() - service_cpu
    cpu = sum(float(f.read_text()) for f in data_dir.glob(f"{go.name}.*.cpu"))
    return max(got.at for got in fake.received) - started, cpu, service_cpu


def check(url: str, fake: FakePushService, expected: dict[tuple[str, str], int]) -> int:
    """Every reminder reached each device of its person exactly once, and no other, and is
    marked sent; the sampled pushes decrypt to a fixed payload. The number decrypted."""
    assert fake.problems == [], fake.problems[:3]
    pushed = Counter((got.headers["topic"], got.endpoint) for got in fake.received)
    assert max(pushed.values()) == 1, "a device got the same reminder twice"
    assert pushed == expected, "a reminder missed a device, or went to someone else's"
    decrypted = fake.payloads()
    for plaintext in decrypted:
        payload = PushPayload.model_validate_json(plaintext)  # the fixed words only
        assert payload.body == "You have an urgent message"
    engine = make_engine(url)
    with Session(engine) as session:
        statuses = dict(
            session.exec(select(Reminder.status, func.count()).group_by(Reminder.status)).all()
        )
    engine.dispose()
    assert statuses == {"sent": REMINDERS}, statuses
    return len(decrypted)


@dataclass(frozen=True)
class Run:
    workers: int
    database: str
    pushes: int
    decrypted: int
    seconds: float
    worker_cpu_seconds: float
    push_service_cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.pushes / self.seconds

    def line(self) -> str:
        def per_push(cpu: float) -> str:
            return f"{cpu * 1000 / self.pushes:.2f} ms"

        return (
            f"{self.workers} worker(s) on {self.database}: {self.pushes} pushes ({REMINDERS} "
            f"reminders x {DEVICES} devices) in {self.seconds:.1f} s: {self.per_second:.0f} "
            f"pushes/s; CPU a push: worker {per_push(self.worker_cpu_seconds)}, push service "
            f"{per_push(self.push_service_cpu_seconds)}; each reminder once to each device, "
            f"{self.decrypted} decrypted"
        )


def one_run(workers: int) -> Run:
    with (
        tempfile.TemporaryDirectory() as data,
        bench_database() as server_url,
        running_fake_push(DECRYPT_ONE_IN) as fake,
    ):
        data_dir = Path(data)
        url = server_url or f"sqlite:///{data_dir / 'bench.db'}"
        expected = fill(url, fake)
        vapid_keys(Settings(data_dir=data_dir))  # made once, before the processes race to
        seconds, cpu, service_cpu = run_workers(url, workers, data_dir, fake)
        decrypted = check(url, fake, expected)
        database = make_url(url).get_backend_name()
        return Run(workers, database, len(fake.received), decrypted, seconds, cpu, service_cpu)


def median_run(workers: int) -> Run:
    """RUNS runs, each printed; the one with the median rate."""
    runs = sorted((one_run(workers) for _ in range(RUNS)), key=lambda run: run.per_second)
    for run in runs:
        print(f"  {run.line()}")
    return runs[len(runs) // 2]


def main() -> None:
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    one, two = median_run(1), median_run(2)
    print(f"Median of {RUNS}:\n{one.line()}\n{two.line()}")
    print(
        f"Two workers: {two.per_second / one.per_second:.2f}x one. One worker "
        f"{'meets' if one.per_second >= TARGET else 'misses'} the target of {TARGET} pushes/s "
        f"(load average afterwards {os.getloadavg()[0]:.1f}: other work on the machine slows it)"
    )
    RESULTS.mkdir(exist_ok=True)
    report = [asdict(run) | {"pushes_per_second": round(run.per_second)} for run in (one, two)]
    (RESULTS / f"push-throughput-{one.database}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
