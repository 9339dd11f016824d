"""The database part of a backup: one consistent snapshot, its row counts and its
migration state, for PostgreSQL (``pg_dump`` custom format) and SQLite (the online
backup API)."""

from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections

from masthead.settings import env

from .manifest import BackupError


@dataclass
class DatabaseSnapshot:
    counts: dict[str, int]
    migrations: list[tuple[str, str]]


def database_vendor(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def tables_to_count() -> list[str]:
    """Every table Masthead's models (and the apps it uses) keep rows in."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def is_database_empty(using: str = "default") -> bool:
    return not connections[using].introspection.table_names()


def count_rows(cursor, existing: set[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables_to_count():
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def count_rows_in(using: str = "default") -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        return count_rows(cursor, existing, connection.ops.quote_name)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dump_database(*, target: Path, using: str = "default") -> DatabaseSnapshot:
    """Write the database to ``target``, with counts and migrations read from the
    very same snapshot (rows written meanwhile are in neither)."""
    if database_vendor(using) == "postgresql":
        return _dump_postgresql(target, using)
    return _dump_sqlite(target, using)


def restore_database(*, source: Path, using: str = "default", force: bool) -> None:
    """Load ``source`` into the database; with ``force``, what is there goes first."""
    connection = connections[using]
    connection.close()
    if database_vendor(using) == "postgresql":
        _restore_postgresql(source, using, force=force)
    else:
        _restore_sqlite(source, using)
    connection.close()


# PostgreSQL --------------------------------------------------------------------------


def _pg_arguments(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    extra = {"PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        extra["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env.get_child_environment(**extra)


def _pg_connect(settings_dict: dict):
    import psycopg

    return psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        connect_timeout=10,
    )


def _run(command: list[str], child_env: dict[str, str]) -> None:
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, no shell
            command, env=child_env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)"
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{command[0]} failed: {lines[0] if lines else 'no output'}")


def _dump_postgresql(target: Path, using: str) -> DatabaseSnapshot:
    settings_dict = connections[using].settings_dict
    args, child_env = _pg_arguments(settings_dict)
    with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        # The exported snapshot is what pg_dump sees too; it lives as long as
        # this transaction stays open.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *args,
                settings_dict["NAME"],
            ],
            child_env,
        )
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        existing = {row[0] for row in cursor.fetchall()}
        counts = count_rows(cursor, existing, _quote)
        migrations = _read_migrations(cursor, existing)
        conn.rollback()
    return DatabaseSnapshot(counts=counts, migrations=migrations)


def _restore_postgresql(source: Path, using: str, *, force: bool) -> None:
    settings_dict = connections[using].settings_dict
    connection = connections[using]
    if hasattr(connection, "close_pool"):  # PostgreSQL with a connection pool
        connection.close_pool()
    if force:
        with _pg_connect(settings_dict) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    args, child_env = _pg_arguments(settings_dict)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            *args,
            str(source),
        ],
        child_env,
    )


# SQLite ------------------------------------------------------------------------------


def _dump_sqlite(target: Path, using: str) -> DatabaseSnapshot:
    connection = connections[using]
    if connection.in_atomic_block:
        # SQLite's backup would wait forever on this connection's own write lock.
        raise BackupError("a backup cannot run inside a database transaction")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) under one read lock: a consistent copy even while
        # other connections write.
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {row[0] for row in cursor.fetchall()}
        counts = count_rows(cursor, existing, _quote)
        migrations = _read_migrations(cursor, existing)
    finally:
        copy.close()
    return DatabaseSnapshot(counts=counts, migrations=migrations)


def _restore_sqlite(source: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    backup = sqlite3.connect(source)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


def _read_migrations(cursor, existing: set[str]) -> list[tuple[str, str]]:
    if "django_migrations" not in existing:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [(app, name) for app, name in cursor.fetchall()]
