"""A reminder worker process for the two-process test and the bench: the real worker and the
real push sender, posting to the fake push service named in HARBOUR_PUSH_HOSTS. Once
started it makes GO_FILE.<pid>.ready, waits for GO_FILE, then sends until a few passes find
nothing, and writes the CPU seconds that took to GO_FILE.<pid>.cpu.

    python -m tests.reminders.worker_process DATABASE_URL GO_FILE BATCH
"""

import os
import sys
import time
from pathlib import Path

from harbour.db import make_engine
from harbour.reminders.worker import Worker


def main(database_url: str, go_file: str, batch: str) -> None:
    worker = Worker(make_engine(database_url), batch=int(batch))
    Path(f"{go_file}.{os.getpid()}.ready").touch()
    while not Path(go_file).exists():  # both processes start sending together
        time.sleep(0.01)
    cpu = time.process_time()
    idle = 0
    while idle < 3:  # stop after a few passes that found nothing
        idle = 0 if worker.send_until_empty() else idle + 1
        time.sleep(0.05)
    Path(f"{go_file}.{os.getpid()}.cpu").write_text(str(time.process_time() - cpu))


if __name__ == "__main__":
    main(*sys.argv[1:4])
