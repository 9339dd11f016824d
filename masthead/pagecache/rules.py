"""What may be cached, and under which key. Pure: plain values in, plain values out.

The page cache serves anonymous readers the same bytes for the same URL. It must never
store or serve anything personal, and a request must not be able to choose its own
cache key (poisoning) or mint unbounded new keys (filling the cache).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode


def _is_language_code(value: str) -> bool:
    # ?lang= on script endpoints and fragments (issue 20): only a code exactly as
    # LANGUAGES spells it is keyed, so the query cannot mint entries without bound.
    from django.conf import settings

    return any(value == code for code, _name in settings.LANGUAGES)


# Query parameters that change what a cached page shows, with a check of their value.
# Any other parameter makes the request bypass the cache, so a query string cannot
# create new cache entries without bound.
KEYED_PARAMS = {
    "page": lambda value: value.isdigit() and len(value) <= 4 and int(value) > 0,
    "lang": _is_language_code,
}

# Tracking parameters change nothing on the page: dropped from the key, not bypassed,
# so a shared link with utm_source still gets the cached page.
IGNORED_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref_src")


def is_private_path(path: str, private_prefixes: tuple[str, ...] | None = None) -> bool:
    """Personal, interactive or private paths (``MASTHEAD_UNCACHED_PREFIXES``) are
    never served from or stored in the cache. The per-request caller passes its
    remembered copy of the setting (``lookup``)."""
    if private_prefixes is None:
        from django.conf import settings

        private_prefixes = tuple(settings.MASTHEAD_UNCACHED_PREFIXES)
    return path.startswith(private_prefixes)


def canonical_query(query_string: str) -> str | None:
    """The part of the query string that belongs in the key, or None to bypass."""
    if not query_string:
        return ""
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name.startswith(IGNORED_PARAMS):
            continue
        check = KEYED_PARAMS.get(name)
        if check is None or not check(value):
            return None
        kept.append((name, value))
    if len({name for name, _ in kept}) != len(kept):
        return None  # ?page=1&page=2: ambiguous, let Django decide uncached
    return urlencode(sorted(kept))


# Part of every key: raised when the stored form changes (v2: entries carry their
# surrogate-key versions, issue 14), so entries of the old form are never read.
ENTRY_FORMAT = 2


def cache_key(*, generation: int, host: str, path: str, query: str) -> str:
    """One key per entry format, site generation, host, path and keyed query."""
    return f"masthead:page{ENTRY_FORMAT}:{generation}:{host}:{path}?{query}"


def has_private_cookie(
    cookie_header: str, private_cookie_names: tuple[str, ...]
) -> bool:
    """A session (or other private) cookie means a reader we may personalise for."""
    if not cookie_header:
        return False
    for part in cookie_header.split(";"):
        name = part.split("=", 1)[0].strip()
        if name in private_cookie_names:
            return True
    return False


def choose_encoding(accept_encoding: str, available) -> str:
    """``br``, ``gzip`` or ``identity``: the best the client accepts and we hold."""
    if not accept_encoding or len(available) == 1:
        return "identity"
    accepted = set()
    for item in accept_encoding.lower().split(","):
        token, _, params = item.strip().partition(";")
        if "q=0" in params.replace(" ", "") and "q=0." not in params.replace(" ", ""):
            continue
        accepted.add(token.strip())
    for encoding in ("br", "gzip"):
        if encoding in available and (encoding in accepted or "*" in accepted):
            return encoding
    return "identity"


def is_storable_response(
    *,
    status: int,
    cache_control: str,
    vary: str,
    sets_cookie: bool,
    content_length: int,
    max_size: int,
) -> bool:
    """Only a plain public 200 that depends on nothing personal is stored."""
    if status != 200 or sets_cookie or content_length > max_size:
        return False
    directives = {
        part.strip().split("=")[0].lower() for part in cache_control.split(",")
    }
    if directives & {"private", "no-store", "no-cache"}:
        return False
    # Vary: Cookie means the page read the session (CSRF token, a reader's name).
    varies = {part.strip().lower() for part in vary.split(",") if part.strip()}
    return not (varies - {"accept-encoding"})
