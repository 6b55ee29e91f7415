"""`harbour backup FILE` and `harbour restore FILE`: the database and the keys in data_dir
that its records need, as one archive readable by its owner only (docs/backups.md).

The archive is a gzipped tar of `manifest.json` (what it is, the schema's Alembic revision,
the app version, the time, each file's SHA-256), the database (a SQLite online-backup copy, or
a `pg_dump --format=custom` dump) and `keys/...`, the key files Harbour made in data_dir."""

import contextlib
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, Literal

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import BaseModel, ValidationError
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from harbour.config import Settings
from harbour.migrate import alembic_config

FORMAT = "harbour-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# The key files Harbour makes in data_dir when the setting beside each is empty. Without them
# the database's records cannot all be used: invite and recovery codes are hashed with
# secret.key, staff TOTP secrets encrypted with totp.key, every push subscription is bound to
# vapid.pem, and what locked phones still hold is sealed to sealing.pem.
KEY_FILES = {
    "secret.key": "secret_key",
    "totp.key": "totp_keys",
    "vapid.pem": "vapid_private_key",
    "sealing.pem": "sealing_private_key",
}
Dialect = Literal["sqlite", "postgresql"]
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
GUIDE = "docs/backups.md"


class Refused(Exception):
    """Why a backup or restore cannot go ahead; nothing was changed."""


class Manifest(BaseModel):
    format: Literal["harbour-backup"]
    format_version: int
    created_at: datetime
    harbour_version: str
    alembic_revision: str
    database: Dialect
    files: dict[str, str]  # name in the archive -> SHA-256
    keys_from_settings: list[str]  # settings that gave a key, so it is not in the archive


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dialect(url: str) -> Dialect:
    name = make_url(url).get_backend_name()
    if name not in DATABASE_FILES:
        raise Refused(f"Harbour backs up SQLite and PostgreSQL databases, not {name}.")
    return "sqlite" if name == "sqlite" else "postgresql"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise Refused("The database is in memory: there is no file to back up or restore to.")
    return Path(database)


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _tables(url: str) -> list[str]:
    """The target's tables (any schema but PostgreSQL's own), without creating a file."""
    if _dialect(url) == "sqlite" and not _sqlite_path(url).exists():
        return []
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        schemas = [s for s in inspector.get_schema_names() if s != "information_schema"]
        return [table for schema in schemas for table in inspector.get_table_names(schema)]
    finally:
        engine.dispose()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A connection string for pg_dump and pg_restore, and an environment carrying the
    password (never on a command line, where other users of the machine could read it)."""
    parsed: URL = make_url(url)
    environment = dict(os.environ)
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run_postgres_tool(tool: str, arguments: list[str], url: str) -> None:
    program = shutil.which(tool)
    if program is None:
        raise Refused(
            f"{tool} is not installed here: install the PostgreSQL client tools of the "
            f"server's version, or use the PostgreSQL route in {GUIDE}."
        )
    dsn, environment = _libpq(url)
    done = subprocess.run(  # noqa: S603  (our own arguments, no shell)
        [program, *arguments, f"--dbname={dsn}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Refused(f"{tool} failed; nothing was changed:\n{done.stderr.strip()}")


def _copy_database(url: str, into: Path) -> str:
    """A consistent copy of the database in `into`, and the Alembic revision it holds."""
    if _dialect(url) == "postgresql":
        before = _revision(url)
        _run_postgres_tool("pg_dump", ["--format=custom", f"--file={into}"], url)
        if before != _revision(url):
            raise Refused("The schema changed during the backup (a migration?): run it again.")
        revision = before
    else:
        path = _sqlite_path(url)
        if not path.is_file():
            raise Refused(f"There is no database at {path}: nothing to back up.")
        # The online backup API: one read transaction, so the copy is one moment's database
        # while the server goes on writing (WAL lets writers carry on beside a reader).
        with (
            contextlib.closing(sqlite3.connect(path, timeout=10)) as source,
            contextlib.closing(sqlite3.connect(into)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        revision = _revision(f"sqlite:///{into}")
    if revision is None:
        raise Refused("The database has no schema yet (run harbour migrate): nothing to back up.")
    return revision


def _key_files(settings: Settings) -> dict[str, Path]:
    found = {name: settings.data_dir / name for name in KEY_FILES}
    return {name: path for name, path in found.items() if path.is_file()}


def _keys_from_settings(settings: Settings) -> list[str]:
    return [field for field in KEY_FILES.values() if str(getattr(settings, field)).strip()]


def _add(archive: tarfile.TarFile, name: str, content: IO[bytes], size: int) -> None:
    member = tarfile.TarInfo(name)
    member.size, member.mode, member.mtime = size, 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(member, content)


def _write_archive(target: Path, manifest: Manifest, files: dict[str, Path], work: Path) -> None:
    """Written beside `target` and linked into place whole, so the name only ever holds a
    complete backup; linking refuses to replace a file that appeared in the meantime."""
    draft = work / "archive.partial"
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
        with tarfile.open(fileobj=f, mode="w:gz", compresslevel=6) as archive:
            described = manifest.model_dump_json(indent=2).encode()
            _add(archive, MANIFEST, io.BytesIO(described), len(described))
            for name, path in files.items():
                with path.open("rb") as content:
                    _add(archive, name, content, path.stat().st_size)
        f.flush()
        os.fsync(f.fileno())
    try:
        os.link(draft, target)
    except FileExistsError:
        raise Refused(f"{target} already exists: choose a new name.") from None


def make_backup(settings: Settings, target: Path) -> Manifest:
    """Back up the database and data_dir's key files into `target`, a new file."""
    if target.exists():
        raise Refused(f"{target} already exists: choose a new name.")
    if not target.parent.is_dir():
        raise Refused(f"There is no folder {target.parent} to write the backup in.")
    url = settings.resolved_database_url
    dialect = _dialect(url)
    database = DATABASE_FILES[dialect]
    # Beside the target, not in /tmp: the copy is as large as the database.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".harbour-backup-") as folder:
        work = Path(folder)
        revision = _copy_database(url, work / database)
        files = {database: work / database} | {
            f"keys/{name}": path for name, path in _key_files(settings).items()
        }
        manifest = Manifest(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            created_at=datetime.now(UTC),
            harbour_version=version("harbour"),
            alembic_revision=revision,
            database=dialect,
            files={name: _sha256(path) for name, path in files.items()},
            keys_from_settings=_keys_from_settings(settings),
        )
        _write_archive(target, manifest, files, work)
    return manifest


# --- restoring ---------------------------------------------------------------------------


def _allowed_names() -> set[str]:
    return {MANIFEST, *DATABASE_FILES.values(), *(f"keys/{name}" for name in KEY_FILES)}


def _unpacked(work: Path, name: str) -> Path:
    """Where an archive member is unpacked: flat, by our own name (`name` is one of
    `_allowed_names`, so a member's path is never used as one)."""
    return work / name.replace("/", "_")


def _unpack(source: Path, work: Path) -> Manifest:
    """The archive's files unpacked into `work`, each checked against the manifest."""
    if not source.is_file():
        raise Refused(f"There is no backup at {source}.")
    not_ours = Refused(f"{source} is not a Harbour backup (or it is damaged); nothing was changed.")
    allowed = _allowed_names()
    try:
        with tarfile.open(source, mode="r:*") as archive:
            for member in archive:
                if member.name not in allowed or not member.isfile():
                    raise not_ours
                content = archive.extractfile(member)
                assert content is not None  # a regular file has content
                with _unpacked(work, member.name).open("xb") as out:
                    shutil.copyfileobj(content, out)
        manifest = Manifest.model_validate_json((work / MANIFEST).read_bytes())
    except (tarfile.TarError, OSError, EOFError, ValidationError, ValueError):
        raise not_ours from None
    if manifest.format_version > FORMAT_VERSION:
        raise Refused(f"{source} was made by a newer Harbour: restore it with that version.")
    if DATABASE_FILES[manifest.database] not in manifest.files:
        raise not_ours
    for name, digest in manifest.files.items():
        path = _unpacked(work, name)
        if not path.is_file() or _sha256(path) != digest:
            raise Refused(f"{source} is damaged: {name} is not as it was backed up.")
    return manifest


def _check_revision(revision: str, url: str) -> bool:
    """True when the backup's schema is this code's newest; refuses a schema this code does
    not know (a backup from a newer Harbour)."""
    scripts = ScriptDirectory.from_config(alembic_config(url))
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        raise Refused(
            f"The backup's schema ({revision}) is newer than this Harbour knows: restore it "
            "with the version that made it, or a newer one. Nothing was changed."
        )
    return revision == scripts.get_current_head()


def _check_target(url: str, dialect: Dialect, replace: bool) -> None:
    tables = _tables(url)
    if not tables:
        return
    if not replace:
        raise Refused(
            f"The database already has {len(tables)} tables: restore into an empty database "
            f"(see {GUIDE}). Nothing was changed."
        )
    if dialect == "postgresql":
        raise Refused(
            "On PostgreSQL, restore into a new empty database (createdb) and point "
            "HARBOUR_DATABASE_URL at it: Harbour does not empty one for you. Nothing was changed."
        )


def _set_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.before-restore-{stamp}")


def _differing_keys(settings: Settings, work: Path, manifest: Manifest) -> list[str]:
    names = [name.removeprefix("keys/") for name in manifest.files if name.startswith("keys/")]
    return [
        name
        for name in names
        if (settings.data_dir / name).is_file()
        and (settings.data_dir / name).read_bytes().strip()
        != _unpacked(work, f"keys/{name}").read_bytes().strip()
    ]


def _restore_sqlite(url: str, database: Path, replace: bool) -> Path | None:
    """The backup copied into the target through SQLite (so its locks and WAL are respected);
    with `replace`, the database it replaces is first copied aside and kept."""
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = _set_aside(target) if replace and _tables(url) else None
    with contextlib.closing(sqlite3.connect(target, timeout=10)) as into:
        if kept is not None:
            with contextlib.closing(sqlite3.connect(kept)) as aside:
                into.backup(aside)
        with contextlib.closing(sqlite3.connect(database)) as backup:
            backup.backup(into)
    return kept


def _write_key(path: Path, content: bytes) -> Path | None:
    """The key written (owner-only), and where a different one it replaces was kept."""
    kept = None
    if path.is_file():
        if path.read_bytes().strip() == content.strip():
            return None
        kept = _set_aside(path)
        os.replace(path, kept)
    draft = path.with_name(f".{path.name}.restoring")
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(content)
    os.replace(draft, path)
    return kept


class Restored(BaseModel):
    manifest: Manifest
    up_to_date: bool  # the schema is this code's newest
    set_aside: list[Path]  # what the restore replaced, kept


def restore(settings: Settings, source: Path, replace: bool, replace_keys: bool) -> Restored:
    """Restore `source` into the configured, empty database and its keys into data_dir.
    Every check comes first: a refusal changes nothing."""
    url = settings.resolved_database_url
    dialect = _dialect(url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".harbour-restore-") as folder:
        work = Path(folder)
        manifest = _unpack(source, work)
        if manifest.database != dialect:
            raise Refused(
                f"This is a backup of a {NAMES[manifest.database]} database and Harbour is set "
                f"up for {NAMES[dialect]}: restore it into {NAMES[manifest.database]}. Nothing "
                "was changed."
            )
        up_to_date = _check_revision(manifest.alembic_revision, url)
        _check_target(url, dialect, replace)
        differing = _differing_keys(settings, work, manifest)
        if differing and not replace_keys:
            raise Refused(
                f"data_dir already has different {', '.join(differing)}: the data they protect "
                "would be lost. Add --replace-keys to set them aside and use the backup's. "
                "Nothing was changed."
            )
        database = work / DATABASE_FILES[dialect]
        set_aside: list[Path] = []
        if dialect == "postgresql":
            restore_options = ["--no-owner", "--no-privileges", "--exit-on-error"]
            _run_postgres_tool(
                "pg_restore", [*restore_options, "--single-transaction", str(database)], url
            )
        elif kept := _restore_sqlite(url, database, replace):
            set_aside.append(kept)
        for name in manifest.files:
            if name.startswith("keys/"):
                key = name.removeprefix("keys/")
                content = _unpacked(work, name).read_bytes()
                if kept := _write_key(settings.data_dir / key, content):
                    set_aside.append(kept)
    return Restored(manifest=manifest, up_to_date=up_to_date, set_aside=set_aside)


# --- what the commands print --------------------------------------------------------------


def _env_name(field: str) -> str:
    return f"HARBOUR_{field.upper()}"


def print_backup(settings: Settings, target: Path) -> None:
    manifest = make_backup(settings, target)
    keys = [name.removeprefix("keys/") for name in manifest.files if name.startswith("keys/")]
    database = NAMES[manifest.database]
    print(f"Backup written to {target} ({database}, schema {manifest.alembic_revision}).")
    print(f"Keys in it: {', '.join(keys) or 'none'}.")
    for field in manifest.keys_from_settings:
        print(f"Not in it: {_env_name(field)}, which you set: keep it with your secrets.")
    print(
        "It holds every record and the keys to them: encrypt it and keep it off this server "
        f"({GUIDE})."
    )


def print_restore(settings: Settings, source: Path, replace: bool, replace_keys: bool) -> None:
    done = restore(settings, source, replace, replace_keys)
    manifest = done.manifest
    made = manifest.created_at.isoformat(timespec="seconds")
    print(f"Restored the backup made {made} by Harbour {manifest.harbour_version}.")
    for path in done.set_aside:
        print(f"What it replaced is kept in {path}.")
    for field in KEY_FILES.values():
        if field in _keys_from_settings(settings):
            print(f"{_env_name(field)} is set here, so Harbour uses it: it must be the backup's.")
        elif field in manifest.keys_from_settings:
            print(f"{_env_name(field)} was set when the backup was made: set it the same here.")
    if done.up_to_date:
        print("The database is ready: start Harbour.")
    else:
        print("Its schema is older than this Harbour's: run harbour migrate, then start Harbour.")
