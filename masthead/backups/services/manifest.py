"""The manifest of a backup and the checks a restore makes on it. Pure: no models."""

from __future__ import annotations

import hashlib
import posixpath
from typing import IO, Any

FORMAT = "masthead-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup cannot be written, or a file is not a backup this site can restore.

    The message is one line an operator can act on."""


class HashingReader:
    """Wraps a binary file: what is read through it is counted and hashed."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        return self.sha256.hexdigest()


def hash_stream(stream: IO[bytes], chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    while data := stream.read(chunk):
        digest.update(data)
    return digest.hexdigest()


def is_safe_media_name(name: str) -> bool:
    """A storage name that stays inside the media folder (no ``..``, not absolute)."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    normal = posixpath.normpath(name)
    return normal == name and not normal.startswith("..")


def check_manifest(
    manifest: Any, *, vendor: str, known_migrations: set[tuple[str, str]]
) -> None:
    """Raise :class:`BackupError` unless ``manifest`` describes a Masthead backup
    this installation (database ``vendor``, these migrations) can restore."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a Masthead backup (no Masthead manifest)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format version {manifest.get('format_version')!r} is not "
            f"supported (this Masthead reads version {FORMAT_VERSION})"
        )
    database = manifest.get("database") or {}
    if database.get("vendor") != vendor:
        raise BackupError(
            f"the backup holds a {database.get('vendor')} database; "
            f"this site uses {vendor}"
        )
    applied = {tuple(pair) for pair in manifest.get("migrations", [])}
    unknown = sorted(applied - known_migrations)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"the backup comes from a newer Masthead ({len(unknown)} unknown "
            f"migrations, e.g. {app}.{name}): upgrade first"
        )
    for name in manifest.get("files", {}):
        if not name.startswith(MEDIA_PREFIX) or not is_safe_media_name(
            name.removeprefix(MEDIA_PREFIX)
        ):
            raise BackupError(f"the backup names an unsafe file: {name!r}")


def expected_members(manifest: dict) -> dict[str, str]:
    """Archive member name → sha256, for every file the manifest lists."""
    database = manifest["database"]
    members = {database["file"]: database["sha256"]}
    members.update(
        {name: entry["sha256"] for name, entry in manifest.get("files", {}).items()}
    )
    return members
