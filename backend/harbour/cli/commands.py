"""What each of the operator's commands does (harbour.cli reads the command line)."""

import argparse
import contextlib
import getpass
import json
import os
import secrets
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import ValidationError
from sqlmodel import Session, select

from harbour import demo, migrate
from harbour.accounts import service as accounts
from harbour.accounts.schemas import StaffRole
from harbour.app import create_app
from harbour.config import Settings, get_settings
from harbour.content import PackError, load_pack, read_pack
from harbour.credentials import TotpSecrets
from harbour.db import make_engine
from harbour.kernel.errors import ApiError
from harbour.reminders.worker import Worker
from harbour.subscriptions import subscribe_all
from harbour.tenancy import find_council
from harbour.tenants import service as tenants
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import OidcSettings


class Refused(Exception):
    """A command that cannot go ahead: `main` prints why and answers 1."""


def _council(session: Session, slug: str) -> Tenant:
    council = find_council(session, slug)
    if council is None:
        raise Refused(f"There is no council called {slug}.")
    return council


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    migrate.upgrade_to_head(settings.resolved_database_url)
    print("Database is up to date.")
    return 0


def _load_packs(
    settings: Settings, paths: list[Path], check_only: bool, force: bool = False
) -> int:
    failed = 0
    engine = make_engine(settings.resolved_database_url)
    for path in paths:
        try:
            if check_only:
                pack, _ = read_pack(path)
                print(f"{path}: OK ({pack.council.slug}, version {pack.version})")
                continue
            with Session(engine) as session:
                result = load_pack(session, path, force=force)
            done = "loaded" if result.loaded else "already loaded; nothing changed"
            print(f"{path}: {result.council} version {result.version} {done}.")
        except PackError as error:
            failed += 1
            print("\n".join(error.problems), file=sys.stderr)
            print(f"{path}: not loaded; nothing changed.", file=sys.stderr)
        except ApiError as error:
            failed += 1
            print(f"{path}: {error.message} Nothing changed.", file=sys.stderr)
    return 1 if failed else 0


def _content_load(settings: Settings, args: argparse.Namespace) -> int:
    return _load_packs(settings, args.paths, args.check, args.force)


def _demo(settings: Settings, _args: argparse.Namespace) -> int:
    """Load the demo councils' packs and make demo people, only into an empty database."""
    engine = make_engine(settings.resolved_database_url)
    with Session(engine) as session:
        if session.exec(select(Tenant)).first() is not None:
            print("Demo data: the database already has councils; leaving it as it is.")
            return 0
    loaded = _load_packs(settings, sorted(settings.content_dir.glob("*.yaml")), check_only=False)
    if loaded != 0:
        return loaded
    with Session(engine) as session:
        made = demo.create_demo_people(
            session, settings.resolved_secret_key(), _totp_secrets(settings)
        )
    path = settings.data_dir / "demo-accounts.json"
    demo.write_accounts_file(path, made)
    print("Demo people, to sign in as each role (also in " + str(path) + "):")
    print("\n".join(demo.describe(made)))
    return 0


def _council_create(settings: Settings, args: argparse.Namespace) -> int:
    with Session(make_engine(settings.resolved_database_url)) as session:
        try:
            council = tenants.create_council(session, args.slug, args.name, args.time_zone)
        except ApiError as error:
            raise Refused(error.message) from None
        print(f"Council {council.slug} ({council.name}) created.")
        print(f"Next: harbour staff create --council {council.slug} --role council_admin ...")
    return 0


def _totp_secrets(settings: Settings) -> TotpSecrets:
    return TotpSecrets(settings.resolved_totp_keys())


def _secret_from(env_name: str | None, prompt: str, confirm: bool = False) -> str:
    """A secret from a named environment variable, or typed (never a command-line argument,
    which other users of the machine could see)."""
    if env_name:
        value = os.environ.get(env_name, "")
        if not value:
            raise SystemExit(f"The environment variable {env_name} is empty or not set.")
        return value
    value = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(f"{prompt} again: ") != value:
        raise SystemExit("The two did not match; nothing was changed.")
    return value


def _council_oidc(settings: Settings, args: argparse.Namespace) -> int:
    try:
        data = OidcSettings.model_validate(
            {
                "issuer": args.issuer,
                "metadata_url": args.metadata_url,
                "client_id": args.client_id,
                "client_secret": _secret_from(args.client_secret_env, "Client secret"),
                "role_claim": args.role_claim,
                "role_map": dict(pair.split("=", 1) for pair in args.role_map),
            }
        )
    except (ValidationError, ValueError) as error:
        raise Refused(f"Not changed: {error}") from None
    with Session(make_engine(settings.resolved_database_url)) as session:
        tenants.set_sign_in_settings(session, _council(session, args.slug), data)
    print(f"Staff of {args.slug} can now sign in with {args.issuer}.")
    return 0


def _staff_create(settings: Settings, args: argparse.Namespace) -> int:
    """A local staff account, ready at once: for a council's first admin."""
    passphrase = _secret_from(args.passphrase_env, "Passphrase (12 or more characters)", True)
    if len(passphrase) < 12:
        raise Refused("The passphrase needs at least 12 characters.")
    with Session(make_engine(settings.resolved_database_url)) as session:
        council = _council(session, args.council)
        try:
            joined = accounts.create_local_staff(
                session,
                settings.resolved_secret_key(),
                _totp_secrets(settings),
                council,
                args.name,
                StaffRole(args.role),
                args.username,
                passphrase,
            )
        except ApiError as error:
            raise Refused(error.message) from None
        except ValidationError as error:
            raise Refused(f"Not created: {error}") from None
    print(f"{args.name} ({args.role}) can sign in to {args.council} as {args.username}.")
    print(f"Add this to their authenticator app: {joined.totp_secret}")
    print(f"  or as a link (for a QR code): {joined.totp_uri}")
    print("Recovery codes (each works once instead of a code; keep them safe):")
    for code in joined.recovery_codes:
        print(f"  {code}")
    return 0


def _staff_rekey_totp(settings: Settings, _args: argparse.Namespace) -> int:
    """After putting a new key first in HARBOUR_TOTP_KEYS: every TOTP secret moves to it,
    and the old keys can then be dropped."""
    with Session(make_engine(settings.resolved_database_url)) as session:
        resealed, unreadable = accounts.reseal_totp_secrets(session, _totp_secrets(settings))
    print(f"TOTP secrets encrypted again with the newest key: {resealed}.")
    if unreadable:
        print(
            f"{unreadable} could not be opened with any of the keys and were left as they "
            "are: keep the key they were made with, or reset those staff members' access.",
            file=sys.stderr,
        )
        return 1
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from harbour import serving  # uvicorn and the metrics, only for this command

    host, port = args.host or settings.host, args.port or settings.port
    try:
        return serving.serve(settings, host, port, args.workers or settings.workers)
    except serving.CannotServe as reason:
        raise Refused(str(reason)) from None


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    """Send due reminders until stopped (SIGTERM or Ctrl+C); `--once`: one pass, then exit."""
    worker = Worker(make_engine(settings.resolved_database_url, settings))
    if args.once:
        print(f"Reminders sent or tried: {worker.run_once()}")
        return 0
    if args.metrics_port:
        from harbour import serving

        try:
            serving.serve_worker_metrics(settings, args.metrics_port)
        except serving.CannotServe as reason:
            raise Refused(str(reason)) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("The reminder worker is running (Ctrl+C to stop).")
    with contextlib.suppress(KeyboardInterrupt):
        worker.run_forever(stop, args.idle_seconds)
    return 0


def _backup_or_restore(settings: Settings, args: argparse.Namespace) -> int:
    from harbour import backup  # here, not above: only these two commands need it

    try:
        if args.command == "backup":
            backup.print_backup(settings, args.file)
        else:
            backup.print_restore(settings, args.file, args.replace, args.replace_keys)
    except backup.Refused as refused:
        raise Refused(str(refused)) from None
    return 0


def _openapi(_settings: Settings, _args: argparse.Namespace) -> int:
    """Print the API's OpenAPI document, keys sorted so the same code prints the same bytes:
    the front end's types are generated from it (`npm run api:types`)."""
    # Throwaway keys and an in-memory database: nothing is served, read or written.
    only_for_the_document = Settings(
        database_url="sqlite://",
        secret_key=secrets.token_urlsafe(),
        totp_keys=Fernet.generate_key().decode(),
        log_level="ERROR",
    )
    with contextlib.redirect_stdout(sys.stderr):  # any start-up log line is not the document
        document = create_app(only_for_the_document).openapi()
    print(json.dumps(document, indent=2, sort_keys=True))
    return 0


Command = Callable[[Settings, argparse.Namespace], int]

# By the name harbour.cli's parser gives each command as `run`.
COMMANDS: dict[str, Command] = {
    "serve": _serve,
    "worker": _worker,
    "migrate": _migrate,
    "content_load": _content_load,
    "demo": _demo,
    "council_create": _council_create,
    "council_oidc": _council_oidc,
    "staff_create": _staff_create,
    "staff_rekey_totp": _staff_rekey_totp,
    "backup": _backup_or_restore,
    "restore": _backup_or_restore,
    "openapi": _openapi,
}


def run(args: argparse.Namespace) -> int:
    """Run the command that harbour.cli read."""
    subscribe_all()  # demo loading publishes; the worker shares this process with serve
    try:
        settings = get_settings()
    except ValidationError as error:  # what is wrong and which setting, without a traceback
        print(f"Harbour's settings are not valid: {error}", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.run](settings, args)
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 1
