"""RSS and Atom feeds to a list of ``FeedItem`` (each holding a ``ParsedArticle``).

feedparser reads the feed (never from the network here: bytes only) and cleans
the items' HTML; each item's content goes through the HTML fragment parser. An
item is keyed by its GUID, else its link, so polling can recognise it again.
Pure: no Django, no network. Never raises for any bytes.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import json
import re
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
    # Wire items: subjects (kept as tags) and the embargo (ISO date-time) before
    # which the item must not be published.
    tags: tuple[str, ...] = ()
    embargo: str | None = None

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
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return parse_json_feed(data, url=url, rules=rules)
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
    standfirst = choose_standfirst(_clean_html(summary), content)
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
        modified=_date(entry.get("updated_parsed"))
        if entry.get("published_parsed")
        else None,
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


def parse_json_feed(
    data: bytes, *, url: str = "", rules: BoilerplateRules | None = None
) -> ParsedFeed:
    """A JSON Feed (jsonfeed.org 1.0/1.1): ``content_html`` (else ``content_text``)
    is the body, ``summary`` a standfirst if it is one, ``image`` the lead photo."""
    try:
        feed = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        return ParsedFeed(error=f"this is not a readable JSON Feed ({exc})")
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        return ParsedFeed(error="this is not a JSON Feed (no list of items)")
    title = _clean(feed.get("title"))
    items = []
    for entry in feed["items"][:MAX_FEED_ITEMS]:
        if not isinstance(entry, dict):
            continue
        link = str(entry.get("url") or entry.get("external_url") or "")
        guid = str(entry.get("id") or "")
        content = str(entry.get("content_html") or "")
        if not content and entry.get("content_text"):
            content = "\n\n".join(
                f"<p>{html.escape(chunk.strip())}</p>"
                for chunk in re.split(r"\n\s*\n", str(entry["content_text"]))
                if chunk.strip()
            )
        people = entry.get("authors") or (
            [entry["author"]] if isinstance(entry.get("author"), dict) else []
        )
        authors = [
            _clean(a.get("name"))
            for a in people
            if isinstance(a, dict) and a.get("name")
        ]
        parsed = parse_html_fragment(
            content,
            headline=_clean(entry.get("title")),
            standfirst=choose_standfirst(_clean(entry.get("summary")), content),
            source=ParsedSource(name=title, url=link, id=guid or link),
            published=_iso(entry.get("date_published") or entry.get("date_modified")),
            modified=_iso(entry.get("date_modified"))
            if entry.get("date_published")
            else None,
            authors=authors,
            base_url=link or url,
            rules=rules,
        )
        image = str(entry.get("image") or entry.get("banner_image") or "")
        if image and image not in {f.src for f in parsed.figures}:
            parsed = replace(
                parsed, figures=(ParsedFigure(src=image, position=0), *parsed.figures)
            )
        if parsed.headline or parsed.paragraphs:
            items.append(FeedItem(guid=guid, link=link, parsed=parsed))
    return ParsedFeed(
        title=title, link=str(feed.get("home_page_url") or url), items=tuple(items)
    )


def _iso(value: object) -> str | None:
    try:
        return datetime.fromisoformat(str(value)).isoformat() if value else None
    except ValueError:
        return None


def choose_standfirst(summary: str, content_html: str) -> str:
    """The item's summary as a standfirst, or "" when it is not one.

    Many feeds' summary is the content itself, cut short or flattened to text
    (with a photo's caption first, or "[…]" at the end): that is the story's
    opening, not a standfirst, and keeping it would show the body twice. A
    summary is kept only when it is short and most of it is not in the content.
    """
    summary = summary.strip()
    if not summary:
        return ""
    if len(summary) > 320 or re.search(r"(\[…\]|\[\.\.\.\]|…|\.\.\.)$", summary):
        return ""
    if not content_html:
        return summary
    fragment = parse_html_fragment(content_html)
    text = " ".join(
        [*fragment.paragraphs, *(f"{f.caption} {f.credit}" for f in fragment.figures)]
    )
    said, body = _words(summary), " ".join(_words(text))
    if len(said) < 6:
        return summary
    shingles = [" ".join(said[i : i + 6]) for i in range(len(said) - 5)]
    repeated = sum(f" {shingle} " in f" {body} " for shingle in shingles)
    return "" if repeated / len(shingles) >= 0.5 else summary


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


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
