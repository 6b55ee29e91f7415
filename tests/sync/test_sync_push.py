"""Outbox items are stored exactly once, by the id the phone made."""

import uuid
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from harbour.app import SYNC_KINDS
from harbour.pledge.models import PledgeAnswer
from harbour.sync import service
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.sync.schemas import PushItem
from harbour.tenants.models import Tenant
from tests.people import pledge_item

PUSH = "/api/v1/sync/push"


def answers_stored(engine: Engine) -> list[uuid.UUID]:
    with Session(engine) as session:
        return list(session.exec(select(PledgeAnswer.id)).all())


def test_a_new_item_is_accepted_and_stored(
    client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    sent = pledge_item(comment="My PA rings back the same day.")

    response = client.post(PUSH, json={"items": [sent]})

    assert response.status_code == 200
    assert response.json() == {"results": [{"id": sent["id"], "status": "accepted", "errors": []}]}
    with Session(engine) as session:
        stored = session.get(PledgeAnswer, {"id": uuid.UUID(sent["id"]), "tenant_id": northdale.id})
        assert stored is not None
        assert (stored.promise_key, stored.answer) == ("listen", "yes")
        assert stored.comment == "My PA rings back the same day."
        assert stored.tenant_id == northdale.id


def test_the_same_batch_twice_stores_each_item_once(
    client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    batch = {"items": [pledge_item(), pledge_item(answer="no"), pledge_item(promise="reviews")]}

    first = client.post(PUSH, json=batch).json()["results"]
    second = client.post(PUSH, json=batch).json()["results"]

    assert [r["status"] for r in first] == ["accepted"] * 3
    assert [r["status"] for r in second] == ["duplicate"] * 3
    assert sorted(answers_stored(engine)) == sorted(uuid.UUID(i["id"]) for i in batch["items"])


def test_the_same_id_with_another_body_is_a_conflict_kept_for_review(
    client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    original = pledge_item(answer="yes")
    changed = original | {"body": original["body"] | {"answer": "no"}}
    client.post(PUSH, json={"items": [original]})

    result = client.post(PUSH, json={"items": [changed]}).json()["results"][0]

    assert result["status"] == "conflict"
    with Session(engine) as session:
        stored = session.get(
            PledgeAnswer, {"id": uuid.UUID(original["id"]), "tenant_id": northdale.id}
        )
        assert stored is not None
        assert stored.answer == "yes"  # never overwritten
        conflict = session.exec(select(SyncConflict)).one()
        assert str(conflict.item_id) == original["id"]
        assert conflict.body["answer"] == "no"
        assert conflict.tenant_id == northdale.id


def conflicts(engine: Engine) -> list[tuple[str, str, int]]:
    with Session(engine) as session:
        rows = session.exec(select(SyncConflict)).all()
        return sorted((str(r.item_id), r.body["answer"], r.times) for r in rows)


def test_a_conflict_resent_is_kept_once_with_a_count(
    client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    original = pledge_item(answer="yes")
    changed = original | {"body": original["body"] | {"answer": "no"}}
    other = original | {"body": original["body"] | {"answer": "partly"}}
    client.post(PUSH, json={"items": [original]})

    results = [client.post(PUSH, json={"items": [changed]}).json() for _ in range(5)]
    client.post(PUSH, json={"items": [other]})

    assert {r["results"][0]["status"] for r in results} == {"conflict"}
    # One row per (id, body): a reviewer sees each different body once, with how often it came.
    assert conflicts(engine) == [(original["id"], "no", 5), (original["id"], "partly", 1)]
    with Session(engine) as session:
        repeated = session.exec(select(SyncConflict).where(SyncConflict.times == 5)).one()
    assert repeated.last_received_at > repeated.received_at  # when it last came, too


def test_a_conflict_sent_many_times_at_once_is_kept_once_counting_each(
    engine: Engine, northdale: Tenant
) -> None:
    original = PushItem.model_validate(pledge_item(answer="yes"))
    changed = PushItem.model_validate(
        original.model_dump(mode="json") | {"body": original.body | {"answer": "no"}}
    )
    with Session(engine) as session:
        service.store_item(session, SYNC_KINDS, original)

    def send() -> str:
        with Session(engine) as session:
            return service.store_item(session, SYNC_KINDS, changed).status.value

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: send(), range(8)))

    assert statuses == ["conflict"] * 8
    assert conflicts(engine) == [(str(original.id), "no", 8)]


def test_a_bad_item_is_rejected_naming_the_field_and_never_blocks_the_others(
    client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    good_before, good_after = pledge_item(), pledge_item(promise="stable-home")
    bad = [
        (pledge_item(answer="maybe"), "body.answer"),
        (pledge_item(promise="no-such-promise"), "body.promise"),
        (pledge_item(council="eastwick"), "body.council"),
        (pledge_item(comment="x" * 1001), "body.comment"),
        (pledge_item(comment="nul \u0000 byte"), "body.comment"),
        (pledge_item(respondent="not-a-uuid"), "body.respondent"),
        (pledge_item(colour="blue"), "body.colour"),
        ({**pledge_item(), "kind": "diary_entry"}, "kind"),
    ]
    batch = [good_before, *(b for b, _ in bad), good_after]

    results = client.post(PUSH, json={"items": batch}).json()["results"]

    assert [r["id"] for r in results] == [i["id"] for i in batch]
    assert results[0]["status"] == results[-1]["status"] == "accepted"
    for result, (_, field) in zip(results[1:-1], bad, strict=True):
        assert result["status"] == "rejected"
        assert [e["field"] for e in result["errors"]] == [field]
        assert result["errors"][0]["message"]
    assert sorted(answers_stored(engine)) == sorted(
        uuid.UUID(i["id"]) for i in (good_before, good_after)
    )


def test_a_promise_of_another_council_is_rejected(
    client: TestClient, engine: Engine, two_councils: None
) -> None:
    result = client.post(PUSH, json={"items": [pledge_item(promise="southmere-listen")]}).json()

    assert result["results"][0]["errors"][0]["field"] == "body.promise"
    assert answers_stored(engine) == []


def test_a_malformed_batch_is_refused_whole_with_the_field_named(
    client: TestClient, engine: Engine, northdale: Tenant
) -> None:
    cases = [
        ({"items": []}, "body.items"),
        ({"items": [pledge_item() for _ in range(101)]}, "body.items"),
        ({"items": [pledge_item() | {"id": "123"}]}, "body.items.0.id"),
        (
            {"items": [pledge_item() | {"created_at": "2026-11-20T10:00:00"}]},
            "body.items.0.created_at",
        ),
        ({}, "body.items"),
    ]
    for batch, field in cases:
        response = client.post(PUSH, json=batch)
        assert response.status_code == 422, field
        assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert answers_stored(engine) == []


def test_broken_json_is_a_400(client: TestClient) -> None:
    response = client.post(
        PUSH, content=b'{"items": [', headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_json"


def test_the_same_batch_sent_at_the_same_time_is_stored_once(
    engine: Engine, northdale: Tenant
) -> None:
    batch = [PushItem.model_validate(pledge_item(answer=a)) for a in ("yes", "no", "partly") * 5]

    def send() -> list[str]:
        with Session(engine) as session:
            return [r.status.value for r in service.store_batch(session, SYNC_KINDS, batch)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda _: send(), range(4)))

    for position in range(len(batch)):
        statuses = sorted(outcome[position] for outcome in outcomes)
        assert statuses == ["accepted", "duplicate", "duplicate", "duplicate"]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(SyncReceipt)).one() == len(batch)
    assert sorted(answers_stored(engine)) == sorted(i.id for i in batch)
