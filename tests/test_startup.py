"""Nothing slow happens at import: `harbour --help` loads neither the app nor its libraries,
importing the app makes no Argon2 hash (tests/auth/test_argon2_work.py: the dummy hash is
made when first needed), and a command loads the app with the garbage collector paused."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# What the command line must not load before a command is chosen.
HEAVY = {
    "fastapi",
    "starlette",
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "uvicorn",
    "argon2",
    "pwdlib",
    "harbour.app",
    "harbour.cli.commands",
    "harbour.credentials",
}


def python(*args: str) -> subprocess.CompletedProcess[str]:
    """A fresh Python process (this one has imported the app already)."""
    return subprocess.run(  # noqa: S603  (fixed arguments)
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False
    )


def imported_by(*argv: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`python -X importtime -m harbour.cli ARGV`, and every module it imported."""
    done = python("-X", "importtime", "-m", "harbour.cli", *argv)
    # Lines read "import time: self | cumulative | <indent>module".
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done, modules


@pytest.mark.parametrize(
    ("argv", "status", "says"),
    [
        (["--help"], 0, "usage: harbour"),
        (["staff", "create", "--help"], 0, "--role {personal_adviser,"),
        (["council", "oidc", "--help"], 0, "content_editor, council_admin"),
        (["no-such-command"], 2, "invalid choice"),
    ],
)
def test_the_command_line_answers_without_loading_the_app(
    argv: list[str], status: int, says: str
) -> None:
    done, modules = imported_by(*argv)

    assert done.returncode == status, done.stderr[-2000:]
    assert says in done.stdout + done.stderr
    assert "harbour.cli" in modules  # the module list was read
    loaded = {name for name in modules if name in HEAVY or name.split(".")[0] in HEAVY}
    assert loaded == set()


def test_every_command_the_parser_names_is_one_that_runs() -> None:
    from harbour.cli import _parser
    from harbour.cli.commands import COMMANDS

    def leaves(parser: Any) -> list[str]:
        runs = [parser.get_default("run")] if parser.get_default("run") else []
        for action in parser._subparsers._group_actions if parser._subparsers else []:
            for child in action.choices.values():
                runs += leaves(child)
        return runs

    assert sorted(leaves(_parser())) == sorted(COMMANDS)


COLLECTOR_AFTER_A_COMMAND = """
import gc, sys
from harbour.cli import main

status = main(["content", "load", "--check", sys.argv[1]])
print(status, gc.isenabled(), gc.get_freeze_count())
"""


def test_after_loading_a_command_the_collector_runs_and_skips_what_loaded() -> None:
    pack = str(Path(__file__).parents[1] / "content" / "riverford.yaml")
    done = python("-c", COLLECTOR_AFTER_A_COMMAND, pack)
    status, enabled, frozen = done.stdout.split()[-3:]
    assert (status, enabled) == ("0", "True"), done.stderr[-2000:]
    assert int(frozen) > 100_000


NO_HASH_AT_IMPORT = """
import argon2

def refuse(*_args, **_kwargs):
    raise SystemExit("an Argon2 hash was made at import")

argon2.PasswordHasher.hash = refuse
import harbour.app, harbour.cli.commands
"""


def test_importing_the_app_and_the_commands_makes_no_argon2_hash() -> None:
    done = python("-c", NO_HASH_AT_IMPORT)
    assert done.returncode == 0, done.stderr[-2000:]
