"""`harbour backup` and `harbour restore` (docs/backups.md): the demo data and a record of every
kind, backed up while a writer is part-way through a transaction, restored into an empty
database, hold every row of every table as it was, and the keys that go with them. Bad inputs
are refused with a clear reason and change nothing."""

import io
import json
import os
import stat
import tarfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, create_engine
from sqlmodel import Session, SQLModel, select

from harbour import backup, cli
from harbour.accounts.models import StaffMember, Team, YoungPerson
from harbour.app import create_app
from harbour.cli import commands
from harbour.config import Settings
from harbour.migrate import alembic_config, upgrade_to_head
from harbour.tenants import service as tenants
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import OidcSettings
from tests.accounts.test_staff_profile import PHOTO, encoded, photo_bytes
from tests.conftest import empty_database, settings_for
from tests.my_data.test_my_data import make_everything
from tests.people import PIN, SignedIn, council, make_young_person, pledge_item, push

AsPerson = Callable[..., SignedIn]
Contents = dict[str, list[tuple[Any, ...]]]
# Files Harbour keeps in data_dir that a restore does not need (backup.KEY_FILES are the rest).
NOT_BACKED_UP = {"demo-accounts.json"}
DURING = "Written during the backup"


def contents(url: str) -> Contents:
    """Every row of every table in the database (found there, not from the models: so a table
    the models do not know is compared too), each table's rows in a stable order."""
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        found = {
            name: sorted((tuple(row) for row in connection.execute(table.select())), key=repr)
            for name, table in tables.tables.items()
        }
    engine.dispose()
    return found


def different_tables(one: Contents, other: Contents) -> list[str]:
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


def data_dir_files(settings: Settings) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in settings.data_dir.iterdir() if path.is_file()}


def run(
    command_line: list[str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """`harbour ...` with these settings: its exit status and all it printed."""
    output = io.StringIO()
    monkeypatch.setattr(commands, "get_settings", lambda: settings)
    monkeypatch.setattr("sys.stdout", output)
    monkeypatch.setattr("sys.stderr", output)
    status = cli.main(command_line)
    monkeypatch.undo()
    return status, output.getvalue()


def add_what_else_harbour_keeps(
    engine: Engine, pa: StaffMember, person: YoungPerson, app: FastAPI, as_person: AsPerson
) -> None:
    """Records of the kinds the demo and Download my data's records leave out."""
    with Session(engine) as session:
        oidc = {"issuer": "https://id.example.net", "client_id": "harbour", "client_secret": "s"}
        north = session.get_one(Tenant, pa.tenant_id)
        tenants.set_sign_in_settings(session, north, OidcSettings.model_validate(oidc))
    assert as_person(pa).client.put(PHOTO, json=encoded(photo_bytes())).is_success
    wrong = {"council": "northdale", "username": person.username, "secret": "000000"}
    assert TestClient(app).post("/api/v1/auth/young-person/sign-in", json=wrong).status_code == 401
    me = as_person(person)
    assert me.client.post("/api/v1/auth/passkey/registration-options").is_success
    sent = pledge_item()
    push(me, sent)
    assert push(me, sent | {"body": sent["body"] | {"answer": "no"}})[0]["status"] == "conflict"
    for key in ("/api/v1/push/key", "/api/v1/sync/sealing-key"):  # made on first use
        assert me.client.get(key).is_success


@pytest.fixture
def source(
    settings: Settings,
    engine: Engine,
    app: FastAPI,
    as_person: AsPerson,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """The demo councils and people, and a young person of the demo PA's with a record of
    every kind (tests/my_data's)."""
    assert run(["demo"], settings, monkeypatch)[0] == 0
    north = council(engine, "northdale")
    with Session(engine) as session:
        pa = session.exec(
            select(StaffMember).where(
                StaffMember.tenant_id == north.id, StaffMember.username == "alex.pa"
            )
        ).one()
        session.expunge(pa)
    robin = make_young_person(engine, north, pa.id, "Robin", username="robin", pin=PIN)
    make_everything(engine, robin, as_person(pa), as_person(robin), "Robinword")
    add_what_else_harbour_keeps(engine, pa, robin, app, as_person)
    return settings


@pytest.fixture
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings for a new, empty database (SQLite, or PostgreSQL as the other tests) and an
    empty data_dir."""
    folder = tmp_path_factory.mktemp("restored")
    with empty_database(folder) as url:
        yield settings_for(url, folder / "data")


@pytest.fixture
def backups(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for backup files, away from every data_dir."""
    return tmp_path_factory.mktemp("backups")


def test_a_restore_into_an_empty_database_finds_every_record_and_key(
    source: Settings, empty: Settings, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = backups / "harbour-backup.tar.gz"
    # A writer part-way through a transaction: the backup neither waits for it nor holds
    # what it has not committed.
    writer = Session(create_engine(source.resolved_database_url))
    writer.add(Team(tenant_id=writer.exec(select(Tenant.id)).first(), name=DURING))
    writer.flush()
    before = contents(source.resolved_database_url)

    made, said = run(["backup", str(file)], source, monkeypatch)
    writer.commit()
    writer.close()
    writer.get_bind().dispose()
    restored, told = run(["restore", str(file)], empty, monkeypatch)

    assert made == 0, said
    assert restored == 0, told
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    after = contents(empty.resolved_database_url)
    empty_tables = [name for name in SQLModel.metadata.tables if not before.get(name)]
    assert empty_tables == [], "give these tables a record in this test's `source`"
    assert different_tables(before, after) == []
    assert "The database is ready" in told
    written = [
        contents(url)["team"] for url in (source.resolved_database_url, empty.resolved_database_url)
    ]
    assert [any(DURING in row for row in teams) for teams in written] == [True, False]
    # Every key file Harbour made is back, readable by its owner only.
    kept = data_dir_files(source)
    assert set(kept) - NOT_BACKED_UP == set(backup.KEY_FILES)
    assert data_dir_files(empty) == {name: kept[name] for name in backup.KEY_FILES}
    for name in backup.KEY_FILES:
        assert stat.S_IMODE((empty.data_dir / name).stat().st_mode) == 0o600


def test_the_restored_harbour_signs_staff_in_and_keeps_its_push_and_sealing_keys(
    source: Settings, empty: Settings, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = backups / "harbour-backup.tar.gz"
    assert run(["backup", str(file)], source, monkeypatch)[0] == 0
    assert run(["restore", str(file)], empty, monkeypatch)[0] == 0
    pa = next(
        account
        for account in json.loads((source.data_dir / "demo-accounts.json").read_text())["accounts"]
        if account["role"] == "personal_adviser"
    )
    sign_in = {
        "council": pa["council"],
        "username": pa["sign_in"]["username"],
        "passphrase": pa["sign_in"]["passphrase"],
    }
    restored_engine = create_engine(empty.resolved_database_url)
    with TestClient(create_app(empty, restored_engine)) as restored:
        # TOTP secrets open with the restored totp.key; recovery codes match with secret.key.
        totp = pyotp.TOTP(pa["sign_in"]["totp_secret"]).now()
        by_code = restored.post("/api/v1/auth/staff/sign-in", json=sign_in | {"code": totp})
        recovery = pa["sign_in"]["recovery_codes"][0]
        by_recovery = TestClient(restored.app).post(
            "/api/v1/auth/staff/sign-in", json=sign_in | {"code": recovery}
        )
        keys = [restored.get(k).json() for k in ("/api/v1/push/key", "/api/v1/sync/sealing-key")]
    restored_engine.dispose()
    with TestClient(create_app(source)) as original:
        same = [original.get(k).json() for k in ("/api/v1/push/key", "/api/v1/sync/sealing-key")]

    assert by_code.status_code == 200, by_code.text
    assert by_recovery.status_code == 200, by_recovery.text
    assert keys == same


# --- bad inputs ---------------------------------------------------------------------------


@pytest.fixture
def file(settings: Settings, engine: Engine, northdale: Tenant, backups: Path) -> Path:
    """A backup of a small database (one council) and a key."""
    settings.resolved_secret_key()  # made in data_dir, as the server does
    path = backups / "small-backup.tar.gz"
    backup.make_backup(settings, path)
    return path


def refused_and_unchanged(
    command_line: list[str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> str:
    """What `harbour ...` said when it refused; the database and data_dir are as they were."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    tables, files = contents(settings.resolved_database_url), data_dir_files(settings)
    status, said = run(command_line, settings, monkeypatch)
    assert status == 1, said
    assert contents(settings.resolved_database_url) == tables
    assert data_dir_files(settings) == files
    return said


Change = Callable[[str, bytes], bytes | None]


def member_bytes(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    content = archive.extractfile(member)
    assert content is not None
    return content.read()


def rewritten(file: Path, change: Change, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the backup `file`, each member changed by `change` (None leaves it out), with
    `extra` members added."""
    into = file.with_name("changed.tar.gz")
    with tarfile.open(file) as original, tarfile.open(into, "w:gz") as copy:
        members = {m.name: member_bytes(original, m) for m in original} | (extra or {})
        for name, content in members.items():
            changed = change(name, content)
            if changed is not None:
                member = tarfile.TarInfo(name)
                member.size = len(changed)
                copy.addfile(member, io.BytesIO(changed))
    return into


def kept(_name: str, content: bytes) -> bytes:
    return content


def without(left_out: str) -> Change:
    return lambda name, content: None if name == left_out else content


def manifest_with(**values: Any) -> Change:
    def change(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        return json.dumps(json.loads(content) | values).encode()

    return change


def database_changed(name: str, content: bytes) -> bytes:
    return content[:-1] + bytes([content[-1] ^ 1]) if name.startswith("database") else content


def test_a_missing_file_is_refused(
    empty: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused_and_unchanged(["restore", str(tmp_path / "nowhere.tar.gz")], empty, monkeypatch)

    assert "There is no backup at" in said


def test_a_file_that_is_not_an_archive_is_refused(
    empty: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spreadsheet = tmp_path / "young-people.csv"
    spreadsheet.write_text("name,date of birth\nJordan,2007-05-01\n")

    said = refused_and_unchanged(["restore", str(spreadsheet)], empty, monkeypatch)

    assert f"{spreadsheet} is not a Harbour backup" in said


@pytest.mark.parametrize(
    ("change", "extra", "reason"),
    [
        (without("manifest.json"), None, "is not a Harbour backup"),
        (manifest_with(format="something-else"), None, "is not a Harbour backup"),
        (manifest_with(files={}), None, "is not a Harbour backup"),
        (kept, {"../../outside.txt": b"x"}, "is not a Harbour backup"),
        (kept, {"keys/another.key": b"x"}, "is not a Harbour backup"),
        (database_changed, None, "is damaged: database"),
        (manifest_with(format_version=backup.FORMAT_VERSION + 1), None, "by a newer Harbour"),
        (manifest_with(alembic_revision="0123456789ab"), None, "newer than this Harbour knows"),
    ],
    ids=[
        "no manifest",
        "another format",
        "no database",
        "a path outside",
        "an unknown key",
        "damaged",
        "a newer format",
        "a newer schema",
    ],
)
def test_a_changed_or_foreign_backup_is_refused(
    change: Change,
    extra: dict[str, bytes] | None,
    reason: str,
    file: Path,
    empty: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said = refused_and_unchanged(
        ["restore", str(rewritten(file, change, extra))], empty, monkeypatch
    )

    assert reason in said
    assert "Traceback" not in said


def test_a_database_with_tables_is_refused(
    file: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused_and_unchanged(["restore", str(file)], settings, monkeypatch)

    assert "The database already has" in said
    assert "restore into an empty database" in said


def test_different_keys_in_data_dir_are_refused_unless_replaced_and_then_kept_aside(
    file: Path, empty: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty.data_dir.mkdir(parents=True)
    (empty.data_dir / "secret.key").write_text("a key made here, for other data")

    said = refused_and_unchanged(["restore", str(file)], empty, monkeypatch)
    status, told = run(["restore", "--replace-keys", str(file)], empty, monkeypatch)

    assert "data_dir already has different secret.key" in said
    assert status == 0, told
    aside = [p for p in empty.data_dir.iterdir() if p.name.startswith("secret.key.before-restore")]
    assert [p.read_text() for p in aside] == ["a key made here, for other data"]
    assert str(aside[0]) in told


def test_a_backup_never_replaces_a_file(
    file: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = file.read_bytes()

    status, said = run(["backup", str(file)], settings, monkeypatch)

    assert status == 1
    assert "already exists: choose a new name" in said
    assert file.read_bytes() == earlier


# --- SQLite only: the logic is the same on PostgreSQL -------------------------------------


def sqlite_settings(folder: Path) -> Settings:
    return settings_for(f"sqlite:///{folder / 'harbour.db'}", folder)


def test_a_backup_of_no_database_is_refused(
    tmp_path: Path, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, said = run(
        ["backup", str(backups / "x.tar.gz")], sqlite_settings(tmp_path), monkeypatch
    )

    assert status == 1
    assert "There is no database at" in said
    assert list(backups.iterdir()) == []


def test_an_older_schema_restores_and_says_to_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = sqlite_settings(tmp_path / "older")
    command.upgrade(alembic_config(older.resolved_database_url), "head-1")
    target = sqlite_settings(tmp_path / "target")
    file = tmp_path / "older.tar.gz"

    assert run(["backup", str(file)], older, monkeypatch)[0] == 0
    status, said = run(["restore", str(file)], target, monkeypatch)
    restored = contents(target.resolved_database_url)
    migrated = run(["migrate"], target, monkeypatch)[0]

    assert status == 0, said
    assert "run harbour migrate" in said
    assert different_tables(contents(older.resolved_database_url), restored) == []
    assert migrated == 0


def test_sqlite_replace_restores_over_a_database_and_keeps_it_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, other = sqlite_settings(tmp_path / "one"), sqlite_settings(tmp_path / "other")
    for each in (one, other):
        upgrade_to_head(each.resolved_database_url)
    engine = create_engine(one.resolved_database_url)  # checks no foreign keys: no council needed
    with Session(engine) as session:
        session.add(Team(tenant_id=uuid.uuid4(), name="Only in the backup"))
        session.commit()
    engine.dispose()
    file = tmp_path / "one.tar.gz"
    assert run(["backup", str(file)], one, monkeypatch)[0] == 0
    replaced = contents(other.resolved_database_url)

    status, said = run(["restore", "--replace", str(file)], other, monkeypatch)

    assert status == 0, said
    assert contents(other.resolved_database_url) == contents(one.resolved_database_url)
    aside = next(other.data_dir.glob("harbour.db.before-restore-*"))
    assert contents(f"sqlite:///{aside}") == replaced
    assert str(aside) in said


@pytest.mark.skipif(
    not os.environ.get("HARBOUR_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
def test_postgresql_replace_is_refused_in_favour_of_a_new_database(
    file: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused_and_unchanged(["restore", "--replace", str(file)], settings, monkeypatch)

    assert "restore into a new empty database" in said
