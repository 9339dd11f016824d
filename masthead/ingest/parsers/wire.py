"""News agency copy: IPTC ninjs (JSON, 1.x and 2.x) and NewsML-G2 (XML) items.

Both give a headline, a body (HTML, NITF or XHTML; read like a feed item's
content), bylines, subjects, pictures with their captions and credits, and an
embargo (the time before which the item must not be published). The result is a
``ParsedFeed`` whose items carry their subjects as ``tags`` and the ``embargo``.
Written from the IPTC specifications (ninjs schema 1.4/2.0, NewsML-G2 2.x). Pure:
no Django, no network; never raises.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from .feed import MAX_FEED_ITEMS, FeedItem, ParsedFeed, choose_standfirst
from .html import parse_html_fragment
from .parsed import ParsedArticle, ParsedFigure, ParsedSource

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
_XML_TAGS = re.compile(r"</?[\w:.-]+(?:\s[^>]*)?/?>")


def is_ninjs(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(isinstance(d, dict) and is_ninjs(d) for d in data)
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("items"), list) and "version" not in data:
        return is_ninjs(data["items"])
    return "uri" in data and any(
        k in data for k in ("headline", "headlines", "body_html", "bodies", "body_text")
    )


def parse_ninjs(data: bytes) -> ParsedFeed:
    """One ninjs item, a list of them, or ``{"items": [...]}``."""
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        return ParsedFeed(error=f"this is not readable ninjs ({exc})")
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        entries = document["items"]
    else:
        entries = document if isinstance(document, list) else [document]
    items = []
    for entry in entries[:MAX_FEED_ITEMS]:
        if isinstance(entry, dict) and entry.get("type", "text") == "text":
            item = _ninjs_item(entry)
            if item is not None:
                items.append(item)
    return ParsedFeed(items=tuple(items))


def _first(values: Any, role: str = "") -> str:
    """The value of a ninjs 2.x ``[{role, value}]`` list (the given role first)."""
    if not isinstance(values, list):
        return ""
    ordered = sorted(
        (v for v in values if isinstance(v, dict)),
        key=lambda v: v.get("role") not in {role, "main", "", None},
    )
    return str(ordered[0].get("value") or "") if ordered else ""


def _ninjs_item(entry: dict[str, Any]) -> FeedItem | None:
    if entry.get("pubstatus") == "canceled":
        return None
    headline = str(entry.get("headline") or _first(entry.get("headlines"), "main"))
    body = str(entry.get("body_html") or "")
    if not body and isinstance(entry.get("bodies"), list):
        bodies = [b for b in entry["bodies"] if isinstance(b, dict)]
        rich = [b for b in bodies if "html" in str(b.get("contenttype") or "")]
        chosen = (rich or bodies or [{}])[0]
        body = str(chosen.get("value") or "")
        if "html" not in str(chosen.get("contenttype") or "html"):
            body = _text_to_html(body)
    if not body and entry.get("body_text"):
        body = _text_to_html(str(entry["body_text"]))
    summary = str(
        entry.get("description_text")
        or _first(entry.get("descriptions"), "summary")
        or ""
    )
    byline = str(entry.get("byline") or entry.get("by") or "")
    authors = _byline_names(byline) or [
        str(p.get("name"))
        for p in entry.get("people") or []
        if isinstance(p, dict) and p.get("rel") in {"author", "creator"}
    ]
    figures = []
    associations = entry.get("associations") or {}
    if isinstance(associations, dict):
        associations = list(associations.values())
    for picture in associations:
        if isinstance(picture, dict) and picture.get("type") in {"picture", "graphic"}:
            figures.append(_ninjs_picture(picture))
    parsed = parse_html_fragment(
        body,
        headline=headline,
        standfirst=choose_standfirst(html.unescape(summary), body),
        source=ParsedSource(
            name=str(entry.get("copyrightholder") or ""),
            id=str(entry.get("uri") or ""),
        ),
        published=_iso(entry.get("firstcreated") or entry.get("versioncreated")),
        modified=_iso(entry.get("versioncreated")),
        authors=authors,
    )
    parsed = _with_pictures(parsed, figures)
    subjects = [
        str(s.get("name"))
        for s in entry.get("subjects") or entry.get("subject") or []
        if isinstance(s, dict) and s.get("name")
    ]
    return FeedItem(
        guid=str(entry.get("uri") or ""),
        link="",
        parsed=parsed,
        tags=tuple(dict.fromkeys(subjects)),
        embargo=_iso(entry.get("embargoed")),
    )


def _ninjs_picture(picture: dict[str, Any]) -> ParsedFigure:
    renditions = picture.get("renditions") or {}
    if isinstance(renditions, dict):
        renditions = list(renditions.values())
    hrefs = [
        str(r.get("href"))
        for r in renditions
        if isinstance(r, dict) and str(r.get("href") or "").startswith("http")
    ]
    caption = str(
        picture.get("description_text")
        or _first(picture.get("descriptions"), "caption")
        or picture.get("headline")
        or _first(picture.get("headlines"))
        or ""
    )
    credit = str(
        picture.get("byline")
        or picture.get("by")
        or picture.get("copyrightholder")
        or ""
    )
    return ParsedFigure(
        caption=" ".join(html.unescape(caption).split()),
        credit=" ".join(credit.split()),
        src=hrefs[0] if hrefs else str(picture.get("uri") or ""),
        alt=" ".join(
            str(picture.get("headline") or _first(picture.get("headlines"))).split()
        ),
    )


# -- NewsML-G2 ----------------------------------------------------------------------


def is_newsml(head: bytes) -> bool:
    return b"iptc.org/std/nar/2006-10-01" in head and any(
        tag in head
        for tag in (b"<newsItem", b"<newsMessage", b":newsItem", b"<packageItem")
    )


def parse_newsml(data: bytes) -> ParsedFeed:
    """A ``newsItem`` or a ``newsMessage`` of them: text items become stories;
    picture items in the same message become their figures."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        return ParsedFeed(error=f"this is not readable NewsML-G2 ({exc})")
    from .newsml_packages import is_cancelled, iter_package_stories

    news_items = (
        [root] if root.tag == f"{NAR}newsItem" else list(root.iter(f"{NAR}newsItem"))
    )
    packages = (
        [root]
        if root.tag == f"{NAR}packageItem"
        else list(root.iter(f"{NAR}packageItem"))
    )
    texts: list[Element] = []
    pictures: list[Element] = []
    for item in news_items[:MAX_FEED_ITEMS]:
        item_class = item.find(f"{NAR}itemMeta/{NAR}itemClass")
        qcode = item_class.get("qcode", "") if item_class is not None else "ninat:text"
        (pictures if qcode.endswith(("picture", "graphic")) else texts).append(item)
    figures_by_guid = {p.get("guid", ""): _newsml_picture(p) for p in pictures}
    texts_by_guid = {t.get("guid", ""): t for t in texts if t.get("guid")}
    items = []
    used: set[str] = set()
    for story, consumed in iter_package_stories(
        packages[:MAX_FEED_ITEMS],
        texts_by_guid,
        figures_by_guid,
        build=_newsml_item,
        read_references=_references,
        later=_later,
    ):
        used |= consumed
        if story is not None:
            items.append(story)
    for item in texts:
        if item.get("guid", "") in used or is_cancelled(item):
            continue
        linked = [
            figures_by_guid[ref] for ref in _references(item) if ref in figures_by_guid
        ]
        if not linked and len(texts) == 1 and not packages:
            linked = list(figures_by_guid.values())
        items.append(_newsml_item(item, linked))
    if not items:
        if packages:
            return ParsedFeed(
                error="the NewsML-G2 package's text item is not in the document "
                "(or the package was cancelled)"
            )
        return ParsedFeed(error="the NewsML-G2 document holds no text item")
    return ParsedFeed(items=tuple(items))


def _later(first: str | None, second: str | None) -> str | None:
    """The later of two embargo times (an unreadable one is ignored)."""
    moments = [m for m in (_iso(first), _iso(second)) if m]
    if not moments:
        return None
    return max(moments, key=lambda m: _aware(datetime.fromisoformat(m)))


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(element: Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _references(item: Element) -> list[str]:
    refs = []
    for element in item.iter():
        for attribute in ("residref", "guidref", "href"):
            value = element.get(attribute)
            if value:
                refs.append(value)
    return refs


def _newsml_item(item: Element, figures: list[ParsedFigure]) -> FeedItem:
    meta = item.find(f"{NAR}itemMeta")
    content = item.find(f"{NAR}contentMeta")
    headline = _text(content.find(f"{NAR}headline")) if content is not None else ""
    summary = ""
    authors: list[str] = []
    subjects: list[str] = []
    if content is not None:
        for description in content.findall(f"{NAR}description"):
            if description.get("role", "drol:summary").endswith("summary"):
                summary = _text(description)
                break
        for creator in content.findall(f"{NAR}creator"):
            name = _text(creator.find(f"{NAR}name")) or creator.get("literal", "")
            if name:
                authors.append(name)
        if not authors:
            authors = _byline_names(_text(content.find(f"{NAR}by")))
        for subject in content.findall(f"{NAR}subject"):
            name = _text(subject.find(f"{NAR}name"))
            if name:
                subjects.append(name)
    body = ""
    for inline in item.iter(f"{NAR}inlineXML"):
        body = _markup_of(inline)
        break
    if not body:
        for inline in item.iter(f"{NAR}inlineData"):
            body = _text_to_html(inline.text or "")
            break
    provider = meta.find(f"{NAR}provider") if meta is not None else None
    provider_name = _text(provider.find(f"{NAR}name")) if provider is not None else ""
    if not provider_name and provider is not None:
        provider_name = (
            provider.get("literal", "") or provider.get("qcode", "").split(":")[-1]
        )
    guid = item.get("guid", "")
    parsed = parse_html_fragment(
        body,
        headline=headline,
        standfirst=choose_standfirst(summary, body),
        source=ParsedSource(name=provider_name, id=guid),
        published=_iso(
            _text(meta.find(f"{NAR}firstCreated")) if meta is not None else ""
        )
        or _iso(_text(meta.find(f"{NAR}versionCreated")) if meta is not None else ""),
        modified=_iso(
            _text(meta.find(f"{NAR}versionCreated")) if meta is not None else ""
        ),
        authors=authors,
    )
    embargo = _iso(_text(meta.find(f"{NAR}embargoed")) if meta is not None else "")
    return FeedItem(
        guid=guid,
        link="",
        parsed=_with_pictures(parsed, figures),
        tags=tuple(dict.fromkeys(subjects)),
        embargo=embargo,
    )


def _newsml_picture(item: Element) -> ParsedFigure:
    content = item.find(f"{NAR}contentMeta")
    caption = credit = alt = ""
    if content is not None:
        for description in content.findall(f"{NAR}description"):
            if description.get("role", "drol:caption").endswith(("caption", "summary")):
                caption = _text(description)
                break
        credit = _text(content.find(f"{NAR}creditline")) or _text(
            content.find(f"{NAR}by")
        )
        alt = _text(content.find(f"{NAR}headline"))
    remote = next(item.iter(f"{NAR}remoteContent"), None)
    return ParsedFigure(
        caption=caption,
        credit=credit,
        alt=alt,
        src=remote.get("href", "") if remote is not None else "",
    )


def _markup_of(inline: Element) -> str:
    """The body markup of an ``inlineXML`` (NITF ``body.content`` or XHTML body)
    as plain HTML the fragment parser reads."""
    from xml.etree.ElementTree import tostring

    parts = [tostring(child, encoding="unicode") for child in inline]
    markup = "".join(parts)
    markup = re.sub(r"\sxmlns(?::\w+)?=\"[^\"]*\"", "", markup)
    markup = re.sub(r"<(/?)(?:\w+:)", r"<\1", markup)  # ns0:p -> p
    for tag in ("head", "body.head", "body.end"):
        markup = re.sub(
            rf"<{re.escape(tag)}\b.*?</{re.escape(tag)}>", "", markup, flags=re.S
        )
    markup = re.sub(r"</?(?:nitf|body\.content|body|html|block)\b[^>]*>", "", markup)
    markup = markup.replace("<hl1", "<h2").replace("</hl1>", "</h2>")
    return markup


# -- shared ---------------------------------------------------------------------------


def _with_pictures(parsed: ParsedArticle, figures: list[ParsedFigure]) -> ParsedArticle:
    from dataclasses import replace

    known = {f.src for f in parsed.figures}
    extra = tuple(f for f in figures if f.src not in known or not f.src)
    return replace(parsed, figures=extra + parsed.figures) if extra else parsed


def _text_to_html(text: str) -> str:
    return "".join(
        f"<p>{html.escape(chunk.strip())}</p>"
        for chunk in re.split(r"\n\s*\n", text)
        if chunk.strip()
    )


def _byline_names(byline: str) -> list[str]:
    byline = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.I)
    byline = byline.split(",")[0] if byline.count(",") == 1 else byline
    names = re.split(r"\s+and\s+|\s*&\s*|\s*;\s*", byline)
    return [" ".join(n.split()) for n in names if n.strip() and len(n.split()) <= 5]


def _iso(value: Any) -> str | None:
    try:
        return datetime.fromisoformat(str(value).strip()).isoformat() if value else None
    except ValueError:
        return None
