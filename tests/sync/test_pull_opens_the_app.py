"""A young person's phone opens a screen with one request, the pull (issue 15): besides what
changed, every answer says who they are (as GET /auth/me does), how many inbox entries they
have not seen and their council's content version. A pull with nothing new for them reads
none of the changes; the signed-in person is read from the database once per request."""

import uuid
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.accounts.models import StaffPhoto
from tests.people import SignedIn, World, make_reminder, pull, push, statement_item
from tests.sql import statements_run

ME = "/api/v1/auth/me"
INBOX = "/api/v1/inbox"
EDITOR_OFFER = "/api/v1/editor/offer"
CHANGES = ["statements", "replies", "statement_messages", "plan", "tasks", "history", "passport"]


def changes(pulled: dict[str, object]) -> dict[str, object]:
    return {name: pulled[name] for name in CHANGES}


def test_a_pull_says_who_you_are_as_auth_me_does_with_your_pa(
    jordan: SignedIn, pa: SignedIn, engine: Engine, world: World
) -> None:
    pa.client.put("/api/v1/staff/me/profile", json={"work_phone": "07700 900123"})
    with Session(engine) as session:
        photo = StaffPhoto(
            tenant_id=world.north.id, staff_id=world.pa1.id, image=b"webp", version="a1b2c3"
        )
        session.add(photo)
        session.commit()

    me = jordan.client.get(ME).json()
    pulled = pull(jordan)

    assert pulled["me"] == {
        name: value for name, value in me.items() if name not in ("session_id", "csrf_token")
    }
    assert pulled["me"]["kind"] == "young_person"
    assert pulled["me"]["id"] == str(world.yp1.id)
    assert pulled["me"]["pa_first_name"] == "Asha"
    assert pulled["me"]["pa_work_phone"] == me["pa_work_phone"] is not None
    assert pulled["me"]["pa_photo_version"] == "a1b2c3"


def test_each_young_person_pulls_only_their_own_word_and_count(
    as_person: Callable[..., SignedIn], jordan: SignedIn, engine: Engine, world: World
) -> None:
    make_reminder(engine, world.yp1)
    kai = as_person(world.yp2)
    southmere = as_person(world.south_yp)

    assert pull(kai)["me"]["id"] == str(world.yp2.id)
    assert pull(kai)["inbox_unseen"] == 0
    assert pull(southmere)["me"] == pull(southmere)["me"] | {
        "id": str(world.south_yp.id),
        "council": "southmere",
        "pa_first_name": "Dev",
    }
    assert pull(southmere)["inbox_unseen"] == 0
    assert pull(jordan)["inbox_unseen"] == 1


def test_the_inbox_count_comes_with_every_pull_as_the_inbox_says(
    jordan: SignedIn, engine: Engine, world: World
) -> None:
    first, second = make_reminder(engine, world.yp1), make_reminder(engine, world.yp1)
    cursor = pull(jordan)["cursor"]

    assert pull(jordan, cursor)["inbox_unseen"] == 2 == jordan.client.get(INBOX).json()["unseen"]
    assert jordan.client.post(f"{INBOX}/{first}/seen").status_code == 204
    assert pull(jordan, cursor)["inbox_unseen"] == 1 == jordan.client.get(INBOX).json()["unseen"]
    jordan.client.post(f"{INBOX}/{second}/seen")
    assert pull(jordan, cursor)["inbox_unseen"] == 0


def test_the_content_version_is_the_councils_and_moves_when_content_is_published(
    as_person: Callable[..., SignedIn], client: TestClient, jordan: SignedIn, world: World
) -> None:
    council = client.get("/api/v1/councils/northdale").json()
    before = pull(jordan)["content_version"]
    assert before == council["content_version"] is not None
    assert before == client.get("/api/v1/councils/northdale/offer").json()["version"]
    assert (
        pull(as_person(world.south_yp))["content_version"]
        == (client.get("/api/v1/councils/southmere").json()["content_version"])
    )

    editor = as_person(world.editor).client
    grant = next(i for i in editor.get(EDITOR_OFFER).json()["items"] if i["live"])
    saved = editor.put(
        f"{EDITOR_OFFER}/{grant['id']}/draft",
        json={"revision": grant["revision"], "draft": grant["current"] | {"title": "New title"}},
    ).json()
    published = editor.post(
        f"{EDITOR_OFFER}/{grant['id']}/publish", json={"revision": saved["revision"]}
    )
    assert published.status_code == 200

    after = pull(jordan)["content_version"]
    assert after != before
    assert after == client.get("/api/v1/councils/northdale/offer").json()["version"]
    assert after == client.get("/api/v1/councils/northdale/pledge").json()["version"]


def test_a_pull_with_nothing_new_for_them_reads_no_changes(
    as_person: Callable[..., SignedIn], jordan: SignedIn, engine: Engine, world: World
) -> None:
    push(jordan, statement_item())
    everything = pull(jordan)

    with statements_run(engine) as quiet:
        again = pull(jordan, everything["cursor"])
    push(as_person(world.yp2), statement_item())  # Kai's counter moves on, not Jordan's
    with statements_run(engine) as others:
        still = pull(jordan, everything["cursor"])
    push(jordan, statement_item())
    with statements_run(engine) as theirs:
        moved = pull(jordan, everything["cursor"])

    nothing = {
        "statements": [],
        "replies": [],
        "statement_messages": [],
        "plan": None,
        "tasks": [],
        "history": [],
        "passport": None,
    }
    assert changes(again) == changes(still) == nothing
    assert len(everything["statements"]) == 1
    assert len(moved["statements"]) == 1
    assert again["me"] == still["me"] == everything["me"]
    assert again["cursor"] == still["cursor"] == everything["cursor"] < moved["cursor"]
    # The session, the person, the council, their counter, their PA, the inbox count: none
    # of the seven reads of changes, which a pull after a change of theirs does run.
    assert len(quiet) == len(others) == 6
    assert len(theirs) == len(quiet) + 7


def test_auth_me_reads_the_signed_in_person_once(
    jordan: SignedIn, pa: SignedIn, engine: Engine
) -> None:
    for person, table in [(jordan, "young_person"), (pa, "staff_member")]:
        with statements_run(engine) as run:
            assert person.client.get(ME).status_code == 200
        reads = [one for one in run if f"FROM {table} " in one and "JOIN" not in one]
        assert len(reads) == 1, reads


def test_only_a_signed_in_young_person_pulls(
    client: TestClient, pa: SignedIn, world: World, as_person: Callable[..., SignedIn]
) -> None:
    assert client.get("/api/v1/sync/pull").status_code == 401
    assert pa.client.get("/api/v1/sync/pull").status_code == 403
    assert as_person(world.north_admin).client.get("/api/v1/sync/pull").status_code == 403
    stranger = TestClient(client.app)
    stranger.cookies.set("harbour_session", uuid.uuid4().hex)
    assert stranger.get("/api/v1/sync/pull").status_code == 401
