"""Which cache key a request maps to, if any: shared by the ASGI and Django paths.

This runs on every request, so the settings it needs are read once (and again only
when a test changes them) and host checks are remembered.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.http.request import split_domain_port, validate_host

from masthead.core.generation import current_generation

from . import rules


def private_cookie_names() -> tuple[str, ...]:
    # Flash messages are meant for one reader: such a request bypasses the cache.
    # A session cookie does not: public pages are the same for every reader (names
    # and tokens come from the uncached /accounts/state/), so a logged-in reader is
    # served cached pages too; only what is rendered for them is never stored
    # (``has_session``).
    return ("messages",)


def has_session(cookie_header: str) -> bool:
    """The request carries a session (a logged-in reader, a live chat): it may be
    answered from the cache, but what Django renders for it is never stored."""
    return rules.has_private_cookie(cookie_header, (settings.SESSION_COOKIE_NAME,))


@lru_cache(maxsize=1)
def _config() -> tuple[bool, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return (
        settings.MASTHEAD_PAGE_CACHE,
        settings.SECURE_SSL_REDIRECT,
        tuple(settings.ALLOWED_HOSTS),
        private_cookie_names(),
        tuple(settings.MASTHEAD_UNCACHED_PREFIXES),
    )


@lru_cache(maxsize=256)
def _is_allowed_host(host: str, allowed_hosts: tuple[str, ...]) -> bool:
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed_hosts)


def _forget_settings(**kwargs) -> None:
    _config.cache_clear()
    _is_allowed_host.cache_clear()


setting_changed.connect(_forget_settings)


def cache_key_for_request(
    *,
    method: str,
    host: str,
    path: str,
    query_string: str,
    cookie_header: str,
    has_authorization: bool,
    is_secure: bool,
    generation: int | None = None,
) -> str | None:
    """The page-cache key for this request, or None when it must bypass the cache.

    The host must be one of ALLOWED_HOSTS (headers such as X-Forwarded-Host are never
    read), so a crafted Host header can neither poison nor multiply entries.
    """
    enabled, ssl_redirect, allowed_hosts, private_cookies, private_prefixes = _config()
    if not enabled or method not in ("GET", "HEAD"):
        return None
    if has_authorization or rules.is_private_path(path, private_prefixes):
        return None
    if ssl_redirect and not is_secure:
        return None  # Django answers with the redirect to https
    if rules.has_private_cookie(cookie_header, private_cookies):
        return None
    host = host.lower()
    if len(host) > 253 or not _is_allowed_host(host, allowed_hosts):
        return None
    query = rules.canonical_query(query_string)
    if query is None:
        return None
    if generation is None:
        generation = current_generation()
    if generation is None:
        return None
    return rules.cache_key(generation=generation, host=host, path=path, query=query)
