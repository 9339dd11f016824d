"""Typed readers for the environment: the only module that reads ``os.environ``.

Every reader raises :class:`SettingsError` with one line that names the variable, so
that a typo in a deployment stops start-up with a message an operator can act on,
not a traceback.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ImproperlyConfigured):
    """A variable in the environment has a value Masthead cannot use."""


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def get_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}")


def get_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = get_str(name, default).lower()
    if value not in choices:
        raise SettingsError(
            f"{name} must be one of {', '.join(choices)}, not {value!r}"
        )
    return value


def get_data_dir() -> Path:
    """The folder for the embedded database, media, outbox and generated key."""
    raw = get_str("MASTHEAD_DATA_DIR")
    path = Path(raw).expanduser() if raw else Path.cwd() / "masthead-data"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(
            f"MASTHEAD_DATA_DIR={str(path)!r} cannot be created: {exc.strerror}"
        ) from None
    return path.resolve()


def get_database_url(default: str) -> dict:
    """``DATABASE_URL`` as Django's DATABASES entry; only PostgreSQL and SQLite."""
    import dj_database_url

    raw = get_str("DATABASE_URL") or default
    scheme = urlsplit(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise SettingsError(
            "DATABASE_URL must start with postgres:// or sqlite:///, "
            f"not {scheme + '://' if scheme else repr(raw[:40])}"
        )
    try:
        config = dj_database_url.parse(raw)
    except ValueError as exc:
        raise SettingsError(f"DATABASE_URL is malformed: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise SettingsError("DATABASE_URL names no database (postgres://HOST/NAME)")
    return config


def get_redis_url() -> str:
    raw = get_str("REDIS_URL")
    if raw and urlsplit(raw).scheme not in {"redis", "rediss", "unix"}:
        raise SettingsError(
            f"REDIS_URL must start with redis:// or rediss://, not {raw!r}"
        )
    return raw


def get_email_config(file_path: Path) -> dict:
    """Email settings from ``EMAIL_URL``; unset writes messages to ``file_path``."""
    import dj_email_url

    raw = get_str("EMAIL_URL")
    if not raw:
        return {
            "EMAIL_BACKEND": "masthead.core.mail.OutboxFileBackend",
            "EMAIL_FILE_PATH": str(file_path),
        }
    scheme = urlsplit(raw).scheme
    if scheme not in {"smtp", "smtps", "submission", "console", "file", "memory"}:
        raise SettingsError(
            f"EMAIL_URL must start with smtp://, smtps:// or console://, not {scheme!r}"
        )
    try:
        config = dj_email_url.parse(raw)
    except (ValueError, KeyError) as exc:
        raise SettingsError(f"EMAIL_URL is malformed: {exc}") from None
    return {
        "EMAIL_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_HOST": config["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": config["EMAIL_PORT"] or 25,
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": config["EMAIL_USE_TLS"],
        "EMAIL_USE_SSL": config["EMAIL_USE_SSL"],
        "EMAIL_TIMEOUT": config.get("EMAIL_TIMEOUT") or 10,
        "EMAIL_FILE_PATH": config.get("EMAIL_FILE_PATH") or str(file_path),
    }


def get_secret_key(data_dir: Path, *, required: bool) -> str:
    """``SECRET_KEY``, or one generated once and kept in the data directory.

    The key must survive restarts (sessions and reset links are signed with it), so
    it is written with mode 0600 on first run and read back afterwards.
    """
    key = get_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        return key
    if required:
        raise SettingsError("SECRET_KEY must be set when MASTHEAD_ENV=production")
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker starting at the same moment won
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def get_base_url(name: str) -> str:
    """An absolute ``http(s)://host[:port]`` address with no path, or ""; the
    trailing slash is dropped."""
    raw = get_str(name)
    if not raw:
        return ""
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        raise SettingsError(f"{name} has a bad port: {raw!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(
            f"{name} must look like https://news.example.org, not {raw!r}"
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise SettingsError(f"{name} must be the site's root, with no path: {raw!r}")
    return raw.rstrip("/")


def get_child_environment(**extra: str) -> dict[str, str]:
    """The environment for a child process (``pg_dump``, ``pg_restore``), with
    ``extra`` (a password, say) added so that it never shows in a command line."""
    return {**os.environ, **extra}


# h-search (issue 15): the search engine, chosen by one URL.
SEARCH_ENGINES = (
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
)


def get_search_backend(name: str, *, database_config: str) -> dict:
    """``WAGTAILSEARCH_BACKENDS["default"]`` from ``name`` (``MASTHEAD_SEARCH_URL``).

    Unset: Wagtail's database backend (PostgreSQL full-text search, or SQLite's
    FTS5) with ``database_config`` for stemming. Set, an Elasticsearch or
    OpenSearch cluster: ``ENGINE[+https]://[user:password@]host:port/[prefix]``,
    e.g. ``opensearch2+https://masthead:secret@search.internal:9200/news``; the
    path is the index-name prefix (default ``masthead_``).
    """
    raw = get_str(name)
    if not raw:
        return {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": database_config,
        }
    parts = urlsplit(raw)
    engine, _, transport = parts.scheme.partition("+")
    if engine not in SEARCH_ENGINES or transport not in {"", "http", "https"}:
        raise SettingsError(
            f"{name} must start with one of {', '.join(SEARCH_ENGINES)} "
            f"(optionally +https), not {parts.scheme or raw[:40]!r}"
        )
    if not parts.hostname:
        raise SettingsError(f"{name} names no host (ENGINE://HOST:PORT/)")
    prefix = parts.path.strip("/")
    return {
        "BACKEND": f"wagtail.search.backends.{engine}",
        "URLS": [f"{transport or 'http'}://{parts.netloc}"],
        "INDEX_PREFIX": f"{prefix}_" if prefix else "masthead_",
        "TIMEOUT": get_int("MASTHEAD_SEARCH_TIMEOUT", 5, minimum=1),
    }
