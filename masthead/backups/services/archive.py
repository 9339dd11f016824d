"""Writing, verifying and restoring one backup file (a tar archive).

Layout: the database (``database.dump`` or ``database.sqlite3``), ``media/…``, and
``manifest.json`` last (it carries every other member's sha256). The archive is
written under a temporary name beside the destination and renamed only when
complete, so a full disk or a crash never leaves a file that looks like a backup.
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import secrets
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.db import connections
from django.db.migrations.loader import MigrationLoader

from . import database, media
from .manifest import (
    DATABASE_FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    BackupError,
    HashingReader,
    check_manifest,
    expected_members,
    hash_stream,
)
from .queue import settle_queue_after_restore

Report = Callable[[str], object]


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    queue: dict[str, int] = field(default_factory=dict)

    def differences(self) -> dict[str, tuple[int, int]]:
        """Tables whose restored row count differs from the manifest's."""
        expected = self.manifest["counts"]
        return {
            table: (count, self.counts.get(table, 0))
            for table, count in expected.items()
            if self.counts.get(table, 0) != count
        }


def masthead_version() -> str:
    try:
        return version("masthead")
    except PackageNotFoundError:
        return "unknown"


def default_backup_name(now: datetime.datetime) -> str:
    return f"masthead-backup-{now:%Y%m%dT%H%M%SZ}.tar"


def _describe_os_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"no space left on the disk holding {path.parent}"
    return f"cannot write {path}: {exc.strerror or exc}"


def create_backup(
    *, destination: Path, using: str = "default", report: Report = lambda _: None
) -> Path:
    """Back up the database and media to ``destination`` (a file, or a folder to
    put a dated file in) and return the file's path.

    Raises :class:`BackupError` (nothing left behind) when the folder is missing
    or unwritable, the disk fills up, or ``pg_dump`` fails.
    """
    now = datetime.datetime.now(datetime.UTC)
    destination = Path(destination).expanduser()
    if destination.is_dir():
        destination = destination / default_backup_name(now)
    folder = destination.parent
    if not folder.is_dir():
        raise BackupError(f"folder {folder} does not exist")
    if destination.exists():
        raise BackupError(f"{destination} exists already; choose another name")
    vendor = database.database_vendor(using)
    partial = folder / f".{destination.name}.partial-{secrets.token_hex(4)}"
    try:
        work = Path(tempfile.mkdtemp(prefix=".masthead-backup-", dir=folder))
    except OSError as exc:
        raise BackupError(_describe_os_error(destination, exc)) from None
    try:
        db_file = work / DATABASE_FILES[vendor]
        report(f"Dumping the {vendor} database…")
        snapshot = database.dump_database(target=db_file, using=using)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "masthead_version": masthead_version(),
            "created_at": now.isoformat(),
            "database": {"vendor": vendor, "file": db_file.name},
            "counts": snapshot.counts,
            "migrations": snapshot.migrations,
            "files": {},
        }
        with tarfile.open(partial, "w") as archive:
            with db_file.open("rb") as raw:
                manifest["database"]["sha256"] = _add(archive, db_file.name, raw)
            db_file.unlink()  # the space is needed for the media
            storage = media.media_storage()
            report("Copying media…")
            for name in media.list_media(storage):
                try:
                    stored = storage.open(name, "rb")
                except FileNotFoundError:
                    continue  # deleted since the snapshot: no row refers to it
                with stored:
                    size = storage.size(name)
                    digest = _add(archive, MEDIA_PREFIX + name, stored, size=size)
                manifest["files"][MEDIA_PREFIX + name] = {
                    "sha256": digest,
                    "size": size,
                }
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            _add(archive, MANIFEST_NAME, BytesIO(body), size=len(body))
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, destination)
    except OSError as exc:
        raise BackupError(_describe_os_error(destination, exc)) from None
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    report(
        f"Backed up {sum(snapshot.counts.values())} rows and "
        f"{len(manifest['files'])} media files to {destination}"
    )
    return destination


def _add(archive: tarfile.TarFile, name: str, raw, *, size: int | None = None) -> str:
    info = tarfile.TarInfo(name)
    info.size = os.fstat(raw.fileno()).st_size if size is None else size
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    info.mode = 0o600
    reader = HashingReader(raw)
    archive.addfile(info, reader)
    return reader.hexdigest()


def _open_member(archive: tarfile.TarFile, member: str | tarfile.TarInfo) -> IO[bytes]:
    """A regular file of the archive. Anything else (a folder, a link) raises
    ``AttributeError``, as reading the None that ``extractfile`` gives would."""
    raw = archive.extractfile(member)
    if raw is None:
        raise AttributeError(f"{member} is not a regular file in the archive")
    return raw


def _known_migrations(using: str) -> set[tuple[str, str]]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True, load=True)
    return set(loader.disk_migrations)


def verify_backup(*, source: Path, using: str = "default") -> dict:
    """The manifest of ``source`` once every file in it has been checked against
    its sha256 and the backup fits this site; raises :class:`BackupError`
    otherwise. Touches nothing."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    try:
        with tarfile.open(source, "r:") as archive:
            try:
                manifest = json.load(_open_member(archive, MANIFEST_NAME))
            except (KeyError, ValueError, AttributeError):
                raise BackupError("not a Masthead backup (no manifest)") from None
            check_manifest(
                manifest,
                vendor=database.database_vendor(using),
                known_migrations=_known_migrations(using),
            )
            expected = expected_members(manifest)
            seen = set()
            for member in archive:
                if member.name == MANIFEST_NAME:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(f"the backup holds an unlisted {member.name}")
                digest = hash_stream(_open_member(archive, member))
                if digest != expected[member.name]:
                    raise BackupError(
                        f"the backup is corrupted: {member.name} does not match "
                        "its checksum"
                    )
                seen.add(member.name)
    except (tarfile.TarError, EOFError):
        raise BackupError(f"{source} is not a readable backup archive") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the backup is incomplete: {missing[0]} is missing")
    return manifest


def restore_backup(
    *,
    source: Path,
    using: str = "default",
    force: bool = False,
    report: Report = lambda _: None,
) -> RestoreResult:
    """Restore ``source`` into the database ``using`` and the media storage.

    Refuses (:class:`BackupError`, nothing touched) a corrupted, foreign or newer
    backup, and a database that already has tables unless ``force``. Afterwards
    tasks caught running are put back, and emails queued in the snapshot are each
    delivered once (``queue.settle_queue_after_restore``).
    """
    report("Verifying the backup…")
    manifest = verify_backup(source=source, using=using)
    if not force and not database.is_database_empty(using):
        raise BackupError(
            "the database is not empty; restore into a new database or pass --force"
        )
    source = Path(source).expanduser()
    work = Path(tempfile.mkdtemp(prefix=".masthead-restore-"))
    try:
        with tarfile.open(source, "r:") as archive:
            db_name = manifest["database"]["file"]
            db_file = work / db_name
            with _open_member(archive, db_name) as raw, db_file.open("wb") as out:
                shutil.copyfileobj(raw, out, 1 << 20)
            report("Restoring the database…")
            database.restore_database(source=db_file, using=using, force=force)
            db_file.unlink()
            report(f"Restoring {len(manifest['files'])} media files…")
            storage = media.media_storage()
            for member in archive:
                if member.name.startswith(MEDIA_PREFIX):
                    media.restore_media_file(
                        storage,
                        member.name.removeprefix(MEDIA_PREFIX),
                        _open_member(archive, member),
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    queue = settle_queue_after_restore(using=using)
    result = RestoreResult(
        manifest=manifest, counts=database.count_rows_in(using), queue=queue
    )
    report(
        f"Restored {sum(result.counts.values())} rows; "
        f"{queue['tasks_requeued']} interrupted tasks put back, "
        f"{queue['deliveries_enqueued']} queued emails given a delivery task"
    )
    return result
