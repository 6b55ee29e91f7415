"""`harbour serve | migrate | content load PATH | demo`: the operator's commands."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import uvicorn
from sqlmodel import Session, select

from harbour import migrate
from harbour.config import Settings, get_settings
from harbour.content import PackError, load_pack, read_pack
from harbour.db import make_engine
from harbour.errors import ApiError
from harbour.tenants.models import Tenant


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    migrate.upgrade_to_head(settings.resolved_database_url)
    print("Database is up to date.")
    return 0


def _load_packs(settings: Settings, paths: list[Path], check_only: bool) -> int:
    failed = 0
    engine = make_engine(settings.resolved_database_url)
    for path in paths:
        try:
            if check_only:
                pack, _ = read_pack(path)
                print(f"{path}: OK ({pack.council.slug}, version {pack.version})")
                continue
            with Session(engine) as session:
                result = load_pack(session, path)
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
    return _load_packs(settings, args.paths, args.check)


def _demo(settings: Settings, _args: argparse.Namespace) -> int:
    """Load the demo councils' packs, only into an empty database."""
    with Session(make_engine(settings.resolved_database_url)) as session:
        if session.exec(select(Tenant)).first() is not None:
            print("Demo data: the database already has councils; leaving it as it is.")
            return 0
    return _load_packs(settings, sorted(settings.content_dir.glob("*.yaml")), check_only=False)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    host, port = args.host or settings.host, args.port or settings.port
    print(f"Harbour is running. Open http://{host}:{port}/ (Ctrl+C to stop). Councils:")
    with Session(make_engine(settings.resolved_database_url)) as session:
        for council in session.exec(select(Tenant).order_by(Tenant.name)):
            print(f"  {council.name}: http://{host}:{port}/c/{council.slug}")
    uvicorn.run(
        "harbour.app:create_app",
        factory=True,
        host=host,
        port=port,
        access_log=False,
        proxy_headers=True,
        log_level="warning",
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="harbour", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API and the app")
    serve.add_argument("--host", help="default: HARBOUR_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: HARBOUR_PORT or 8000")
    serve.set_defaults(run=_serve)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        run=_migrate
    )
    content = commands.add_parser("content", help="council content packs").add_subparsers(
        dest="content_command", required=True
    )
    load = content.add_parser("load", help="check and load content pack files")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--check", action="store_true", help="only check; change nothing")
    load.set_defaults(run=_content_load)
    commands.add_parser("demo", help="load the demo councils into an empty database").set_defaults(
        run=_demo
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run: Callable[[Settings, argparse.Namespace], int] = args.run
    return run(get_settings(), args)


if __name__ == "__main__":
    sys.exit(main())
