"""Where the sealing key comes from (decision 020): HARBOUR_SEALING_PRIVATE_KEY, or a file made
once in data_dir, read only when an item comes sealed. These tests run with a data_dir nothing
can be written to (as when every key is given in the environment), so a push that needed the
key file would fail."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from harbour.app import create_app
from harbour.config import Settings
from harbour.push.schemas import b64url_encode
from tests.conftest import PACKS
from tests.people import SignedIn, World, sign_in_as, statement_item
from tests.sync.test_sealed_push import KEY, PUSH, seal, statements


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """data_dir lies under a plain file, so no key file can be made there (even as root)."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    return Settings(
        database_url=database_url,
        data_dir=blocker / "data",
        static_dir=tmp_path / "no-frontend",
        content_dir=PACKS,
        secret_key="a secret key given in the environment",
        totp_keys=Fernet.generate_key().decode(),
    )


def test_a_push_with_nothing_sealed_needs_no_sealing_key(
    client: TestClient, jordan: SignedIn, engine: Engine
) -> None:
    item = statement_item(text="nothing sealed here")

    response = jordan.client.post(PUSH, json={"items": [item]})

    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "accepted"
    assert [str(row.id) for row in statements(engine)] == [item["id"]]


def test_the_key_in_the_environment_is_the_one_used(
    world: World, engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    expected = b64url_encode(
        private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    monkeypatch.setenv("HARBOUR_SEALING_PRIVATE_KEY", pem)
    configured = Settings(**settings.model_dump(exclude={"sealing_private_key"}))
    app = create_app(configured, engine)
    item = statement_item(text="sealed to the configured key")

    with TestClient(app) as client:
        served = client.get(KEY).json()["public_key"]
        jordan = sign_in_as(app, engine, configured, world.yp1)
        response = jordan.client.post(PUSH, json={"items": [seal(item, expected)]})

    assert served == expected
    assert response.json()["results"][0]["status"] == "accepted"
    stored = statements(engine)
    assert [str(row.id) for row in stored] == [item["id"]]
    assert stored[0].answers["text"] == "sealed to the configured key"
