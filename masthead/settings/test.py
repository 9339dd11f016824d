"""Test settings: speed knobs only, never a different backend than the one under test.

The backend (SQLite or PostgreSQL, local memory or Redis) comes from the same
environment variables as in production, so ``.ci/run`` tests both.
"""

import os
import tempfile

# Each test process gets its own throwaway data directory (media, outbox, key) unless
# one is given; set before base.py reads it.
os.environ.setdefault("MASTHEAD_DATA_DIR", tempfile.mkdtemp(prefix="masthead-test-"))

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render pages without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
