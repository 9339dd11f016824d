"""A response as a stored page, and a stored page as a response: headers,
encodings, 304s; no Django request needed."""

from __future__ import annotations

import gzip
import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime
from functools import lru_cache

import brotli
from django.conf import settings
from django.core.signals import setting_changed

from masthead.operations import csp

from . import rules
from .store import CachedPage

COMPRESS_MIN_BYTES = 512
# Headers stored with a page and replayed on a hit; others (Set-Cookie, Vary: Cookie,
# per-request ids) are never stored.
STORED_HEADERS = {
    "content-type",
    "content-language",
    "link",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
    "location",
    "strict-transport-security",
}


def build_cached_page(
    *, status: int, headers: list[tuple[str, str]], body: bytes
) -> CachedPage:
    """Prepare the stored form: identity, gzip and brotli bodies, ETag."""
    kept = tuple(
        (name.lower(), value)
        for name, value in headers
        if name.lower() in STORED_HEADERS
    )
    bodies = {"identity": body}
    if len(body) >= COMPRESS_MIN_BYTES:
        bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
        bodies["br"] = brotli.compress(body, quality=6)
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    page = CachedPage(
        status=status, headers=kept, bodies=bodies, etag=etag, last_modified=time.time()
    )
    page.wire.update(wire_headers(page))
    return page


def public_cache_control() -> str:
    """Browsers revalidate (cheap 304s); shared caches keep it briefly and may serve
    it stale while they refetch, so a publish reaches readers within seconds."""
    return (
        f"public, max-age=0, must-revalidate, "
        f"s-maxage={settings.MASTHEAD_PAGE_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.MASTHEAD_PAGE_CACHE_STALE_WHILE_REVALIDATE}"
    )


def is_not_modified(
    page: CachedPage, if_none_match: str, if_modified_since: str
) -> bool:
    if if_none_match:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return page.etag in tags or "*" in tags
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(page.last_modified) <= since
    return False


def hit_headers(
    page: CachedPage, encoding: str, *, with_body_headers: bool = True
) -> list[tuple[str, str]]:
    headers = [
        *page.headers,
        ("cache-control", public_cache_control()),
        ("etag", page.etag),
        ("last-modified", formatdate(page.last_modified, usegmt=True)),
        ("vary", "Accept-Encoding"),
        ("x-cache", "HIT"),
    ]
    if with_body_headers:
        if encoding != "identity":
            headers.append(("content-encoding", encoding))
        headers.append(("content-length", str(len(page.bodies[encoding]))))
    return headers


def wire_headers(page: CachedPage) -> dict[str, tuple[tuple[bytes, bytes], ...]]:
    """Encoded header lists for every stored encoding, and for a 304."""

    def encode(headers):
        return tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers)

    wire = {name: encode(hit_headers(page, name)) for name in page.bodies}
    wire["304"] = encode(hit_headers(page, "identity", with_body_headers=False))
    return wire


def respond_from_cache(
    page: CachedPage,
    *,
    method: str,
    accept_encoding: str,
    if_none_match: str,
    if_modified_since: str,
) -> tuple[int, tuple[tuple[bytes, bytes], ...], bytes]:
    """Status, wire headers and body for a hit (304 if the reader has it already)."""
    if (if_none_match or if_modified_since) and is_not_modified(
        page, if_none_match, if_modified_since
    ):
        return 304, page.wire["304"], b""
    encoding = rules.choose_encoding(accept_encoding, page.bodies.keys())
    body = b"" if method == "HEAD" else page.bodies[encoding]
    return page.status, page.wire[encoding], body


@lru_cache(maxsize=2)
def security_headers(is_secure: bool) -> tuple[tuple[bytes, bytes], ...]:
    """The headers Django's ``SecurityMiddleware`` adds to every response, ready for
    the wire: HSTS (over HTTPS only), nosniff, Referrer-Policy and COOP.

    That middleware runs outside the page cache, so a stored page never holds them;
    the ASGI fast path (which never reaches Django) adds these to its hits and 304s,
    so a hit carries exactly what a miss does. Computed once per setting change.
    """
    headers = []
    if is_secure and settings.SECURE_HSTS_SECONDS:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("strict-transport-security", value))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("x-content-type-options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        if isinstance(policy, str):
            policy = [part.strip() for part in policy.split(",")]
        headers.append(("referrer-policy", ",".join(policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(
            ("cross-origin-opener-policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
        )
    # h-headers (issue 17): the reader CSP, as operations.csp's middleware (also
    # outside the page cache) adds it to a miss. Cached pages are never the admin's.
    headers.extend(csp.reader_headers())
    return tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers)


def with_security_headers(
    wire: tuple[tuple[bytes, bytes], ...], is_secure: bool
) -> tuple[tuple[bytes, bytes], ...]:
    """``wire`` plus the security headers it does not set itself (a view's own
    Referrer-Policy wins, as with ``SecurityMiddleware``'s ``setdefault``)."""
    remembered = _with_security.get((id(wire), is_secure))
    if remembered is not None and remembered[0] is wire:
        return remembered[1]
    extra = security_headers(is_secure)
    present = {name for name, _ in wire}
    combined = wire + tuple(item for item in extra if item[0] not in present)
    if len(_with_security) > 10_000:
        _with_security.clear()
    # Keyed by the stored page's own header tuple (kept alive in the value, so
    # its id cannot be reused while remembered): a hit does one dict lookup.
    _with_security[(id(wire), is_secure)] = (wire, combined)
    return combined


_with_security: dict[tuple[int, bool], tuple[tuple, tuple]] = {}


def _forget_settings(**kwargs) -> None:
    security_headers.cache_clear()
    _with_security.clear()


setting_changed.connect(_forget_settings)
