"""A reminder worker process for the two-process test: the real worker and the real push
sender, posting to the fake push service named in HARBOUR_PUSH_HOSTS.

    python -m tests.reminders.worker_process DATABASE_URL GO_FILE
"""

import sys
import time
from pathlib import Path

from harbour.db import make_engine
from harbour.reminders.worker import Worker


def main(database_url: str, go_file: str) -> None:
    worker = Worker(make_engine(database_url), batch=20)
    while not Path(go_file).exists():  # both processes start sending together
        time.sleep(0.01)
    idle = 0
    while idle < 3:  # stop after a few passes that found nothing
        idle = 0 if worker.send_until_empty() else idle + 1
        time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:3])
