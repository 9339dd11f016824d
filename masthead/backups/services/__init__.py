"""Backups: a consistent snapshot of the database and the media, with a manifest.

``create_backup`` writes one tar file; ``verify_backup`` checks it without touching
anything; ``restore_backup`` verifies, then restores into an empty database.
"""

from .archive import create_backup, restore_backup, verify_backup
from .manifest import BackupError

__all__ = ["BackupError", "create_backup", "restore_backup", "verify_backup"]
