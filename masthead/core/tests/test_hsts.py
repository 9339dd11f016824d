"""HSTS lasts a year in production, and `masthead check` fails below it."""

from __future__ import annotations

import pytest

from masthead.core.checks import ONE_YEAR_SECONDS, check_hsts_lasts_a_year
from masthead.core.tests.test_settings_env import run_masthead

PRODUCTION = {
    "MASTHEAD_ENV": "production",
    "SECRET_KEY": "k3Jf9-production-secret-key-for-checks-only-Qz81LmW7pXv2Rt",
    "ALLOWED_HOSTS": "news.example.org",
}


def test_production_hsts_is_a_year_and_subdomains_are_configurable(tmp_path):
    result = run_masthead(
        [
            "manage",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)",
        ],
        tmp_path,
        MASTHEAD_HSTS_INCLUDE_SUBDOMAINS="true",
        **PRODUCTION,
    )
    assert result.stdout.split() == [str(ONE_YEAR_SECONDS), "True"], result.stderr


def test_masthead_check_fails_below_a_year_behind_https(tmp_path):
    # Only the security-tagged deploy checks: no database needed.
    args = ["manage", "check", "--deploy", "--tag", "security"]
    short = run_masthead(args, tmp_path, MASTHEAD_HSTS_SECONDS="3600", **PRODUCTION)
    assert short.returncode != 0
    assert "masthead.E001" in short.stderr and "3600 seconds" in short.stderr
    default = run_masthead(args, tmp_path, **PRODUCTION)  # one year by default
    assert default.returncode == 0, default.stdout + default.stderr
    assert "masthead.E001" not in default.stdout + default.stderr


@pytest.mark.parametrize(
    "https, seconds, failing",
    [
        (True, 3600, True),
        (True, 0, True),
        (True, ONE_YEAR_SECONDS, False),
        (True, 2 * ONE_YEAR_SECONDS, False),
        (False, 0, False),  # embedded mode over plain HTTP: no HSTS to judge
    ],
)
def test_the_check_judges_hsts_only_when_https_is_assumed(
    settings, https, seconds, failing
):
    settings.SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if https else None
    )
    settings.SECURE_SSL_REDIRECT = https
    settings.SESSION_COOKIE_SECURE = https
    settings.SECURE_HSTS_SECONDS = seconds
    errors = check_hsts_lasts_a_year()
    assert [error.id for error in errors] == (["masthead.E001"] if failing else [])
