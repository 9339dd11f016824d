"""Settings from the environment: typed readers, and start-up errors as one line."""

import os
import stat
import subprocess
import sys

import pytest

from masthead.settings import env


@pytest.fixture
def environ(monkeypatch):
    def set_vars(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_vars


@pytest.mark.parametrize(
    "url",
    ["mysql://u@h/db", "not a url", "postgres//missing-colon", "://", "ftp://x/y"],
)
def test_unusable_database_url_names_the_variable(environ, url):
    environ(DATABASE_URL=url)
    with pytest.raises(env.SettingsError, match="DATABASE_URL"):
        env.get_database_url("sqlite:///x.db")


def test_postgres_database_url_selects_postgresql(environ):
    environ(DATABASE_URL="postgres://newsroom:pw@db.internal:5433/masthead")
    config = env.get_database_url("sqlite:///x.db")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.internal",
        5433,
        "masthead",
    )


def test_postgres_url_without_database_name_is_refused(environ):
    environ(DATABASE_URL="postgres://u@host:5432/")
    with pytest.raises(env.SettingsError, match="names no database"):
        env.get_database_url("sqlite:///x.db")


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_bad_boolean_names_the_variable(environ, value):
    environ(DEBUG=value)
    with pytest.raises(env.SettingsError, match="DEBUG must be one of"):
        env.get_bool("DEBUG")


def test_bad_redis_url_names_the_variable(environ):
    environ(REDIS_URL="http://cache:6379")
    with pytest.raises(env.SettingsError, match="REDIS_URL"):
        env.get_redis_url()


def test_email_url_selects_smtp_and_default_is_the_outbox(environ, tmp_path):
    assert env.get_email_config(tmp_path)["EMAIL_BACKEND"] == (
        "masthead.core.mail.OutboxFileBackend"
    )
    environ(EMAIL_URL="smtp://user:secret@mail.internal:2525")
    config = env.get_email_config(tmp_path)
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.internal", 2525)
    environ(EMAIL_URL="gopher://x")
    with pytest.raises(env.SettingsError, match="EMAIL_URL"):
        env.get_email_config(tmp_path)


def test_generated_secret_key_is_kept_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.get_secret_key(tmp_path, required=False)
    assert env.get_secret_key(tmp_path, required=False) == first
    assert len(first) >= 50
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_production_requires_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(env.SettingsError, match="SECRET_KEY must be set"):
        env.get_secret_key(tmp_path, required=True)


def run_masthead(args, tmp_path, **extra_env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    environment.update(MASTHEAD_DATA_DIR=str(tmp_path), **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "masthead.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL must start with postgres://"),
        ({"DEBUG": "perhaps"}, "DEBUG must be one of"),
        ({"MASTHEAD_ENV": "staging"}, "MASTHEAD_ENV must be one of"),
        ({"MASTHEAD_ENV": "production"}, "SECRET_KEY must be set"),
    ],
)
def test_bad_environment_stops_start_up_with_one_clear_line(
    tmp_path, variables, message
):
    result = run_masthead(["manage", "check"], tmp_path, **variables)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith("masthead: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_djangos_deploy_checks(tmp_path):
    production = {
        "MASTHEAD_ENV": "production",
        "SECRET_KEY": "k3Jf9-production-secret-key-for-checks-only-Qz81LmW7pXv2Rt",
        "ALLOWED_HOSTS": "news.example.org",
        "MASTHEAD_HSTS_SECONDS": "31536000",
    }
    # `masthead check` also fails on an unmigrated database (issue 16).
    migrated = run_masthead(["migrate"], tmp_path, **production)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    result = run_masthead(["check"], tmp_path, **production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr
