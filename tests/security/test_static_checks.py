"""Static checks: bandit over the package, and the minimum safe versions.

bandit must report nothing beyond ``EXPLAINED``: each entry is a (file, test)
pair that was read and found safe, with the reason (the line itself also carries
a ruff ``noqa: S…`` comment saying the same). A new finding, or one more of the
same kind in a file, fails until someone reads it and either fixes the code or
explains it here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from masthead.core import safe_versions

ROOT = Path(__file__).resolve().parents[2]

# (file, bandit test id) → (how many, why it is safe)
EXPLAINED = {
    ("masthead/articles/blocks/raw_html.py", "B308"): (4, "mark_safe of nh3 output"),
    ("masthead/articles/blocks/raw_html.py", "B703"): (4, "the same four lines"),
    ("masthead/articles/snapshots.py", "B308"): (
        3,
        "fragments rendered by Django's autoescaping templates, stored and reused",
    ),
    ("masthead/articles/snapshots.py", "B703"): (3, "the same three lines"),
    ("masthead/articles/templatetags/articles_tags.py", "B308"): (
        1,
        "JSON-LD from dumps_for_script, which escapes <, > and &",
    ),
    ("masthead/articles/templatetags/articles_tags.py", "B703"): (1, "same line"),
    ("masthead/search/views.py", "B308"): (1, "highlight() escapes before marking"),
    ("masthead/search/views.py", "B703"): (1, "same line"),
    ("masthead/search/services.py", "B608"): (
        1,
        "only a fixed column expression is formatted in; words are parameters",
    ),
    ("masthead/search/services.py", "B611"): (1, "RawSQL with parameters, same"),
    ("masthead/readership/services.py", "B608"): (
        1,
        "table name from the model's _meta; values are parameters",
    ),
    ("masthead/backups/services/database.py", "B608"): (
        1,
        "table names from the database's own catalogue, quoted by the backend",
    ),
    ("masthead/backups/services/database.py", "B404"): (
        1,
        "pg_dump/pg_restore run with an argument list, never a shell",
    ),
    ("masthead/backups/services/database.py", "B603"): (1, "same: no shell"),
    ("masthead/cli.py", "B404"): (1, "the CLI starts its own commands, no shell"),
    ("masthead/cli.py", "B603"): (1, "same: argument list, no shell"),
    ("masthead/demo/archive.py", "B311"): (
        3,
        "random for made-up demo stories, not for anything secret",
    ),
    ("masthead/demo/pictures.py", "B311"): (1, "random colours for demo photos"),
    ("masthead/demo/archive_rows.py", "B608"): (
        3,
        "bulk inserts for the demo archive: table names from models, values "
        "are parameters",
    ),
    ("masthead/feeds/sitemaps.py", "B405"): (
        1,
        "ElementTree only builds and writes sitemaps; nothing is parsed",
    ),
    ("masthead/ingest/parsers/wxr.py", "B405"): (
        1,
        "the Element type only; parsing goes through defusedxml",
    ),
    ("masthead/home/models.py", "B611"): (
        1,
        "RawSQL of Django's own compiled queryset SQL and its parameters",
    ),
    ("masthead/ingest/parsers/wire.py", "B405"): (
        2,
        "Element type and tostring (writing) only; parsing goes through defusedxml",
    ),
    ("masthead/settings/base.py", "B105"): (
        4,
        "rate-limit strings ('5/m/user') under keys named like passwords",
    ),
    ("masthead/comments/text.py", "B308"): (
        1,
        "every piece of reader text is escaped; links are http(s) hrefs, escaped",
    ),
    ("masthead/comments/text.py", "B703"): (1, "the same line"),
    ("masthead/ingest/parsers/newsml_packages.py", "B405"): (
        1,
        "the Element type only; parsing goes through defusedxml (wire.py)",
    ),
    ("masthead/newsletters/services/sending.py", "B106"): (
        2,
        "claim_token= is a random per-delivery claim id, not a password",
    ),
    ("masthead/newsletters/views/webhooks.py", "B107"): (
        1,
        "an empty URL token means: read the header; a wrong or empty one is refused",
    ),
}


def run_bandit() -> list[dict]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-c",
            "pyproject.toml",
            "-r",
            "masthead",
            "-q",
            "-f",
            "json",
        ],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert not report["errors"], report["errors"]
    return report["results"]


def test_bandit_finds_nothing_unexplained():
    findings = Counter(
        (item["filename"].removeprefix("./"), item["test_id"]) for item in run_bandit()
    )
    unexplained = {
        key: count
        for key, count in findings.items()
        if count > EXPLAINED.get(key, (0, ""))[0]
    }
    assert not unexplained, (
        "bandit findings nobody has read yet (fix the code, or explain them in "
        f"EXPLAINED with the reason): {unexplained}"
    )
    # Never scanned: the tests (asserts, fixed passwords) and the migrations.
    assert not any("/tests/" in path or "/migrations/" in path for path, _ in findings)


def test_installed_versions_are_at_or_above_the_safe_minimums():
    assert safe_versions.find_outdated() == []
    packages = {floor.package.lower() for floor in safe_versions.MINIMUM_SAFE_VERSIONS}
    assert packages == {"django", "wagtail", "django-allauth", "pillow", "nh3"}


@pytest.mark.parametrize(
    ("older", "newer"),
    [("5.2.8", "5.2.9"), ("8.0rc2", "8.0"), ("65.9", "65.14.2"), ("11.2.1", "11.3")],
)
def test_versions_compare_as_numbers(older, newer):
    assert safe_versions.version_tuple(older) < safe_versions.version_tuple(newer)
    assert safe_versions.version_tuple("8.0.0") == safe_versions.version_tuple("8.0")


def test_masthead_check_fails_below_a_floor(monkeypatch):
    """The deploy check reports a package under its floor (a floor raised above
    what is installed stands in for an old install)."""
    too_high = safe_versions.Floor("nh3", "999.0", "a made-up advisory")
    monkeypatch.setattr(safe_versions, "MINIMUM_SAFE_VERSIONS", (too_high,))
    errors = safe_versions.check_minimum_safe_versions()
    assert [e.id for e in errors] == ["masthead.E017"]
    assert "nh3" in errors[0].msg and "made-up advisory" in errors[0].msg
    with pytest.raises(SystemCheckError, match="masthead.E017"):
        call_command("check", "--deploy", "--tag", "masthead_versions")
