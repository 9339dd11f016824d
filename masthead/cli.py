"""`masthead`: a thin front for running the site and Django's management commands.

masthead demo [--port N] [--host H] [--data-dir DIR]   set up and serve a demo
masthead serve [--port N] [--host H] [--workers N] [--migrate]  production server
masthead worker                                        queued tasks, periodic jobs
masthead migrate                                       apply migrations (locked)
masthead backup DEST | restore SRC [--force]           database and media
masthead check                                         deploy checks, migrations
masthead manage COMMAND [ARGS...]                      any management command
masthead import SOURCE [--dry-run] [--json] [--publish] [--section SLUG]
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import socket
import subprocess
import sys

from masthead.settings import env

SETTINGS_MODULE = "masthead.settings.base"


def fail(message: str, code: int = 2) -> None:
    print(f"masthead: {message}", file=sys.stderr)
    raise SystemExit(code)


def setup_django() -> None:
    """Configure Django, turning a bad environment into one line, not a traceback."""
    # Writes to os.environ here and below hand values to Django settings and to
    # child processes; reads go through masthead.settings.env.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        fail(str(exc).splitlines()[0] if str(exc) else "settings are incomplete")


def ensure_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As the server will: connections lingering in TIME_WAIT from a previous run
        # must not count as "taken", only a live listener.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fail(
                    f"port {port} on {host} is taken; "
                    "stop what uses it or pass --port N",
                    1,
                )
            fail(f"cannot listen on {host}:{port}: {exc.strerror}", 1)


def run_manage(argv: list[str]) -> None:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["masthead manage", *argv])


def prepare_database_and_static(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from masthead.operations.upgrades import migrate_under_lock

    migrate_under_lock(verbosity=verbosity)
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists() or _static_sources_newer_than(manifest):
        print("Collecting static files (first run only)…", flush=True)
        call_command("collectstatic", interactive=False, verbosity=verbosity)


def _static_sources_newer_than(manifest) -> bool:
    from pathlib import Path

    package = Path(__file__).resolve().parent / "static"
    stamp = manifest.stat().st_mtime
    return any(
        path.stat().st_mtime > stamp for path in package.rglob("*") if path.is_file()
    )


def command_demo(args: argparse.Namespace) -> None:
    if args.data_dir:
        os.environ["MASTHEAD_DATA_DIR"] = os.path.abspath(args.data_dir)
    os.environ.setdefault("MASTHEAD_BASE_URL", f"http://{args.host}:{args.port}")
    ensure_port_free(args.host, args.port)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Masthead demo: data in {settings.DATA_DIR}", flush=True)
    print("Preparing the database…", flush=True)
    prepare_database_and_static()
    print("Loading demo content…", flush=True)
    call_command("load_demo", with_admin=True)
    base = f"http://{args.host}:{args.port}"
    print(f"\n  Site:  {base}/\n  Admin: {base}/admin/\n", flush=True)
    if args.no_serve:
        return
    # The demo runs its own worker, so queued emails and scheduled stories go out
    # without a second terminal.
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "masthead.cli",
            "manage",
            "run_worker",
            "--exit-with-parent",
        ]
    )
    try:
        serve(args.host, args.port, workers=1)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def command_serve(args: argparse.Namespace) -> None:
    if args.workers < 1 or (args.threads is not None and args.threads < 1):
        fail("--workers and --threads must be at least 1")
    if args.threads:
        os.environ["MASTHEAD_THREADS"] = str(args.threads)
    ensure_port_free(args.host, args.port)
    if args.workers > 1:
        # Before anything imports prometheus-client: the workers' metrics are summed
        # from files here (masthead.operations.metrics); stale ones are removed.
        metrics_dir = env.get_data_dir() / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir()
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    setup_django()
    refuse_to_serve_stale_build(migrate=args.migrate)
    serve(args.host, args.port, workers=args.workers)


def refuse_to_serve_stale_build(*, migrate: bool) -> None:
    """Stop with one line when the database or the static files do not match the
    code (every page would be a 500); ``--migrate`` applies migrations first."""
    from django.db import connections
    from django.db.utils import OperationalError

    from masthead.operations.upgrades import migrate_under_lock, reasons_not_to_serve

    try:
        if migrate:
            migrate_under_lock(verbosity=1)
        reasons = reasons_not_to_serve()
    except OperationalError as exc:
        fail(f"cannot reach the database: {str(exc).strip().splitlines()[0]}", 1)
    finally:
        # The server forks its workers next: no connection may be shared with them.
        for connection in connections.all(initialized_only=True):
            connection.close()
            if hasattr(connection, "close_pool"):
                connection.close_pool()
    if reasons:
        fail(f"not serving: {reasons[0]}", 1)


def command_migrate(args: argparse.Namespace) -> None:
    setup_django()
    from masthead.operations.upgrades import migrate_under_lock

    migrate_under_lock(verbosity=1)


def serve(host: str, port: int, *, workers: int) -> None:
    log_level = env.get_str("LOG_LEVEL", "info").lower()
    if workers > 1:
        from masthead.server import serve as serve_forked

        serve_forked(host, port, workers=workers, log_level=log_level)
        return
    import uvicorn

    uvicorn.run(
        "masthead.asgi:application",
        host=host,
        port=port,
        lifespan="off",
        proxy_headers=True,
        forwarded_allow_ips=env.get_str("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        server_header=False,
        log_level=log_level,
    )


def command_import(args: argparse.Namespace) -> None:
    forwarded = ["import_articles", args.source]
    for flag in ("dry_run", "json", "publish", "no_images"):
        if getattr(args, flag):
            forwarded.append("--" + flag.replace("_", "-"))
    if args.section:
        forwarded += ["--section", args.section]
    run_manage(forwarded)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="masthead", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="set up a demo newsroom and serve it")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", help="where the database and media live")
    demo.add_argument("--no-serve", action="store_true", help="set up, then exit")
    demo.set_defaults(handler=command_demo)

    serve_cmd = commands.add_parser("serve", help="serve the site in production")
    serve_cmd.add_argument("--host", default=env.get_str("MASTHEAD_HOST", "127.0.0.1"))
    serve_cmd.add_argument(
        "--port", type=int, default=env.get_int("MASTHEAD_PORT", 8000)
    )
    serve_cmd.add_argument(
        "--workers",
        type=int,
        default=env.get_int("MASTHEAD_WORKERS", 0) or os.cpu_count() or 1,
        help="worker processes (default: one per core)",
    )
    serve_cmd.add_argument(
        "--threads",
        type=int,
        help="threads per worker for uncached pages (default 4, MASTHEAD_THREADS)",
    )
    serve_cmd.add_argument(
        "--migrate",
        action="store_true",
        help="apply pending migrations first (one instance at a time)",
    )
    serve_cmd.set_defaults(handler=command_serve)

    migrate = commands.add_parser(
        "migrate", help="apply database migrations (safe to run from every instance)"
    )
    migrate.set_defaults(handler=command_migrate)

    worker = commands.add_parser(
        "worker", help="run queued tasks and periodic jobs (scheduled publishing, …)"
    )
    worker.set_defaults(handler=lambda args: run_manage(["run_worker"]))

    import_cmd = commands.add_parser(
        "import",
        help="import stories from a file (.txt/.html/WXR .xml/.rss/.atom) or URL",
    )
    import_cmd.add_argument("source")
    import_cmd.add_argument("--dry-run", action="store_true")
    import_cmd.add_argument("--json", action="store_true")
    import_cmd.add_argument("--publish", action="store_true")
    import_cmd.add_argument("--section", metavar="SLUG")
    import_cmd.add_argument("--no-images", action="store_true")
    import_cmd.set_defaults(handler=command_import)

    backup = commands.add_parser(
        "backup", help="back up the database and media to DEST (a file or folder)"
    )
    backup.add_argument("destination", metavar="DEST")
    backup.set_defaults(
        handler=lambda args: run_manage(["backup_site", args.destination])
    )

    restore = commands.add_parser(
        "restore", help="restore a backup into an empty database (stop the site first)"
    )
    restore.add_argument("source", metavar="SRC")
    restore.add_argument("--force", action="store_true", help="replace what is there")
    restore.add_argument("--verify-only", action="store_true")
    restore.set_defaults(
        handler=lambda args: run_manage(
            ["restore_site", args.source]
            + ["--force"] * args.force
            + ["--verify-only"] * args.verify_only
        )
    )

    check = commands.add_parser(
        "check", help="run Django's deployment checks; fails on pending migrations"
    )
    check.set_defaults(handler=lambda args: run_manage(["check", "--deploy"]))

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=lambda args: run_manage(args.arguments))
    return parser


def main(argv: list[str] | None = None) -> None:
    try:
        parser = build_parser()  # defaults come from the environment
    except env.SettingsError as exc:
        fail(str(exc))
    args = parser.parse_args(argv)
    if (
        getattr(args, "port", 1) is not None
        and not 0 < getattr(args, "port", 1) < 65536
    ):
        fail("--port must be between 1 and 65535")
    args.handler(args)


if __name__ == "__main__":
    main()
