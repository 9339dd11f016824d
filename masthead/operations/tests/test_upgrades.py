"""Upgrades: locked migrations, and serve/check refusing a database or static build
that does not match the code. Each test runs ``masthead`` in child processes on a
fresh data directory (SQLite) or a fresh PostgreSQL database."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from .helpers import database_url, masthead_env, start_masthead

PRODUCTION = {
    "MASTHEAD_ENV": "production",
    "SECRET_KEY": "k3Jf9-production-secret-key-for-checks-only-Qz81LmW7pXv2Rt",
    "ALLOWED_HOSTS": "news.example.org,localhost",
    "MASTHEAD_HSTS_SECONDS": "31536000",
}


def run_masthead(args, environment, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "masthead.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def fresh_database(tmp_path, django_db_blocker):
    """A database nothing has migrated: on the PostgreSQL pass a new database on
    the same server (dropped afterwards), else SQLite in a new data dir."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield {}
        return
    name = f"masthead_fresh_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield {"DATABASE_URL": database_url(connection.settings_dict, name=name)}
    finally:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_two_instances_migrating_at_once_both_succeed(tmp_path, fresh_database):
    environment = masthead_env(tmp_path, **fresh_database)
    first = start_masthead(["migrate"], environment, tmp_path / "first.log")
    second = start_masthead(["migrate"], environment, tmp_path / "second.log")
    assert first.wait(600) == 0, (tmp_path / "first.log").read_text()
    assert second.wait(600) == 0, (tmp_path / "second.log").read_text()
    result = run_masthead(["check"], {**environment, **PRODUCTION})
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_fails_on_a_database_that_is_not_migrated(tmp_path):
    result = run_masthead(["check"], masthead_env(tmp_path, **PRODUCTION))
    assert result.returncode != 0
    assert "operations.E001" in result.stderr
    assert "masthead migrate" in result.stderr


def test_serve_refuses_pending_migrations_with_one_line(tmp_path):
    result = run_masthead(["serve", "--workers=1"], masthead_env(tmp_path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("masthead: not serving: ")
    assert "migrations are pending" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_migrate_then_refuses_a_missing_static_manifest(tmp_path):
    result = run_masthead(
        ["serve", "--workers=1", "--migrate"], masthead_env(tmp_path, **PRODUCTION)
    )
    assert result.returncode == 1, result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("masthead: not serving: the static files manifest is missing")
    ), result.stderr


def test_an_empty_database_answers_503_not_500(tmp_path):
    """Before `masthead migrate`: the front page says so with a 503, /healthz is
    alive and /readyz says why it is not ready."""
    code = (
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False, HTTP_HOST='localhost')\n"
        "print(c.get('/').status_code, c.get('/healthz').status_code,"
        " c.get('/readyz').status_code, c.get('/readyz').json()['checks']"
        "['migrations']['error'])\n"
    )
    result = run_masthead(["manage", "shell", "-c", code], masthead_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 200 503 migrations pending"
