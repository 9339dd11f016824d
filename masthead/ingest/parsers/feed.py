"""RSS and Atom feeds to a list of ``FeedItem`` (each holding a ``ParsedArticle``).

feedparser reads the feed (never from the network here: bytes only) and cleans
the items' HTML; each item's content goes through the HTML fragment parser. An
item is keyed by its GUID, else its link, so polling can recognise it again.
Pure: no Django, no network. Never raises for any bytes.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from .html import parse_html_fragment
from .parsed import ParsedArticle, ParsedFigure, ParsedSource
from .rules import BoilerplateRules

MAX_FEED_ITEMS = 500


@dataclass(frozen=True)
class FeedItem:
    guid: str
    link: str
    parsed: ParsedArticle

    @property
    def key(self) -> str:
        return self.guid or self.link

    def digest(self) -> str:
        """A fingerprint of the content: a changed item has a different one."""
        data = json.dumps(self.parsed.to_dict(), sort_keys=True).encode()
        return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ParsedFeed:
    title: str = ""
    link: str = ""
    items: tuple[FeedItem, ...] = ()
    error: str = ""  # why nothing could be read, "" when the feed was read


def parse_feed(
    data: bytes, *, url: str = "", rules: BoilerplateRules | None = None
) -> ParsedFeed:
    """Read an RSS/Atom document. An unreadable one gives ``error`` and no items."""
    import feedparser

    if not data or not data.strip():
        return ParsedFeed(error="the feed is empty")
    try:
        result = feedparser.parse(
            io.BytesIO(data),
            response_headers={"content-location": url} if url else None,
            sanitize_html=True,
            resolve_relative_uris=bool(url),
        )
    # feedparser reads any bytes; a reader bug must become a message per feed.
    except Exception as exc:  # noqa: BLE001
        return ParsedFeed(error=f"the feed could not be read ({type(exc).__name__})")
    feed = result.get("feed", {})
    title = _clean(feed.get("title", ""))
    link = feed.get("link", "") or url
    entries = result.get("entries", [])
    if not entries and (result.get("bozo") or not feed):
        reason = result.get("bozo_exception")
        detail = f": {str(reason).splitlines()[0][:200]}" if reason else ""
        return ParsedFeed(
            title=title,
            link=link,
            error=f"this is not a readable RSS/Atom feed{detail}",
        )
    items = []
    for entry in entries[:MAX_FEED_ITEMS]:
        item = _read_entry(entry, feed_title=title, rules=rules)
        if item is not None:
            items.append(item)
    return ParsedFeed(title=title, link=link, items=tuple(items))


# feedparser has no types: an entry is a dict of whatever the feed held.
def _read_entry(
    entry: dict[str, Any], *, feed_title: str, rules: BoilerplateRules | None
) -> FeedItem | None:
    link = str(entry.get("link") or "")
    guid = str(entry.get("id") or entry.get("guid") or "")
    content = ""
    for part in entry.get("content") or []:
        if part.get("value"):
            content = part["value"]
            break
    summary = entry.get("summary", "") or ""
    if not content:
        content, summary = summary, ""
    standfirst = _clean_html(summary)
    # Many feeds' summary is the first lines of the content: not a standfirst.
    if standfirst and _clean_html(content).startswith(standfirst.rstrip(".… ")[:60]):
        standfirst = ""
    authors = [a.get("name", "") for a in entry.get("authors") or [] if a.get("name")]
    if not authors and entry.get("author"):
        authors = [entry["author"]]
    source_name = feed_title
    if entry.get("source") and entry["source"].get("title"):
        source_name = entry["source"]["title"]
    parsed = parse_html_fragment(
        content,
        headline=_clean(entry.get("title", "")),
        standfirst=standfirst,
        source=ParsedSource(name=source_name, url=link, id=guid or link),
        published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        authors=authors,
        base_url=link,
        rules=rules,
    )
    media = [
        ParsedFigure(
            alt="",
            caption=_clean(m.get("description", "") if isinstance(m, dict) else ""),
            credit=_clean(_media_credit(entry)),
            src=str(m.get("url") or m.get("href") or ""),
            position=0,
        )
        for m in [*(entry.get("media_content") or []), *(entry.get("enclosures") or [])]
        if isinstance(m, dict)
        and str(m.get("type") or m.get("medium") or "image").startswith("image")
        and (m.get("url") or m.get("href"))
    ]
    known = {figure.src for figure in parsed.figures}
    extra = tuple(f for f in media[:1] if f.src not in known)
    if extra:
        parsed = replace(parsed, figures=extra + parsed.figures)
    if not parsed.headline and not parsed.paragraphs:
        return None
    return FeedItem(guid=guid, link=link, parsed=parsed)


def _media_credit(entry: dict[str, Any]) -> str:
    credit = entry.get("media_credit")
    if isinstance(credit, list) and credit:
        credit = credit[0]
    if isinstance(credit, dict):
        return str(credit.get("content") or "")
    return str(credit or "")


def _date(value: time.struct_time | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def _clean_html(html: str) -> str:
    if not html:
        return ""
    parsed = parse_html_fragment(html)
    return " ".join(parsed.paragraphs)[:400]
