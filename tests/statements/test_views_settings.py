"""A council's "My views" settings: from its content pack, with defaults, and the public
part a phone caches (recipients and the out-of-hours number; never phrases or teams)."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from harbour.config import PROJECT_ROOT
from harbour.content import PackError, read_pack
from harbour.tenants.schemas import ViewsSettings
from tests.test_content_pack import edited_pack


def test_a_council_shows_its_recipients_and_out_of_hours_number(
    client: TestClient, two_councils: None
) -> None:
    views = client.get("/api/v1/councils/northdale").json()["views"]

    assert views == {
        "recipients": [
            {"key": "pa", "label": "Your personal adviser"},
            {"key": "participation", "label": "The participation team"},
            {"key": "iro", "label": "Your IRO"},
        ],
        "out_of_hours": {"label": "Out-of-hours duty team", "phone": "01632 960 499"},
    }


def test_a_pack_without_views_gets_the_defaults(client: TestClient, two_councils: None) -> None:
    views = client.get("/api/v1/councils/southmere").json()["views"]

    assert views["recipients"] == [{"key": "pa", "label": "Your personal adviser"}]
    assert views["out_of_hours"]["phone"] == "01632 960 599"


@pytest.mark.parametrize("name", ["riverford.yaml", "kingsmead.yaml"])
def test_the_demo_packs_list_the_pa_participation_and_iro(name: str) -> None:
    pack, _ = read_pack(PROJECT_ROOT / "content" / name)

    assert pack.council.views is not None
    assert [r.key for r in pack.council.views.recipients] == ["pa", "participation", "iro"]
    assert "not safe" in pack.council.views.safeguarding_phrases
    assert pack.council.views.response_times.urgent_minutes == 60
    # Their own safeguarding steps, not the defaults, naming their own out-of-hours team.
    steps = pack.council.views.safeguarding_steps
    assert len(steps) >= 4
    assert steps != ViewsSettings().safeguarding_steps
    out_of_hours = next(c for c in pack.council.contacts if c.out_of_hours)
    assert any(out_of_hours.phone in step for step in steps)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            "pack['council']['views']['recipients'].append("
            "{'key': 'iro', 'label': 'I', 'team': 'X'})",
            "recipient keys must be unique; repeated: iro",
        ),
        (
            "pack['council']['views']['recipients'].append("
            "{'key': 'pa', 'label': 'PA', 'team': 'X'})",
            'recipient "pa": every recipient but "pa" names its team',
        ),
        (
            "pack['council']['views']['recipients'][0].pop('team')",
            'recipient "participation": every recipient but "pa" names its team',
        ),
        ("pack['council']['views']['response_times']['urgent_minutes'] = 0", "urgent_minutes"),
        ("pack['council']['views']['safeguarding_phrases'] = ['  ']", "safeguarding_phrases"),
        ("pack['council']['views']['colour'] = 'blue'", "views.colour"),
        ("pack['council']['views']['safeguarding_steps'] = []", "safeguarding_steps"),
        ("pack['council']['views']['safeguarding_steps'] = ['a\\nb']", "safeguarding_steps.0"),
        ("pack['council']['views']['safeguarding_steps'] = ['x' * 301]", "safeguarding_steps.0"),
        ("pack['council']['views']['safeguarding_steps'] = ['Call'] * 13", "safeguarding_steps"),
    ],
)
def test_a_bad_views_section_is_refused_naming_it(tmp_path: Path, edit: str, expected: str) -> None:
    with pytest.raises(PackError) as refused:
        read_pack(edited_pack(tmp_path, edit))

    assert expected in str(refused.value)
