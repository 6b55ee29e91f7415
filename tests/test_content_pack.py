"""Content packs load whole or not at all, and say exactly what is wrong."""

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.cli import main as harbour
from harbour.config import PROJECT_ROOT, Settings, get_settings
from harbour.content import PackError, load_pack, read_pack
from harbour.kernel.errors import ApiError
from harbour.tenants.models import Tenant
from tests.conftest import PACKS

DEMO_PACKS = sorted((PROJECT_ROOT / "content").glob("*.yaml"))


def edited_pack(tmp_path: Path, edit: str, name: str = "northdale.yaml") -> Path:
    """A copy of the Northdale pack with one change, made by running `edit` on the data."""
    data = yaml.safe_load((PACKS / "northdale.yaml").read_text())
    exec(edit, {"pack": data})  # noqa: S102  (test-only, fixed strings)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize("path", DEMO_PACKS, ids=lambda p: p.name)
def test_every_demo_pack_is_valid_and_covers_all_six_areas(path: Path) -> None:
    pack, _ = read_pack(path)

    assert {item.area.value for item in pack.offer} == {
        "health_and_wellbeing",
        "relationships",
        "education_and_training",
        "employment",
        "accommodation",
        "participation",
    }
    assert any(item.amount for item in pack.offer)
    # Enough task templates to plan with, in every plan domain.
    assert len(pack.task_templates) >= 20
    assert {template.domain.value for template in pack.task_templates} == {
        "accommodation",
        "eet",
        "health",
        "money",
        "skills",
        "relationships",
        "identity",
        "safety",
        "leisure",
        "legal",
        "transition",
        "parenting",
    }


def test_there_are_at_least_two_demo_councils() -> None:
    slugs = {read_pack(path)[0].council.slug for path in DEMO_PACKS}
    assert len(slugs) >= 2


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            "pack['offer'][0]['amount']['pence'] = -5",
            'offer item "setting-up-home", field "amount.pence"',
        ),
        ("pack['offer'][1]['area'] = 'money'", 'offer item "leisure-pass", field "area"'),
        (
            "pack['offer'][1]['eligibility']['min_age'] = 30",
            'offer item "leisure-pass", field "eligibility.min_age"',
        ),
        ("pack['offer'][2]['summary'] = 'x' * 141", 'offer item "have-your-say", field "summary"'),
        ("pack['offer'][2]['colour'] = 'red'", 'offer item "have-your-say", field "colour"'),
        ("pack['offer'][2]['last_reviewed'] = '2999-01-01'", 'field "last_reviewed"'),
        ("pack['offer'][2]['id'] = 'leisure-pass'", 'field "offer"'),
        (
            "pack['pledge']['themes'][1]['promises'][0]['text'] = ''",
            'pledge theme "home", promise "stable-home", field "text"',
        ),
        (
            "pack['pledge']['themes'][1]['promises'][0]['safety'] = 'sometimes'",
            'pledge theme "home", promise "stable-home", field "safety"',
        ),
        ("pack['council']['time_zone'] = 'Mars/Olympus'", 'field "council.time_zone"'),
        (
            "pack['council']['contacts'][1]['out_of_hours'] = False",
            'field "council"',
        ),
        ("pack['format'] = 'harbour-content/9'", 'field "format"'),
        (
            "pack['council']['search']['synonyms']['flat'] = ['Home!']",
            'field "council.search.synonyms.flat.0": String should match pattern',
        ),
        (
            "pack['council']['search']['synonyms']['rent'] = []",
            'field "council.search.synonyms": Value error, each word needs 1 to 10 other words; '
            "not so for: rent",
        ),
        (
            "pack['council']['search']['synonyms']['two words'] = ['x']",
            'field "council.search.synonyms.two words.[key]"',
        ),
        ("pack['council']['search']['words'] = {}", 'field "council.search.words"'),
        (
            "pack['task_templates'][0]['domain'] = 'hobbies'",
            'task template "open-bank-account", field "domain"',
        ),
        (
            "pack['task_templates'][2]['title'] = 'x' * 121",
            'task template "register-with-gp", field "title"',
        ),
        ("pack['task_templates'][1]['id'] = 'open-bank-account'", 'field "task_templates"'),
        (
            "pack['task_templates'][1]['offer_item'] = 'no-such-item'",
            'task template "setting-up-home-list", field "offer_item": there is no offer item',
        ),
    ],
)
def test_a_bad_pack_names_the_file_item_and_field(tmp_path: Path, edit: str, expected: str) -> None:
    path = edited_pack(tmp_path, edit)

    with pytest.raises(PackError) as raised:
        read_pack(path)

    assert any(
        problem.startswith(f"{path}: ") and expected in problem for problem in raised.value.problems
    ), raised.value.problems


def test_a_bad_pack_changes_nothing_already_loaded(
    tmp_path: Path, client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    before = client.get("/api/v1/councils/northdale/offer").json()
    bad = edited_pack(
        tmp_path, "pack['version'] = '2026.2.0'; pack['offer'][0]['amount']['frequency'] = 'daily'"
    )

    with Session(engine) as session, pytest.raises(PackError):
        load_pack(session, bad)

    assert client.get("/api/v1/councils/northdale/offer").json() == before


def test_a_new_version_replaces_the_offer_and_pledge(
    tmp_path: Path, client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    newer = edited_pack(
        tmp_path,
        "pack['version'] = '2026.2.0'; del pack['offer'][1];"
        "pack['pledge']['themes'][1]['promises'].append({'id': 'new-one', 'text': 'We will.'})",
    )

    with Session(engine) as session:
        result = load_pack(session, newer)

    assert result.loaded
    offer = client.get("/api/v1/councils/northdale/offer").json()
    assert offer["version"] == "2026.2.0"
    assert [i["id"] for i in offer["items"]] == ["setting-up-home", "have-your-say"]
    pledge = client.get("/api/v1/councils/northdale/pledge").json()
    assert [p["id"] for p in pledge["themes"][1]["promises"]] == ["stable-home", "new-one"]


def test_loading_the_same_version_again_does_nothing(engine: Engine, northdale: Tenant) -> None:
    with Session(engine) as session:
        assert not load_pack(session, PACKS / "northdale.yaml").loaded


def test_changed_content_under_a_used_version_is_refused(
    tmp_path: Path, client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    changed = edited_pack(tmp_path, "pack['offer'][0]['title'] = 'A new title'")

    with Session(engine) as session, pytest.raises(ApiError, match="new version"):
        load_pack(session, changed)

    assert client.get("/api/v1/councils/northdale/offer").json()["items"][0]["title"] == (
        "Setting up home grant"
    )


def test_broken_yaml_and_missing_files_are_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: [unclosed\n")

    with pytest.raises(PackError, match="not valid YAML"):
        read_pack(broken)
    with pytest.raises(PackError, match="cannot be read"):
        read_pack(tmp_path / "missing.yaml")


def test_the_cli_exits_non_zero_and_prints_the_problem(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    engine: Engine,
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    monkeypatch.setattr("harbour.cli.commands.get_settings", lambda: Settings())
    bad = edited_pack(tmp_path, "pack['offer'][1]['area'] = 'money'")

    assert harbour(["content", "load", str(bad)]) == 1
    assert harbour(["content", "load", "--check", str(PACKS / "northdale.yaml")]) == 0

    out = capsys.readouterr()
    assert 'offer item "leisure-pass", field "area"' in out.err
    assert "nothing changed" in out.err
    assert "OK (northdale, version 2026.1.0)" in out.out
