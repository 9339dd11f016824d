"""Test settings: speed knobs only, never a different backend than the one under test.

The backend (SQLite or PostgreSQL, local memory or Redis) comes from the same
environment variables as in production, so ``.ci/run`` tests both.
"""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

from . import env

# Each test process (and each parallel worker, which inherits its controller's
# environment) gets its own throwaway data directory for media, outbox and key; a
# developer's own MASTHEAD_DATA_DIR is never written by tests. Set before base.py.
os.environ["MASTHEAD_DATA_DIR"] = tempfile.mkdtemp(prefix="masthead-test-")


def _redis_url_for_this_worker(url: str, worker: str) -> str:
    """Parallel workers (pytest -n) each get their own Redis database number:
    tests call ``cache.clear()``, which empties the whole database on Redis."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = (base + int(worker.removeprefix("gw") or 0)) % 16
    return urlunsplit(parts._replace(path=f"/{number}"))


if env.get_str("PYTEST_XDIST_WORKER") and env.get_redis_url():
    os.environ["REDIS_URL"] = _redis_url_for_this_worker(
        env.get_redis_url(), env.get_str("PYTEST_XDIST_WORKER")
    )

from .base import *  # noqa: E402, F403
from .base import CACHES, STORAGES  # noqa: E402

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

# h-door (issue 17): staff made by tests have no second factor, and many tests log
# them into the admin; the tests of the requirement itself turn it back on
# (masthead/accounts/tests/test_mfa.py). Superusers likewise.
MASTHEAD_MFA_REQUIRED_GROUPS: list[str] = []
MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS = False

# Readership (issue 19): no flusher thread writing page views into the test
# database behind the tests' backs; tests that need the counts call flush_now().
MASTHEAD_COUNT_FLUSH_SECONDS = 0

# SQLite: the test database is a file, not Django's shared-cache in-memory default.
# In shared-cache mode two threads writing at once (a WebSocket consumer's thread and
# a request in the ASGI live server) fail at once with "database table is locked";
# busy_timeout does not apply there. A file in WAL mode waits as production does.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.db")}  # noqa: F405
