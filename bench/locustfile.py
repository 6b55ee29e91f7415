"""The simulated people of the national-scale run (bench.national_load starts Locust with it).

Young people on their phones (three in four users). Each screen a phone in use opens is one
request, the pull (decision 023): an incremental pull with the cursor the last one gave,
whose answer also says who is signed in (`me`, checked to be this person), the inbox count
and the council's content version. A phone fetches the council, its offer and its pledge
only when that version is not the one it keeps (here: once, at its first pull). One action in
nine sends a statement through the outbox under a new id (one send in ten repeats the last
batch, as a phone does after losing an answer), and pulls after it, as the app does after a
flush. PAs at their desks: the triage queue's first page and the caseload, each a staff
screen in one request (decision 024). Everyone waits between actions: 1 to 3 s unless
HARBOUR_BENCH_WAIT says otherwise ("5,15"). Before a wait longer than the server keeps an
idle connection (uvicorn: 5 s) a user lets its connection go and opens a new one after, as a
phone does: reusing one the server is closing at that moment fails before it reaches the
app, which a browser hides by sending again but a load tool counts as an error.

Who they are comes from the file HARBOUR_BENCH_USERS names, written by bench.national_load:
sessions the generator made (bench.national_data), with the tokens derived from its seed.
This file runs in Locust's own virtualenv (.venv-bench), so it imports nothing of Harbour's.
"""

import itertools
import json
import os
import random
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from locust import task
from locust.contrib.fasthttp import FastHttpUser

PEOPLE = json.loads(Path(os.environ["HARBOUR_BENCH_USERS"]).read_text())
# Each user signs in as the next person on the list: no two phones share one.
YOUNG_PEOPLE = itertools.cycle(PEOPLE["young_people"])
ADVISERS = itertools.cycle(PEOPLE["advisers"])
STORED = {"accepted", "duplicate"}
LOW, HIGH = (float(s) for s in os.environ.get("HARBOUR_BENCH_WAIT", "1,3").split(","))
KEPT_ALIVE = 4.0  # seconds: less than uvicorn's keep-alive (5)
# The staff screens' addresses, as the staff pages ask for them (frontend/src/staff/screen.ts).
QUEUE_SCREEN = "/api/v1/screens/queue?view=mine&limit=25&offset=0"
CASELOAD_SCREEN = "/api/v1/screens/caseload"


class Paced(FastHttpUser):
    abstract = True

    def wait_time(self) -> float:
        seconds = random.uniform(LOW, HIGH)
        if seconds > KEPT_ALIVE:
            self.client.client.close()
        return seconds


def signed_in(person: dict[str, str]) -> dict[str, str]:
    return {"Cookie": f"harbour_session={person['token']}", "X-CSRF-Token": person["csrf"]}


def statement() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "statement",
        "created_at": datetime.now(UTC).isoformat(),
        "body": {
            "type": "feeling",
            "recipient": "pa",
            "answers": {"feeling": random.randint(1, 5), "text": "A quiet week, college is OK."},
        },
    }


class YoungPerson(Paced):
    weight = 3

    def on_start(self) -> None:
        me = next(YOUNG_PEOPLE)
        self.id = me["id"]
        self.headers = signed_in(me)
        self.council = me["council"]
        # The version of the council content this phone keeps (none yet: a first visit).
        self.content_version: str | None = None
        self.keeps_content = False
        self.last_batch: dict[str, Any] | None = None
        self.cursor = self.pull(0, "young person: first pull")

    def pull(self, since: int, name: str) -> int:
        """One pull: the new cursor (the old one if it failed). Fetches the council's content
        when the pull says this phone's copy is not current."""
        with self.client.get(
            f"/api/v1/sync/pull?since={since}", headers=self.headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.error or ''}")
                return since
            answer = response.json()
            if (answer.get("me") or {}).get("id") != self.id:
                response.failure("the pull's me is not this young person")
                return since
        if not self.keeps_content or answer["content_version"] != self.content_version:
            self.keep_content(answer["content_version"])
        return int(answer["cursor"])

    def keep_content(self, version: str | None) -> None:
        for part in ("", "/offer", "/pledge"):
            self.client.get(
                f"/api/v1/councils/{self.council}{part}",
                headers=self.headers,
                name="young person: council content",
            )
        self.content_version, self.keeps_content = version, True

    @task(8)
    def open_a_screen(self) -> None:
        """Opening the app, another page, coming back to it, the minute's timer: one pull."""
        self.cursor = self.pull(self.cursor, "young person: pull")

    @task(1)
    def send_statement(self) -> None:
        resend = self.last_batch is not None and random.random() < 0.1
        batch = self.last_batch if resend else {"items": [statement()]}
        with self.client.post(
            "/api/v1/sync/push",
            json=batch,
            headers=self.headers,
            name="young person: sync push",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.error or ''}")
                return
            results = {result["status"] for result in response.json()["results"]}
            if not results <= STORED:
                response.failure(f"not stored: {sorted(results)}")
                return
        self.last_batch = batch
        # After a flush the server answered, the app pulls (its own statement comes back).
        self.cursor = self.pull(self.cursor, "young person: pull")


class Adviser(Paced):
    weight = 1

    def on_start(self) -> None:
        self.headers = signed_in(next(ADVISERS))

    @task(3)
    def triage_queue(self) -> None:
        self.client.get(QUEUE_SCREEN, headers=self.headers, name="PA: triage queue")

    @task(1)
    def caseload(self) -> None:
        self.client.get(CASELOAD_SCREEN, headers=self.headers, name="PA: caseload")
