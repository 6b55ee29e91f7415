"""A reminder worker process whose delivery appends each push attempt to a shared file, for
the two-process exactly-once test. (After the push domain lands, the test can use the real
delivery against the fake push service instead.)

    python -m tests.reminders.recording_worker DATABASE_URL LOG_FILE GO_FILE
"""

import os
import sys
import time
import uuid
from pathlib import Path

from sqlmodel import Session

from harbour.db import make_engine
from harbour.reminders.worker import PushNote, Worker
from tests.reminders.conftest import Outcome

NETWORK_SECONDS = 0.002  # a little time per push, as a real push service would take


def main(database_url: str, log_file: str, go_file: str) -> None:
    def record(_session: Session, _kind: str, _person: uuid.UUID, note: PushNote) -> list[Outcome]:
        line = f"{note.topic} {os.getpid()}\n".encode()
        descriptor = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line)  # one write with O_APPEND: lines never interleave
        finally:
            os.close(descriptor)
        time.sleep(NETWORK_SECONDS)
        return [Outcome("sent")]

    worker = Worker(make_engine(database_url), record, batch=20)
    while not Path(go_file).exists():  # both processes start sending together
        time.sleep(0.01)
    idle = 0
    while idle < 3:  # stop after a few passes that found nothing
        idle = 0 if worker.send_until_empty() else idle + 1
        time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:4])
