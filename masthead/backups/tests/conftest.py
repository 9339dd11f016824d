import sqlite3
import uuid

import pytest

# A local S3 server (moto) standing in for the media bucket.
from masthead.core.tests.test_media_storage import s3_media  # noqa: F401


@pytest.fixture
def fresh_database(transactional_db, tmp_path):
    """A new, empty database beside the test database, as the connection alias it
    returns (same backend: SQLite file or PostgreSQL database)."""
    from django.db import connections
    from django.db.utils import load_backend

    default = connections["default"].settings_dict
    alias = f"restored_{uuid.uuid4().hex[:8]}"
    config = {**default, "OPTIONS": dict(default.get("OPTIONS", {}))}
    config["OPTIONS"].pop("pool", None)
    if connections["default"].vendor == "sqlite":
        config["NAME"] = str(tmp_path / "restored.sqlite3")
        sqlite3.connect(config["NAME"]).close()
    else:
        config["NAME"] = f"{default['NAME']}_{alias}"[:63]
        with connections["default"].cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    # A connection made here, not listed in settings, is one Django's test cases
    # treat as "dynamically created" and let the test use.
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    connections[alias] = wrapper
    yield alias
    wrapper.close()
    del connections[alias]
    if config["NAME"] and connections["default"].vendor == "postgresql":
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
