"""Whole-project checks: lint, format, migrations, and that the backends are real."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args):
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True)


def test_code_passes_ruff_lint():
    result = ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_ruff_formatted():
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_suite_runs_on_the_backends_the_environment_asks_for():
    """CI's second pass must not quietly fall back to the embedded backends."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    if not os.environ.get("MASTHEAD_REQUIRE_SERVICES"):
        assert connection.vendor == "sqlite"
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        return
    import redis

    assert connection.vendor == "postgresql"
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    cache.set("masthead-ci-probe", "ok", 30)
    assert cache.get("masthead-ci-probe") == "ok"
