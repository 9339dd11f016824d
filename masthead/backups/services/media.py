"""The media part of a backup: every file in the default storage (a local folder or
an S3 bucket), read and written through Django's storage API."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage, storages

from .manifest import BackupError


def media_storage() -> Storage:
    return storages["default"]


def list_media(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage``, folders first walked depth-first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder nobody has written to yet
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from list_media(storage, posixpath.join(folder, name) if folder else name)


def restore_media_file(storage: Storage, name: str, content: IO[bytes]) -> None:
    """Write one file under exactly ``name``, replacing what is there: the
    restored database refers to the backup's file by that name."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(content, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(f"media file {name} was stored as {saved}")
