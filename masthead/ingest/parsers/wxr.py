"""WordPress export files (WXR) to plain records: posts, pages, people, terms.

Read with defusedxml, which refuses entity declarations (billion laughs) and
external entities: such a file raises ``WxrError`` with a message, nothing is
read. Post bodies go through the HTML fragment parser; ``[caption]`` shortcodes
become figures. Pure: no Django, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from .html import parse_html_fragment
from .parsed import ParsedArticle, ParsedSource
from .rules import BoilerplateRules

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_CAPTION = re.compile(
    r"\[caption(?P<attrs>[^\]]*)\](?P<body>.*?)\[/caption\]", re.DOTALL | re.I
)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_SHORTCODE = re.compile(r"\[/?[a-z_][\w-]*(?:\s[^\]]*)?\]", re.I)
_ATTACHMENT_ID = re.compile(r"attachment_(\d+)")
# Credit and copyright as WordPress keeps them in the serialised image metadata.
_PHP_META = re.compile(r's:\d+:"(credit|copyright|caption)";s:\d+:"((?:[^"\\]|\\.)*)";')


class WxrError(ValueError):
    """The file is not a WordPress export that can be read safely."""


@dataclass(frozen=True)
class WxrAttachment:
    id: str
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    credit: str = ""


@dataclass(frozen=True)
class WxrPost:
    id: str
    kind: str  # "post" or "page"
    status: str
    link: str
    parsed: ParsedArticle
    author: str = ""  # the author's login
    categories: tuple[tuple[str, str], ...] = ()  # (slug, name)
    tags: tuple[str, ...] = ()
    thumbnail_id: str = ""
    comments: int = 0

    @property
    def path(self) -> str:
        """The old permalink's path, the part a redirect matches."""
        return urlsplit(self.link).path or ""


@dataclass(frozen=True)
class WxrExport:
    title: str = ""
    base_url: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    categories: dict[str, str] = field(default_factory=dict)  # slug -> name
    tags: tuple[str, ...] = ()
    posts: tuple[WxrPost, ...] = ()
    attachments: dict[str, WxrAttachment] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # items not imported, with why


def parse_wxr(data: bytes, *, rules: BoilerplateRules | None = None) -> WxrExport:
    """Read a WXR file. Raises ``WxrError`` with a plain message when it cannot."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if not data or not data.strip():
        raise WxrError("the file is empty")
    try:
        root = fromstring(data, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise WxrError(
            "the file declares XML entities or external references, which are "
            f"refused for safety ({type(exc).__name__})"
        ) from exc
    except (ParseError, ValueError) as exc:
        raise WxrError(f"this is not well-formed XML ({exc})") from exc
    channel = root.find("channel")
    if channel is None or root.tag != "rss":
        raise WxrError("this is not a WordPress export (no <rss><channel>)")
    base_url = _text(channel, WP + "base_blog_url") or _text(channel, "link")
    authors = {
        _text(a, WP + "author_login"): _text(a, WP + "author_display_name")
        or _text(a, WP + "author_login")
        for a in channel.findall(WP + "author")
        if _text(a, WP + "author_login")
    }
    categories = {
        _text(c, WP + "category_nicename"): _text(c, WP + "cat_name")
        for c in channel.findall(WP + "category")
        if _text(c, WP + "category_nicename")
    }
    tags = tuple(
        _text(t, WP + "tag_name") or _text(t, WP + "tag_slug")
        for t in channel.findall(WP + "tag")
    )
    attachments: dict[str, WxrAttachment] = {}
    items = channel.findall("item")
    for item in items:
        if _text(item, WP + "post_type") == "attachment":
            attachment = _read_attachment(item)
            attachments[attachment.id] = attachment
    posts: list[WxrPost] = []
    skipped: list[str] = []
    for item in items:
        kind = _text(item, WP + "post_type")
        if kind == "attachment":
            continue
        title = _text(item, "title") or "(untitled)"
        if kind not in {"post", "page"}:
            skipped.append(f"{title}: a {kind or 'typeless'} item is not a story")
            continue
        status = _text(item, WP + "status")
        if status in {"trash", "auto-draft", "inherit"}:
            skipped.append(f"{title}: status {status}")
            continue
        posts.append(
            _read_post(item, kind, status, authors, attachments, base_url, rules)
        )
    return WxrExport(
        title=_text(channel, "title"),
        base_url=base_url,
        authors=authors,
        categories=categories,
        tags=tags,
        posts=tuple(posts),
        attachments=attachments,
        skipped=tuple(skipped),
    )


def _read_attachment(item: Element) -> WxrAttachment:
    meta = {
        _text(m, WP + "meta_key"): _text(m, WP + "meta_value")
        for m in item.findall(WP + "postmeta")
    }
    php = dict(_PHP_META.findall(meta.get("_wp_attachment_metadata", "")))
    return WxrAttachment(
        id=_text(item, WP + "post_id"),
        url=_text(item, WP + "attachment_url") or _text(item, "guid"),
        title=_text(item, "title"),
        caption=_strip_tags(_text(item, EXCERPT)) or php.get("caption", ""),
        alt=meta.get("_wp_attachment_image_alt", ""),
        credit=php.get("credit", "") or php.get("copyright", ""),
    )


def _read_post(
    item: Element,
    kind: str,
    status: str,
    authors: dict[str, str],
    attachments: dict[str, WxrAttachment],
    base_url: str,
    rules: BoilerplateRules | None,
) -> WxrPost:
    post_id = _text(item, WP + "post_id")
    login = _text(item, DC_CREATOR)
    meta = {
        _text(m, WP + "meta_key"): _text(m, WP + "meta_value")
        for m in item.findall(WP + "postmeta")
    }
    link = _text(item, "link") or _text(item, "guid")
    body = _CAPTION.sub(lambda m: _caption_to_figure(m, attachments), _content(item))
    body = _SHORTCODE.sub("", body)
    parsed = parse_html_fragment(
        body,
        headline=_text(item, "title"),
        standfirst=_strip_tags(_text(item, EXCERPT)),
        source=ParsedSource(url=link, id=f"wxr:{base_url}:{post_id}"),
        published=_date(_text(item, WP + "post_date_gmt"), utc=True)
        or _date(_text(item, WP + "post_date")),
        authors=[authors.get(login, login)] if login else [],
        base_url=base_url,
        rules=rules,
    )
    categories = tuple(
        (c.get("nicename", ""), (c.text or "").strip())
        for c in item.findall("category")
        if c.get("domain") == "category" and c.get("nicename")
    )
    tags = tuple(
        (c.text or "").strip()
        for c in item.findall("category")
        if c.get("domain") == "post_tag" and (c.text or "").strip()
    )
    return WxrPost(
        id=post_id,
        kind=kind,
        status=status,
        link=link,
        parsed=parsed,
        author=login,
        categories=categories,
        tags=tags,
        thumbnail_id=meta.get("_thumbnail_id", ""),
        comments=len(item.findall(WP + "comment")),
    )


def _caption_to_figure(
    match: re.Match[str], attachments: dict[str, WxrAttachment]
) -> str:
    body = match.group("body")
    image = _IMG_TAG.search(body)
    caption = _strip_tags(_IMG_TAG.sub("", body))
    found = _ATTACHMENT_ID.search(match.group("attrs"))
    credit = ""
    if found and found.group(1) in attachments:
        credit = attachments[found.group(1)].credit
    credit_html = f'<span class="credit">{_escape(credit)}</span>' if credit else ""
    return (
        f"<figure>{image.group(0) if image else ''}"
        f"<figcaption>{_escape(caption)}{credit_html}</figcaption></figure>"
    )


def _content(item: Element) -> str:
    element = item.find(CONTENT)
    return element.text or "" if element is not None else ""


def _text(element: Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html or "").split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _date(value: str, *, utc: bool = False) -> str | None:
    if not value or value.startswith("0000"):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if utc and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()
