"""A council's reminder settings (`council.reminders` in its content pack), `harbour worker`
and the worker inside `harbour serve`."""

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import Engine

from harbour.cli import main as harbour
from harbour.config import Settings
from harbour.content import PackError, read_pack
from tests.conftest import load
from tests.people import SignedIn, World
from tests.plans.conftest import plan_url
from tests.reminders.conftest import pending, reminders
from tests.test_content_pack import edited_pack

AsPerson = Callable[..., SignedIn]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            "pack['council']['reminders'] = {'offsets': {'plan_review': [90]}}",
            'field "council.reminders.offsets.plan_review"',
        ),
        (
            "pack['council']['reminders'] = {'quiet_start': '9pm'}",
            'field "council.reminders.quiet_start"',
        ),
        (
            "pack['council']['reminders'] = {'offsets': {'birthday': [1]}}",
            'field "council.reminders.offsets.birthday"',
        ),
    ],
)
def test_bad_reminder_settings_name_the_field(tmp_path: Path, edit: str, expected: str) -> None:
    with pytest.raises(PackError) as raised:
        read_pack(edited_pack(tmp_path, edit))
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems


def test_a_councils_own_offsets_and_send_time_are_used(
    tmp_path: Path, engine: Engine, world: World, as_person: AsPerson
) -> None:
    load(
        engine,
        edited_pack(
            tmp_path,
            "pack['version'] = '2026.9.9'; pack['council']['reminders'] = "
            "{'offsets': {'plan_review': [7]}, 'send_time': '17:30'}",
        ),
    )
    with time_machine.travel(datetime.fromisoformat("2026-11-01T10:00:00+00:00"), tick=False):
        body = {"op_id": str(uuid.uuid4()), "base_version": 0, "set": {"review_due": "2026-12-01"}}
        response = as_person(world.pa1).client.post(plan_url(world.yp1.id, "/edits"), json=body)
        assert response.status_code == 200, response.text
    assert pending(engine) == [("plan_review", "2026-12-01", 7)]
    assert reminders(engine)[0].due_at.strftime("%H:%M") == "17:30"


def test_the_worker_runs_inside_serve_on_sqlite_only_unless_told(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).runs_worker_in_serve
    assert not Settings(database_url="postgresql+psycopg://h/db").runs_worker_in_serve
    assert not Settings(data_dir=tmp_path, worker_in_serve=False).runs_worker_in_serve


def test_harbour_worker_once_sends_what_is_due(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    engine: Engine,
    world: World,
) -> None:
    monkeypatch.setattr(
        "harbour.cli.commands.get_settings", lambda: Settings(database_url=database_url)
    )
    assert harbour(["worker", "--once"]) == 0
    assert "Reminders sent or tried: 0" in capsys.readouterr().out
