"""Statements survive the ways a sync goes wrong: the same batch sent twice at once, a
response lost on the way back, and the server killed mid-sync and restarted. Afterwards
every statement exists exactly once, checked by ids."""

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from e2e.server import free_port
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from harbour.statements.models import Statement
from harbour.sync.models import SyncReceipt
from tests.people import PIN, statement_item
from tests.processes import harbour_serve
from tests.statements.conftest import PULL, PUSH, AsPerson, Views, push


def statement_ids(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(str(i) for i in session.exec(select(Statement.id)).all())


def receipts(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(SyncReceipt)).one()


def batch_of(count: int) -> list[dict[str, Any]]:
    return [statement_item("feeling", feeling=n % 5 + 1, text=f"Day {n}") for n in range(count)]


def test_the_same_batch_sent_twice_at_the_same_time_is_stored_once(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    batch = batch_of(15)
    phones = [as_person(views.world.yp1) for _ in range(4)]  # one young person, four sessions

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda phone: push(phone, *batch), phones))

    for position, item in enumerate(batch):
        statuses = sorted(outcome[position]["status"] for outcome in outcomes)
        assert statuses == ["accepted", "duplicate", "duplicate", "duplicate"], item["id"]
    assert statement_ids(engine) == sorted(str(i["id"]) for i in batch)
    assert receipts(engine) == len(batch)
    with Session(engine) as session:  # each change number was handed out once
        numbers = session.exec(select(Statement.change_seq)).all()
    assert len(set(numbers)) == len(batch)


def test_a_batch_whose_response_was_lost_is_sent_again_and_stored_once(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    phone = as_person(views.world.yp1)
    batch = batch_of(10)
    phone.client.post(PUSH, json={"items": batch[:6]})  # the answer never reached the phone

    again = push(phone, *batch)  # so the outbox still holds all ten, and sends them all

    assert [r["status"] for r in again] == ["duplicate"] * 6 + ["accepted"] * 4
    assert statement_ids(engine) == sorted(str(i["id"]) for i in batch)
    pulled = phone.client.get(PULL).json()["statements"]
    assert sorted(s["id"] for s in pulled) == sorted(str(i["id"]) for i in batch)


class Outbox:
    """A phone's outbox: sends what is not yet acknowledged, in batches, until told to stop;
    a transport error (the server gone) keeps every item, as the app does."""

    def __init__(self, client: httpx.Client, items: list[dict[str, Any]]) -> None:
        self.client, self.waiting = client, list(items)
        self.acknowledged: set[str] = set()
        self.failures = 0
        self.stop = threading.Event()

    def flush_until_empty(self, deadline: float) -> None:
        while self.waiting and not self.stop.is_set() and time.monotonic() < deadline:
            batch = self.waiting[:5]
            try:
                response = self.client.post(PUSH, json={"items": batch}, timeout=5)
            except httpx.TransportError:
                self.failures += 1
                time.sleep(0.05)
                continue
            assert response.status_code == 200, response.text
            for result in response.json()["results"]:
                assert result["status"] in ("accepted", "duplicate"), result
                self.acknowledged.add(result["id"])
            self.waiting = [i for i in self.waiting if str(i["id"]) not in self.acknowledged]


def test_the_server_killed_mid_sync_and_restarted_loses_nothing_and_doubles_nothing(
    views: Views, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    items = batch_of(120)
    port = free_port()
    with harbour_serve(database_url, tmp_path, port) as first:
        phone = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        signed_in = phone.post(
            "/api/v1/auth/young-person/sign-in",
            json={"council": "northdale", "username": "jordan", "secret": PIN},
        )
        assert signed_in.status_code == 200, signed_in.text
        phone.headers["X-CSRF-Token"] = signed_in.json()["csrf_token"]
        outbox = Outbox(phone, items)
        sender = threading.Thread(target=outbox.flush_until_empty, args=(time.monotonic() + 90,))
        sender.start()
        while len(outbox.acknowledged) < 30 and sender.is_alive():
            time.sleep(0.005)
        os.kill(first.pid, signal.SIGKILL)  # no clean shutdown: mid-request, mid-transaction
        first.wait(timeout=10)
        killed_with = len(outbox.acknowledged)
        time.sleep(0.3)  # the phone keeps trying while the server is down
    with harbour_serve(database_url, tmp_path, port):
        sender.join(timeout=90)
        assert not sender.is_alive(), "the outbox never emptied"
        # Everything again, as a phone that lost track would: all duplicates now.
        resent = Outbox(phone, items)
        resent.flush_until_empty(time.monotonic() + 60)
        pulled = phone.get(PULL).json()["statements"]
    phone.close()

    assert 30 <= killed_with < len(items), "the kill came mid-sync"
    assert outbox.failures > 0, "the phone saw the server go away"
    assert outbox.acknowledged == {str(i["id"]) for i in items}
    assert resent.acknowledged == outbox.acknowledged
    assert not resent.waiting
    assert statement_ids(engine) == sorted(str(i["id"]) for i in items)
    assert receipts(engine) == len(items)
    assert sorted(s["id"] for s in pulled) == sorted(str(i["id"]) for i in items)


def test_two_staff_opening_a_statement_at_once_give_it_one_first_reader(
    views: Views, as_person: AsPerson, engine: Engine
) -> None:
    world = views.world
    items = batch_of(5)
    push(as_person(world.yp1), *items)
    readers = [as_person(person).client for person in (world.pa1, world.manager_a) * 2]

    def open_all(client: Any) -> list[str]:
        return [
            client.get(f"/api/v1/statements/{item['id']}").json()["first_read_by"]["id"]
            for item in items
        ]

    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(open_all, readers))

    with Session(engine) as session:
        rows = {str(r.id): r for r in session.exec(select(Statement)).all()}
    for position, item in enumerate(items):
        first = str(rows[str(item["id"])].first_read_by_staff_id)
        assert {answer[position] for answer in seen} == {first}  # everyone saw the same reader
