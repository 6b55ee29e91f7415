"""The import contract (pyproject.toml [tool.importlinter]) is kept by the code and would
catch the next upward import: a copy of the package with one bad import fails `lint-imports`."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts, over the package found first on the path."""
    return subprocess.run(  # noqa: S603  (fixed arguments)
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=package_parent,
        env={"PYTHONPATH": str(package_parent), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_the_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "backend" / "harbour", tmp_path / "harbour")

    linted = _lint(tmp_path)

    assert linted.returncode == 0, linted.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "reported"),
    [
        # The kernel importing a domain: an upward import across the layers.
        ("kernel/upward.py", "from harbour.plans import models", "harbour.kernel.upward"),
        # A domain calling another domain's service without a declared interface.
        ("plans/sideways.py", "from harbour.reminders import service", "harbour.plans.sideways"),
        # A domain importing another domain's routes.
        ("health/routes_too.py", "from harbour.statements import routes", "harbour.health"),
    ],
)
def test_a_forbidden_import_is_reported(
    tmp_path: Path, module: str, bad_import: str, reported: str
) -> None:
    shutil.copytree(ROOT / "backend" / "harbour", tmp_path / "harbour")
    (tmp_path / "harbour" / module).write_text(f"{bad_import}  # noqa: F401\n")

    linted = _lint(tmp_path)

    assert linted.returncode == 1
    assert "BROKEN" in linted.stdout
    assert reported in linted.stdout
