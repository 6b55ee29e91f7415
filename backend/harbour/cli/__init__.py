"""The `harbour` command line. This module only reads it, so `harbour --help` and a mistyped
command answer at once: what the commands need (the app, the database) is imported with
harbour.cli.commands once a command is chosen."""

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from harbour.tenants.roles import StaffRole

DESCRIPTION = """`harbour serve | worker | migrate | content load PATH | demo | council ... |
staff create | backup FILE | restore FILE | openapi`: the operator's commands."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="harbour", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API and the app")
    serve.add_argument("--host", help="default: HARBOUR_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: HARBOUR_PORT or 8000")
    serve.add_argument(
        "--workers", type=int, help="processes (PostgreSQL only); default: HARBOUR_WORKERS or 1"
    )
    serve.set_defaults(run="serve")
    worker = commands.add_parser("worker", help="send due reminders (web push)")
    worker.add_argument("--once", action="store_true", help="one pass, then exit")
    worker.add_argument(
        "--idle-seconds", type=float, default=5.0, help="wait between passes (default 5)"
    )
    worker.add_argument(
        "--metrics-port", type=int, help="serve its metrics here (HARBOUR_METRICS_HOST)"
    )
    worker.set_defaults(run="worker")
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        run="migrate"
    )
    content = commands.add_parser("content", help="council content packs").add_subparsers(
        dest="content_command", required=True
    )
    load = content.add_parser("load", help="check and load content pack files")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--check", action="store_true", help="only check; change nothing")
    load.add_argument(
        "--force",
        action="store_true",
        help="load even over changes made in the app's editor (they are lost)",
    )
    load.set_defaults(run="content_load")
    commands.add_parser("demo", help="load the demo councils into an empty database").set_defaults(
        run="demo"
    )
    _council_commands(commands)
    _staff_commands(commands)
    _backup_commands(commands)
    commands.add_parser(
        "openapi", help="print the API's OpenAPI document (JSON), without a server"
    ).set_defaults(run="openapi")
    return parser


def _council_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    council = commands.add_parser("council", help="councils (operator only)").add_subparsers(
        dest="council_command", required=True
    )
    create = council.add_parser("create", help="add a council")
    create.add_argument("--slug", required=True, help="short id, e.g. northdale")
    create.add_argument("--name", required=True, help="e.g. 'Northdale Council'")
    create.add_argument("--time-zone", default="Europe/London")
    create.set_defaults(run="council_create")
    oidc = council.add_parser("oidc", help="let a council's staff sign in with its provider")
    oidc.add_argument("slug")
    oidc.add_argument("--issuer", required=True, help="must equal the ID tokens' iss")
    oidc.add_argument("--metadata-url", help="default: ISSUER/.well-known/openid-configuration")
    oidc.add_argument("--client-id", required=True)
    oidc.add_argument("--client-secret-env", help="read the secret from this variable")
    oidc.add_argument("--role-claim", help="a claim naming roles, e.g. roles")
    oidc.add_argument(
        "--role-map",
        nargs="*",
        default=[],
        metavar="VALUE=ROLE",
        help=f"claim value to role; roles: {', '.join(StaffRole)}",
    )
    oidc.set_defaults(run="council_oidc")


def _staff_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    staff = commands.add_parser("staff", help="staff accounts").add_subparsers(
        dest="staff_command", required=True
    )
    create = staff.add_parser("create", help="add a local staff account (the first admin)")
    create.add_argument("--council", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--username", required=True)
    create.add_argument("--role", default="council_admin", choices=[r.value for r in StaffRole])
    create.add_argument("--passphrase-env", help="read the passphrase from this variable")
    create.set_defaults(run="staff_create")
    staff.add_parser(
        "rekey-totp", help="encrypt every TOTP secret again with the newest key"
    ).set_defaults(run="staff_rekey_totp")


def _backup_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    backup = commands.add_parser("backup", help="back up the database and its keys (0600 file)")
    backup.add_argument("file", type=Path, help="a new file, e.g. harbour-2026-12-05.tar.gz")
    backup.set_defaults(run="backup")
    restore = commands.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--replace",
        action="store_true",
        help="SQLite only: restore over a database that has data (it is kept aside)",
    )
    restore.add_argument(
        "--replace-keys",
        action="store_true",
        help="use the backup's keys where data_dir has different ones (they are kept aside)",
    )
    restore.set_defaults(run="restore")


@contextmanager
def _collector_waits() -> Iterator[None]:
    """The cyclic garbage collector waits while the commands and the app load: the import
    makes hundreds of thousands of objects that live as long as the process, none of them
    garbage, and collecting among them took a third of the import's time. Frozen once loaded,
    so later collections pass them by too."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    loaded = "harbour.cli.commands" in sys.modules  # in a test: nothing to gain, or to freeze
    with nullcontext() if loaded else _collector_waits():
        from harbour.cli import commands  # here, not above: see this module's docstring
    return commands.run(args)
