"""Staff TOTP secrets are encrypted in the database with keys kept outside it: a copy of the
database alone cannot make staff codes. Keys rotate; a migration encrypts older secrets."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from harbour import config
from harbour.accounts.models import StaffMember
from harbour.app import create_app
from harbour.cli import commands
from harbour.config import Settings
from harbour.credentials import TotpSecrets
from harbour.db import make_engine
from harbour.migrate import alembic_config
from tests.accounts.test_staff import SIGN_IN, first_admin, run_cli, sign_in_body
from tests.conftest import empty_database

__all__ = ["run_cli"]  # a fixture, used here by name

REVISION = "68446865b30c"  # the migration that encrypts them


def stored_secret(engine: Engine) -> str:
    """What the column holds (in SQL: the models may be ahead of a downgraded schema)."""
    with engine.connect() as connection:
        stored: str = connection.execute(
            text("SELECT totp_secret FROM staff_member WHERE username = 'ada'")
        ).scalar_one()
        return stored


def signs_in(settings: Settings, engine: Engine, secret: str, step: int = 0) -> int:
    """Signing in with the code for this step (-1: the last one, which is still accepted;
    each step's code works once)."""
    code = pyotp.TOTP(secret).at(time.time() + 30 * step)
    browser = TestClient(create_app(settings, engine))
    return browser.post(SIGN_IN, json=sign_in_body(code)).status_code


Rekey = Callable[[Settings], tuple[int, str, str]]


@pytest.fixture
def admin(run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The first admin, made with the command line, with the TOTP secret it showed once."""
    return first_admin(run_cli, capsys)


@pytest.fixture
def rekey(
    run_cli: Callable[..., int], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Rekey:
    """Runs `harbour staff rekey-totp` with these settings: its exit code, its output and its
    error output."""

    def run(settings: Settings) -> tuple[int, str, str]:
        monkeypatch.setattr(commands, "get_settings", lambda: settings)
        done = run_cli("staff", "rekey-totp")
        out, err = capsys.readouterr()
        return done, out, err

    return run


def with_keys(settings: Settings, keys: str) -> Settings:
    return settings.model_copy(update={"totp_keys": keys})


def test_the_database_holds_only_the_encrypted_secret_and_sign_in_still_works(
    admin: dict[str, Any], settings: Settings, engine: Engine
) -> None:
    secret = admin["secret"]

    stored = stored_secret(engine)

    assert secret not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert TotpSecrets(settings.resolved_totp_keys()).open(stored) == secret
    assert TotpSecrets([Fernet.generate_key()]).open(stored) is None  # the key is needed
    assert (settings.data_dir / "totp.key").stat().st_mode & 0o777 == 0o600
    assert signs_in(settings, engine, secret) == 200


def test_a_new_key_goes_first_then_rekeying_moves_every_secret_to_it(
    admin: dict[str, Any], settings: Settings, engine: Engine, rekey: Rekey
) -> None:
    secret = admin["secret"]
    old_key = (settings.data_dir / "totp.key").read_bytes().strip()
    new_key = Fernet.generate_key()
    rotated = with_keys(settings, f"{new_key.decode()},{old_key.decode()}")
    only_new = with_keys(settings, new_key.decode())

    assert signs_in(rotated, engine, secret, step=-1) == 200  # old secrets still open
    assert signs_in(only_new, engine, secret) == 401  # not yet moved to the new key
    done, out, _ = rekey(rotated)
    assert done == 0
    assert "encrypted again with the newest key: 1." in out

    assert TotpSecrets([new_key]).open(stored_secret(engine)) == secret
    assert signs_in(only_new, engine, secret) == 200


@pytest.mark.usefixtures("admin")
def test_rekeying_without_the_key_a_secret_was_made_with_changes_nothing(
    settings: Settings, engine: Engine, rekey: Rekey
) -> None:
    before = stored_secret(engine)

    done, _, err = rekey(with_keys(settings, Fernet.generate_key().decode()))

    assert done == 1
    assert "1 could not be opened" in err
    assert stored_secret(engine) == before


def test_a_malformed_key_stops_the_server_starting(settings: Settings, engine: Engine) -> None:
    with pytest.raises(ValueError, match="Fernet key"):
        create_app(with_keys(settings, "not-a-key"), engine)


@pytest.fixture
def migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Engine]]:
    """A database of its own, at head; migrations read the keys from the settings."""
    monkeypatch.setenv("HARBOUR_TOTP_KEYS", KEY.decode())
    monkeypatch.setenv("HARBOUR_DATA_DIR", str(tmp_path))
    config.get_settings.cache_clear()
    with empty_database(tmp_path) as url:
        command.upgrade(alembic_config(url), "head")
        engine = make_engine(url)
        yield url, engine
        engine.dispose()
    config.get_settings.cache_clear()


KEY = Fernet.generate_key()
PLAIN = pyotp.random_base32()


def staff_row(engine: Engine, tenant_id: Any) -> None:
    with Session(engine) as session:
        session.add(
            StaffMember(
                tenant_id=tenant_id,
                display_name="Ada Admin",
                role="council_admin",
                username="ada",
                totp_secret=TotpSecrets([KEY]).seal(PLAIN),
            )
        )
        session.commit()


def test_the_migration_encrypts_plain_secrets_and_its_downgrade_decrypts_them(
    migrated: tuple[str, Engine],
) -> None:
    from harbour.tenants import service as tenants

    url, engine = migrated
    with Session(engine) as session:
        council = tenants.create_council(session, "eastwick", "Eastwick Council", "Europe/London")
        council_id = council.id
    staff_row(engine, council_id)
    before = ScriptDirectory.from_config(alembic_config(url)).get_revision(REVISION)
    assert before is not None

    command.downgrade(alembic_config(url), str(before.down_revision))
    plain = stored_secret(engine)
    command.upgrade(alembic_config(url), "head")
    sealed = stored_secret(engine)

    assert plain == PLAIN
    assert PLAIN not in sealed
    assert TotpSecrets([KEY]).open(sealed) == PLAIN
