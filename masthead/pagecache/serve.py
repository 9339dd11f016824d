"""A stored page as a response: headers, encodings, 304s; no Django request needed."""

from __future__ import annotations

from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings

from . import rules
from .store import CachedPage


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
