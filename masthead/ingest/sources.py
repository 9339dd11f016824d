"""Where imports start: read a file, a URL or pasted text, tell what it is (text,
HTML, feed or WordPress export), parse it, and import every story in it."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wagtail.models import Page

from .fetch import FetchError, fetch_url, get_fetch_limits
from .parsers import ParsedArticle, ParsedSource, decode_text, parse_scraped_text
from .parsers.feed import ParsedFeed, parse_feed
from .parsers.html import check_html_page, parse_html
from .parsers.wire import is_newsml, is_ninjs, parse_newsml, parse_ninjs
from .parsers.wxr import WxrError, WxrExport, parse_wxr
from .report import ImportFailed, ImportReport
from .saving import save_story_into_report
from .sections import get_default_section
from .wordpress import import_wxr

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


Progress = Callable[[int, int, ImportReport], None]


@dataclass(frozen=True)
class SourceDocument:
    """Bytes to import and what they are: ``text``, ``html``, ``feed`` or ``wxr``."""

    name: str
    data: bytes
    kind: str
    url: str = ""


def get_max_bytes() -> int:
    return get_fetch_limits()[0]


def read_source(source: str) -> SourceDocument:
    """Read a file path or fetch a URL. Raises ``ImportFailed`` with the reason."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        try:
            fetched = fetch_url(source)
        except FetchError as exc:
            raise ImportFailed(str(exc)) from exc
        name = urlsplit(fetched.url).path.rsplit("/", 1)[-1]
        return read_bytes(
            fetched.content, name, url=fetched.url, content_type=fetched.content_type
        )
    path = Path(source)
    if not path.is_file():
        raise ImportFailed(f"{source}: no such file")
    if path.stat().st_size > get_max_bytes():
        raise ImportFailed(
            f"{path.name}: larger than the "
            f"{get_max_bytes() // (1024 * 1024)} MB import limit"
        )
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(
    data: bytes, name: str, *, url: str = "", content_type: str = ""
) -> SourceDocument:
    """Check and classify uploaded or fetched bytes. Raises ``ImportFailed``."""
    label = name or url or "the document"
    if len(data) > get_max_bytes():
        raise ImportFailed(
            f"{label}: larger than the {get_max_bytes() // (1024 * 1024)} MB "
            "import limit"
        )
    if not data.strip():
        raise ImportFailed(f"{label}: the file is empty")
    if is_binary(data):
        raise ImportFailed(
            f"{label}: this is a binary file, not text, HTML or XML (a picture, a "
            "PDF or a word-processor file cannot be imported; export it as text)"
        )
    return SourceDocument(
        name=label, data=data, kind=detect_kind(name, data, content_type), url=url
    )


def is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(byte < 9 or 13 < byte < 32 for byte in head)
    return controls > len(head) * 0.05


def detect_kind(name: str, data: bytes, content_type: str = "") -> str:
    suffix = Path(name).suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in {".txt", ".text"}:
        return "text"
    if suffix in {".html", ".htm"}:
        return "html"
    is_xml = head.startswith((b"<?xml", b"<rss", b"<feed", b"<!doctype rss"))
    if is_newsml(data[:4096]):
        return "wire"
    if suffix == ".json" or head.startswith((b"{", b"[")):
        try:
            if is_ninjs(json.loads(data.decode("utf-8-sig", errors="replace"))):
                return "wire"
        except ValueError:
            pass
        if suffix == ".json" or b"jsonfeed.org" in head:
            return "feed"
    if suffix in {".xml", ".rss", ".atom", ".wxr"} or is_xml:
        if b"wordpress.org/export" in data[:20000]:
            return "wxr"
        return "feed"
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if re.search(rb"<(?:p|div|article|body|head)\b", head):
        return "html"
    return "text"


def parse_document(document: SourceDocument) -> ParsedArticle | ParsedFeed | WxrExport:
    """The parsed form(s): a ``ParsedArticle``, or a ``ParsedFeed``/``WxrExport``."""
    if document.kind == "text":
        parsed = parse_scraped_text(
            decode_text(document.data),
            source=ParsedSource(url=document.url, id=document.url),
        )
    elif document.kind == "html":
        parsed = parse_html(document.data, url=document.url)
        refusal = check_html_page(document.data, parsed)
        if refusal:
            raise ImportFailed(f"{document.name}: nothing to import: {refusal}")
    elif document.kind in {"feed", "wire"}:
        feed = (
            parse_feed(document.data, url=document.url)
            if document.kind == "feed"
            else parse_newsml(document.data)
            if is_newsml(document.data[:4096])
            else parse_ninjs(document.data)
        )
        if feed.error:
            raise ImportFailed(f"{document.name}: {feed.error}")
        return feed
    else:
        try:
            return parse_wxr(document.data)
        except WxrError as exc:
            raise ImportFailed(f"{document.name}: {exc}") from exc
    if not parsed.headline or not parsed.paragraphs:
        what = "no headline" if not parsed.headline else "no paragraphs"
        raise ImportFailed(
            f"{document.name}: nothing to import ({what} found after removing "
            f"{len(parsed.removed)} lines of site chrome)"
        )
    return parsed


def describe_parsed(result: ParsedArticle | ParsedFeed | WxrExport) -> Any:
    """The JSON form ``--dry-run --json`` prints: one dict, or a list for batches."""
    if isinstance(result, ParsedArticle):
        return result.to_dict()
    if isinstance(result, ParsedFeed):
        return [item.parsed.to_dict() for item in result.items]
    return [post.parsed.to_dict() for post in result.posts]


def import_document(
    document: SourceDocument,
    *,
    section: Page | None = None,
    publish: bool = False,
    user: AbstractBaseUser | None = None,
    fetch_images: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a read document; each story in its own transaction.

    ``progress(done, total, report)`` is called after each item of a batch.
    """
    report = ImportReport()
    try:
        result = parse_document(document)
    except ImportFailed as exc:
        report.failed.append((document.name, str(exc)))
        return report
    if isinstance(result, WxrExport):
        return import_wxr(
            result,
            section=section,
            publish=publish,
            user=user,
            fetch_images=fetch_images,
            progress=progress,
        )
    section = section or get_default_section()
    if isinstance(result, ParsedFeed):
        for done, item in enumerate(result.items, start=1):
            save_story_into_report(
                report,
                item.parsed,
                section=section,
                publish=publish,
                guid=item.guid,
                url=item.link,
                user=user,
                fetch_images=fetch_images,
                tags=item.tags,
                embargo=item.embargo,
            )
            if progress is not None:
                progress(done, len(result.items), report)
        return report
    guid = result.source.id or "sha256:" + hashlib.sha256(document.data).hexdigest()
    save_story_into_report(
        report,
        result,
        section=section,
        publish=publish,
        guid=guid,
        url=result.source.url,
        user=user,
        fetch_images=fetch_images,
    )
    return report
