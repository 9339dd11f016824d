"""The manifest checks a restore makes before it touches anything (pure)."""

from __future__ import annotations

import pytest

from masthead.backups.services.manifest import (
    FORMAT,
    FORMAT_VERSION,
    BackupError,
    check_manifest,
    is_safe_media_name,
)

KNOWN = {("core", "0001_initial"), ("contact", "0001_initial")}


def manifest(**changes):
    base = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "database": {"vendor": "sqlite", "file": "database.sqlite3", "sha256": "x"},
        "migrations": [["core", "0001_initial"]],
        "files": {"media/original_images/a.jpg": {"sha256": "y", "size": 1}},
        "counts": {},
    }
    return {**base, **changes}


def test_a_backup_of_this_site_passes():
    check_manifest(manifest(), vendor="sqlite", known_migrations=KNOWN)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"format": "something-else"}, "not a Masthead backup"),
        ({"format_version": 99}, "format version 99"),
        (
            {"database": {"vendor": "postgresql", "file": "database.dump"}},
            "holds a postgresql database",
        ),
        ({"migrations": [["core", "0099_future"]]}, "newer Masthead"),
        ({"files": {"media/../../etc/passwd": {"sha256": "", "size": 0}}}, "unsafe"),
        ({"files": {"database.sqlite3x": {"sha256": "", "size": 0}}}, "unsafe"),
    ],
)
def test_a_foreign_or_newer_backup_is_refused(changes, message):
    with pytest.raises(BackupError, match=message):
        check_manifest(manifest(**changes), vendor="sqlite", known_migrations=KNOWN)


def test_a_list_is_not_a_manifest():
    with pytest.raises(BackupError, match="not a Masthead backup"):
        check_manifest([], vendor="sqlite", known_migrations=KNOWN)


@pytest.mark.parametrize(
    "name, safe",
    [
        ("original_images/a.jpg", True),
        ("images/a.fill-100x100.jpg", True),
        ("../a.jpg", False),
        ("/etc/passwd", False),
        ("a/../../b", False),
        ("a//b", False),
        ("", False),
    ],
)
def test_media_names_stay_inside_the_media_folder(name, safe):
    assert is_safe_media_name(name) is safe
