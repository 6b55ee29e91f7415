"""A locked phone sends outbox bodies sealed to the server's key (decision 020): the server
opens them before the usual checks, refuses one it cannot open naming `sealed_body`, and
stores each item exactly once however it came."""

import json
import os
import uuid
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.config import Settings
from harbour.push.schemas import b64url_decode, b64url_encode
from harbour.statements.models import Statement
from harbour.sync import service
from tests.people import SignedIn, statement_item

PUSH = "/api/v1/sync/push"
KEY = "/api/v1/sync/sealing-key"


def seal(item: dict[str, Any], public_key: str, plain: bytes | None = None) -> dict[str, Any]:
    """The item as a locked phone sends it: `sealed_body` in place of `body` (what
    core/outbox.ts does with WebCrypto). `plain`: other words to seal than the body's JSON."""
    server = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public_key))
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    point = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    secret = ephemeral.exchange(ec.ECDH(), server)
    key = HKDF(hashes.SHA256(), 32, salt=point, info=service.SEALED_INFO).derive(secret)
    iv = os.urandom(12)
    if plain is None:
        plain = json.dumps(item["body"]).encode()
    sealed = AESGCM(key).encrypt(iv, plain, f"{item['id']}:{item['kind']}".encode())
    rest = {name: value for name, value in item.items() if name != "body"}
    return rest | {"sealed_body": b64url_encode(bytes([1]) + point + iv + sealed)}


def public_key(client: TestClient) -> str:
    response = client.get(KEY)
    assert response.status_code == 200
    key: str = response.json()["public_key"]
    return key


def statements(engine: Engine) -> list[Statement]:
    with Session(engine) as session:
        rows = list(session.exec(select(Statement)).all())
        for row in rows:
            session.expunge(row)
        return rows


def test_the_sealing_key_is_public_and_kept(client: TestClient, settings: Settings) -> None:
    first = public_key(client)

    assert len(b64url_decode(first)) == 65
    assert public_key(client) == first
    assert (settings.data_dir / "sealing.pem").stat().st_mode & 0o777 == 0o600


def test_a_sealed_statement_is_opened_and_reaches_the_pa_once(
    client: TestClient, jordan: SignedIn, engine: Engine
) -> None:
    item = statement_item(text="the heating has been off for a week")
    sealed = seal(item, public_key(client))

    first = jordan.client.post(PUSH, json={"items": [sealed]}).json()["results"]
    # Sent again (a lost answer), and once more sealed afresh: still the one statement.
    again = jordan.client.post(PUSH, json={"items": [sealed]}).json()["results"]
    resealed = jordan.client.post(PUSH, json={"items": [seal(item, public_key(client))]})

    assert [first[0]["status"], again[0]["status"]] == ["accepted", "duplicate"]
    assert resealed.json()["results"][0]["status"] == "duplicate"
    stored = statements(engine)
    assert [str(row.id) for row in stored] == [item["id"]]
    assert stored[0].answers["text"] == "the heating has been off for a week"


def test_a_sealed_and_a_plain_copy_of_one_item_are_the_same_item(
    client: TestClient, jordan: SignedIn, engine: Engine
) -> None:
    item = statement_item(text="moving house")
    jordan.client.post(PUSH, json={"items": [item]})

    result = jordan.client.post(PUSH, json={"items": [seal(item, public_key(client))]})

    assert result.json()["results"][0]["status"] == "duplicate"
    assert len(statements(engine)) == 1


def rejected(person: SignedIn, item: dict[str, Any]) -> dict[str, Any]:
    response = person.client.post(PUSH, json={"items": [item]})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["results"][0]
    assert result["status"] == "rejected"
    return result


def test_a_tampered_envelope_is_refused_naming_the_field(
    client: TestClient, jordan: SignedIn, engine: Engine
) -> None:
    sealed = seal(statement_item(), public_key(client))
    envelope = bytearray(b64url_decode(sealed["sealed_body"]))
    envelope[-1] ^= 1

    result = rejected(jordan, sealed | {"sealed_body": b64url_encode(bytes(envelope))})

    assert [e["field"] for e in result["errors"]] == ["sealed_body"]
    assert statements(engine) == []


def test_an_envelope_for_another_key_id_or_kind_is_refused(
    client: TestClient, jordan: SignedIn, engine: Engine
) -> None:
    other_server = ec.generate_private_key(ec.SECP256R1()).public_key()
    other_key = b64url_encode(
        other_server.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    item = statement_item()
    moved = seal(item, public_key(client)) | {"id": str(uuid.uuid4())}

    for bad in (seal(item, other_key), moved, seal(item, public_key(client)) | {"kind": "x"}):
        result = rejected(jordan, bad)
        assert [e["field"] for e in result["errors"]] in (["sealed_body"], ["kind"])
    assert statements(engine) == []


def test_garbage_or_both_or_neither_is_refused_naming_sealed_body(
    client: TestClient, jordan: SignedIn
) -> None:
    item = statement_item()
    sealed = seal(item, public_key(client))
    no_body = {name: value for name, value in item.items() if name != "body"}

    for bad in (
        sealed | {"sealed_body": "not base64 !"},
        sealed | {"sealed_body": "AQID"},
        sealed | {"body": item["body"]},
        no_body,
    ):
        assert [e["field"] for e in rejected(jordan, bad)["errors"]] == ["sealed_body"]


def test_json_nested_too_deep_to_read_is_refused_and_the_rest_of_the_batch_stored(
    client: TestClient, jordan: SignedIn, engine: Engine
) -> None:
    key = public_key(client)
    before, after = statement_item(text="before"), statement_item(text="after")
    deep = 50_000  # far past what Python's JSON parser reads (RecursionError)
    nested = seal(statement_item(), key, b"[" * deep + b"]" * deep)
    not_json = seal(statement_item(), key, b"\xff not words")

    response = jordan.client.post(
        PUSH, json={"items": [before, nested, not_json, seal(after, key)]}
    )

    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected", "accepted"]
    assert [e["field"] for r in results[1:3] for e in r["errors"]] == ["sealed_body"] * 2
    assert sorted(str(row.id) for row in statements(engine)) == sorted([before["id"], after["id"]])
