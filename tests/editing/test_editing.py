"""Editing the offer and pledge in the app: drafts young people do not see, previews,
publishing that changes the ETag, discarding, adding and retiring, two editors at once, the
audit trail, who may edit, and how a later content pack load treats the app's edits."""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.audit.models import AuditEvent
from harbour.cli import main as harbour
from harbour.config import Settings, get_settings
from harbour.content import PackError, load_pack
from harbour.editing import service as editing
from harbour.kernel.errors import ApiError
from harbour.offer.models import OfferItem
from harbour.offer.schemas import OfferItemFields
from harbour.offer.service import OFFER_ITEM
from tests.conftest import PACKS
from tests.people import SignedIn, World

OFFER = "/api/v1/councils/northdale/offer"
PLEDGE = "/api/v1/councils/northdale/pledge"
EDITOR_OFFER = "/api/v1/editor/offer"


@pytest.fixture
def editor(world: World, as_person: Callable[..., SignedIn]) -> TestClient:
    return as_person(world.editor).client


def item(editor: TestClient, key: str) -> dict[str, Any]:
    items = editor.get(EDITOR_OFFER).json()["items"]
    return next(i for i in items if i["key"] == key)


def promise(editor: TestClient, key: str) -> dict[str, Any]:
    themes = editor.get("/api/v1/editor/pledge").json()["themes"]
    return next(p for t in themes for p in t["promises"] if p["key"] == key)


def save(editor: TestClient, edited: dict[str, Any], **changes: Any) -> Any:
    return editor.put(
        f"{EDITOR_OFFER}/{edited['id']}/draft",
        json={"revision": edited["revision"], "draft": edited["current"] | changes},
    )


def live_item(client: TestClient, key: str) -> dict[str, Any] | None:
    return next((i for i in client.get(OFFER).json()["items"] if i["id"] == key), None)


def test_a_draft_is_previewed_but_not_seen_until_published_which_changes_the_etag(
    editor: TestClient, client: TestClient
) -> None:
    grant = item(editor, "setting-up-home")
    before = client.get(OFFER)
    new_amount = {"pence": 250000, "frequency": "one_off"}

    saved = save(editor, grant, amount=new_amount, title="Setting up home: £2,500")

    assert saved.status_code == 200
    assert saved.json()["draft"]["amount"] == new_amount
    assert saved.json()["revision"] == grant["revision"] + 1
    same = client.get(OFFER, headers={"If-None-Match": before.headers["etag"]})
    assert same.status_code == 304  # young people see nothing new yet
    preview = editor.get(f"{EDITOR_OFFER}/{grant['id']}/preview").json()
    assert preview == live_item(client, "setting-up-home") | {
        "amount": new_amount,
        "title": "Setting up home: £2,500",
    }

    published = editor.post(
        f"{EDITOR_OFFER}/{grant['id']}/publish", json={"revision": saved.json()["revision"]}
    )

    assert published.status_code == 200
    assert published.json()["draft"] is None
    after = client.get(OFFER, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["version"] != before.json()["version"]
    assert live_item(client, "setting-up-home") == preview


def test_discarding_a_draft_leaves_the_live_item_as_it_was(
    editor: TestClient, client: TestClient
) -> None:
    grant = item(editor, "setting-up-home")
    saved = save(editor, grant, summary="Changed my mind").json()

    discarded = editor.post(
        f"{EDITOR_OFFER}/{grant['id']}/discard", json={"revision": saved["revision"]}
    )

    assert discarded.status_code == 200
    assert discarded.json()["draft"] is None
    assert discarded.json()["current"] == grant["current"]
    nothing = editor.post(
        f"{EDITOR_OFFER}/{grant['id']}/publish", json={"revision": discarded.json()["revision"]}
    )
    assert nothing.status_code == 409
    assert nothing.json()["error"]["code"] == "nothing_to_publish"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": {"pence": -1, "frequency": "one_off"}}, "body.draft.amount.pence"),
        ({"title": ""}, "body.draft.title"),
        ({"area": "money"}, "body.draft.area"),
        ({"eligibility": {"min_age": 20, "max_age": 18}}, "body.draft.eligibility"),
        ({"last_reviewed": "2999-01-01"}, "body.draft.last_reviewed"),
        ({"colour": "red"}, "body.draft.colour"),
        # PostgreSQL cannot store NUL: refused by the field's rules, never a 500.
        ({"how_to_claim": "Ask your PA\x00"}, "body.draft.how_to_claim"),
        ({"title": "Two\nlines"}, "body.draft.title"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_changes(
    editor: TestClient, changes: dict[str, Any], field: str
) -> None:
    grant = item(editor, "setting-up-home")

    response = save(editor, grant, **changes)

    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert item(editor, "setting-up-home") == grant


def test_a_second_editor_working_from_a_stale_revision_gets_409_not_an_overwrite(
    world: World, editor: TestClient, as_person: Callable[..., SignedIn]
) -> None:
    admin = as_person(world.north_admin).client
    seen_by_both = item(editor, "leisure-pass")
    assert save(editor, seen_by_both, summary="First editor's words").status_code == 200

    late = save(admin, seen_by_both, summary="Second editor's words")
    late_publish = admin.post(
        f"{EDITOR_OFFER}/{seen_by_both['id']}/publish",
        json={"revision": seen_by_both["revision"]},
    )

    assert late.status_code == 409
    assert late.json()["error"]["code"] == "edited_elsewhere"
    assert "Someone else changed this" in late.json()["error"]["message"]
    assert late_publish.status_code == 409
    assert item(editor, "leisure-pass")["draft"]["summary"] == "First editor's words"


def test_a_new_item_is_a_draft_until_published_and_a_retired_one_leaves_the_app(
    editor: TestClient, client: TestClient
) -> None:
    new = item(editor, "leisure-pass")["current"] | {
        "id": "bus-pass",
        "title": "Free bus pass",
        "area": "participation",
    }
    added = editor.post(EDITOR_OFFER, json=new)
    repeated = editor.post(EDITOR_OFFER, json=new)

    assert added.status_code == 201
    assert added.json()["live"] is False
    assert repeated.status_code == 422
    assert [f["field"] for f in repeated.json()["error"]["fields"]] == ["body.id"]
    with_nul = editor.post(EDITOR_OFFER, json=new | {"id": "nul-pass", "contact": "PA\x00"})
    assert with_nul.status_code == 422
    assert [f["field"] for f in with_nul.json()["error"]["fields"]] == ["body.contact"]
    assert live_item(client, "bus-pass") is None
    assert item(editor, "bus-pass")["key"] == "bus-pass"  # last in the council's order

    published = editor.post(
        f"{EDITOR_OFFER}/{added.json()['id']}/publish",
        json={"revision": added.json()["revision"]},
    )
    assert published.status_code == 200
    assert live_item(client, "bus-pass")["title"] == "Free bus pass"  # type: ignore[index]

    retired = editor.post(
        f"{EDITOR_OFFER}/{added.json()['id']}/retire",
        json={"revision": published.json()["revision"]},
    )
    assert retired.status_code == 200
    assert retired.json()["live"] is False
    assert live_item(client, "bus-pass") is None


def test_a_promise_and_a_theme_are_edited_previewed_and_published(
    editor: TestClient, client: TestClient
) -> None:
    listen = promise(editor, "listen")
    theme = editor.get("/api/v1/editor/pledge").json()["themes"][0]
    etag = client.get(PLEDGE).headers["etag"]
    base = "/api/v1/editor/pledge"

    saved = editor.put(
        f"{base}/promises/{listen['id']}/draft",
        json={"revision": listen["revision"], "draft": {"text": "We will always listen."}},
    )
    titled = editor.put(
        f"{base}/themes/{theme['id']}/draft",
        json={"revision": theme["revision"], "draft": {"title": "Your say"}},
    )
    too_long = editor.put(
        f"{base}/promises/{listen['id']}/draft",
        json={"revision": saved.json()["revision"], "draft": {"text": "x" * 401}},
    )

    assert saved.status_code == titled.status_code == 200
    assert too_long.status_code == 422
    assert [f["field"] for f in too_long.json()["error"]["fields"]] == ["body.draft.text"]
    assert client.get(PLEDGE, headers={"If-None-Match": etag}).status_code == 304
    preview = editor.get(f"{base}/preview").json()
    assert preview["themes"][0]["title"] == "Your say"
    assert preview["themes"][0]["promises"][0]["text"] == "We will always listen."

    for path, revision in (
        (f"promises/{listen['id']}", saved.json()["revision"]),
        (f"themes/{theme['id']}", titled.json()["revision"]),
    ):
        assert editor.post(f"{base}/{path}/publish", json={"revision": revision}).status_code == 200

    now = client.get(PLEDGE).json()
    assert now == preview | {"version": now["version"]}
    assert now["version"] != preview["version"]


def test_every_change_is_in_the_audit_trail_with_field_names_not_words(
    editor: TestClient, engine: Engine
) -> None:
    grant = item(editor, "setting-up-home")
    saved = save(editor, grant, summary="Secret words").json()
    editor.post(f"{EDITOR_OFFER}/{grant['id']}/publish", json={"revision": saved["revision"]})

    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.subject_id == uuid.UUID(grant["id"])).order_by("at")
        ).all()

    assert [r.action for r in rows] == ["content_draft_saved", "content_published"]
    assert rows[1].detail == {"key": "setting-up-home", "fields": ["summary"]}
    assert "Secret words" not in str([r.detail for r in rows])


def test_only_editors_and_admins_edit(world: World, as_person: Callable[..., SignedIn]) -> None:
    grant = item(as_person(world.editor).client, "setting-up-home")
    for person in (world.pa1, world.manager_a, world.yp1):
        client = as_person(person).client
        assert client.get(EDITOR_OFFER).status_code == 403
        assert client.get("/api/v1/editor/pledge/preview").status_code == 403
        assert client.get(f"{EDITOR_OFFER}/{grant['id']}").status_code == 404
        assert save(client, grant, title="Nope").status_code == 404
    assert as_person(world.north_admin).client.get(EDITOR_OFFER).status_code == 200
    assert item(as_person(world.editor).client, "setting-up-home") == grant


# --- a later content pack ----------------------------------------------------------------


def publish_summary(editor: TestClient, key: str, summary: str) -> None:
    saved = save(editor, item(editor, key), summary=summary).json()
    editor.post(f"{EDITOR_OFFER}/{saved['id']}/publish", json={"revision": saved["revision"]})


def newer_pack(tmp_path: Path, **replace: str) -> Path:
    text = (PACKS / "northdale.yaml").read_text().replace('"2026.1.0"', '"2026.2.0"')
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / "northdale.yaml"
    path.write_text(text)
    return path


def test_a_pack_load_refuses_to_overwrite_app_edits_and_names_them_unless_forced(
    editor: TestClient, client: TestClient, engine: Engine, tmp_path: Path
) -> None:
    publish_summary(editor, "leisure-pass", "Edited in the app")
    pack = newer_pack(tmp_path)
    assert pack.read_text() != (PACKS / "northdale.yaml").read_text()

    with Session(engine) as session, pytest.raises(PackError) as refused:
        load_pack(session, pack)

    assert 'offer item "leisure-pass" was changed in the app' in refused.value.problems[0]
    assert live_item(client, "leisure-pass")["summary"] == "Edited in the app"  # type: ignore[index]
    with Session(engine) as session:
        assert load_pack(session, pack, force=True).loaded
    assert live_item(client, "leisure-pass")["summary"] != "Edited in the app"  # type: ignore[index]


def test_a_pack_that_already_says_what_the_app_published_loads(
    editor: TestClient, client: TestClient, engine: Engine, tmp_path: Path
) -> None:
    old_summary = item(editor, "leisure-pass")["current"]["summary"]
    publish_summary(editor, "leisure-pass", "Edited in the app")
    pack = newer_pack(tmp_path, **{old_summary: "Edited in the app"})

    with Session(engine) as session:
        assert load_pack(session, pack).loaded

    assert live_item(client, "leisure-pass")["summary"] == "Edited in the app"  # type: ignore[index]
    assert item(editor, "leisure-pass")["edited_in_app"] is False


def test_a_waiting_draft_also_stops_a_pack_load(
    editor: TestClient, engine: Engine, tmp_path: Path
) -> None:
    listen = promise(editor, "listen")
    editor.put(
        f"/api/v1/editor/pledge/promises/{listen['id']}/draft",
        json={"revision": listen["revision"], "draft": {"text": "Not yet published"}},
    )

    with Session(engine) as session, pytest.raises(PackError) as refused:
        load_pack(session, newer_pack(tmp_path))

    assert 'pledge promise "listen"' in refused.value.problems[0]
    assert promise(editor, "listen")["draft"] == {"text": "Not yet published"}


def test_the_cli_names_the_clash_and_loads_only_with_force(
    editor: TestClient,
    client: TestClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    monkeypatch.setattr("harbour.cli.commands.get_settings", lambda: Settings())
    publish_summary(editor, "have-your-say", "Edited in the app")
    pack = str(newer_pack(tmp_path))

    refused = harbour(["content", "load", pack])
    forced = harbour(["content", "load", "--force", pack])

    out = capsys.readouterr()
    assert (refused, forced) == (1, 0)
    assert 'offer item "have-your-say" was changed in the app' in out.err
    assert "--force" in out.err
    assert "version 2026.2.0 loaded" in out.out
    assert live_item(client, "have-your-say")["summary"] != "Edited in the app"  # type: ignore[index]


def test_a_change_that_lands_between_reading_and_writing_is_not_overwritten(
    world: World, engine: Engine, as_person: Callable[..., SignedIn]
) -> None:
    """The revision check is made again by the UPDATE itself (compare-and-set), so an editor
    whose request read the row just before another editor's save still gets a 409."""
    editor = as_person(world.editor).client
    seen = item(editor, "leisure-pass")
    with Session(engine) as session:
        row = session.get(OfferItem, uuid.UUID(seen["id"]))
        assert row is not None
        assert save(editor, seen, summary="Landed first").status_code == 200  # meanwhile

        with pytest.raises(ApiError) as clash:
            editing.save_draft(
                session,
                editing.Edit(
                    Principal(
                        PersonKind.staff,
                        world.north_admin.id,
                        world.north.id,
                        uuid.uuid4(),
                        StaffRole.council_admin,
                    ),
                    OFFER_ITEM,
                    row,
                    seen["revision"],
                ),
                OfferItemFields.model_validate(seen["current"] | {"summary": "Landed second"}),
            )

    assert clash.value.status == 409
    assert item(editor, "leisure-pass")["draft"]["summary"] == "Landed first"
