"""The front end's API types come from the OpenAPI document: `harbour openapi` prints it with
no server and no files, and `make api-types-check` (in `make lint`) fails when the checked-in
types differ from what the document generates."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi import FastAPI

from harbour import cli

ROOT = Path(__file__).resolve().parents[1]
CHECKED_IN = ROOT / "frontend" / "src" / "api" / "schema.d.ts"
GENERATOR = ROOT / "node_modules" / ".bin" / "openapi-typescript"
MAKE = shutil.which("make")


def test_openapi_prints_the_apps_document_sorted_and_writes_nothing(
    app: FastAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = tmp_path / "elsewhere"  # (the app fixture keeps its keys in tmp_path)
    elsewhere.mkdir()
    monkeypatch.setenv("HARBOUR_DATA_DIR", str(elsewhere / "data"))
    monkeypatch.chdir(elsewhere)

    assert cli.main(["openapi"]) == 0
    printed = capsys.readouterr().out

    assert json.loads(printed) == app.openapi()
    assert printed == json.dumps(json.loads(printed), indent=2, sort_keys=True) + "\n"
    assert list(elsewhere.iterdir()) == []  # no database, key or log file


@pytest.mark.skipif(
    MAKE is None or not GENERATOR.exists(), reason="needs make and the front end's tools (npm ci)"
)
def test_the_check_fails_when_the_checked_in_types_differ(tmp_path: Path) -> None:
    stale = tmp_path / "schema.d.ts"
    shutil.copy(CHECKED_IN, stale)
    text = stale.read_text()
    assert '"sign_in_failed" | ' in text
    stale.write_text(text.replace('"sign_in_failed" | ', "", 1))  # an action the API added

    check = subprocess.run(  # noqa: S603  (fixed arguments)
        [str(MAKE), "--no-print-directory", "api-types-check", f"API_TYPES={stale}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert check.returncode != 0
    assert f"{stale} is out of date: run npm run api:types" in check.stdout
    changed = [
        line
        for line in check.stdout.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # Only the line changed here: the checked-in file is otherwise what the schema makes.
    assert len(changed) == 2
    assert changed[1].startswith('+    AuditAction: "sign_in" | "sign_in_failed" | ')
