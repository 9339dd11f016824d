"""Test settings: speed knobs only, never a different backend than the one under test.

The backend (SQLite or PostgreSQL, local memory or Redis) comes from the same
environment variables as in production, so ``.ci/run`` tests both.
"""

import os
import tempfile

# Each test process (and each parallel worker, which inherits its controller's
# environment) gets its own throwaway data directory for media, outbox and key; a
# developer's own MASTHEAD_DATA_DIR is never written by tests. Set before base.py.
os.environ["MASTHEAD_DATA_DIR"] = tempfile.mkdtemp(prefix="masthead-test-")

from .base import *  # noqa: F403
from .base import CACHES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render pages without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Parallel test processes (pytest -n) share one Redis but not one database: each gets
# its own page-cache namespace, so one process never serves another's pages.
if "KEY_PREFIX" in CACHES["pagecache"]:
    CACHES["pagecache"]["KEY_PREFIX"] += f"-test{os.getpid()}"
