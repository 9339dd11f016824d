"""Web pages (and HTML bodies of feed items and WordPress posts) to ``ParsedArticle``.

A whole page goes through trafilatura for its main text; figures are read from
the page's own ``<figure>``/``<img>`` elements and placed before the paragraph
that follows them; headline, authors, dates and publisher come from JSON-LD, then
OpenGraph, then the page itself. A fragment (a feed item's content, a WordPress
post body) is already only the article: its blocks are the paragraphs. The
boilerplate rules of the text parser drop site chrome here too. Pure: no Django,
no network. Never raises for any input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from .figures import is_sentence
from .header import read_byline
from .parsed import ParsedArticle, ParsedFigure, ParsedSource
from .quotes import find_quotes
from .rules import BoilerplateRules, load_boilerplate_rules
from .text import decode_text

BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_SKIP_ANCESTORS = {"nav", "footer", "aside", "form", "noscript", "template"}
_CHROME_NAME = re.compile(
    r"related|promo|advert|\bads?\b|share|social|newsletter|sidebar|comment|"
    r"cookie|subscribe|outbrain|taboola|logo|avatar|icon|sprite|pixel|tracking",
    re.IGNORECASE,
)
_CREDIT_CLASS = re.compile(
    r"credit|copyright|photographer|attribution|byline|source", re.IGNORECASE
)
_STANDFIRST_CLASS = re.compile(
    r"standfirst|\bdek\b|\bdeck\b|subtitle|sub-headline|subheadline|summary|"
    r"\blede\b|article-intro|\bintro\b",
    re.IGNORECASE,
)
_CREDIT_PREFIX = re.compile(
    r"^\s*(?:(?:image|photo|picture|video)\s+(?:copyright|source|credit)\s*,?|"
    r"(?:photo(?:graph)?|picture|image|credit|photo credit|source)s?\s*(?::|by\b)|"
    r"©|\(c\)|copyright)\s*",
    re.IGNORECASE,
)
# "The pier at dusk. Photo: Jane Doe" / "The pier at dusk (Photograph: Jane Doe)"
_TRAILING_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*[(\[]?\s*(?:(?:photo(?:graph)?|picture|image|credit|"
    r"photo credit)s?\s*(?::|by\b)|©)\s*(?P<credit>[^()\[\]]{1,80}?)\s*[)\]]?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "report",
    "liveblogposting",
}
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:]\s+")
_SPACES = re.compile(r"\s+")
_CONTROL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# A page is read to this many characters at most; fetching already limits bytes.
MAX_HTML_CHARS = 5_000_000


@dataclass
class PageMeta:
    headline: str = ""
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    publisher: str = ""
    url: str = ""


def decode_html(data: bytes) -> str:
    """Bytes of a page as text: the declared charset when it is a real one."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "ignore").lower()
        # Browsers read "latin-1" pages as Windows-1252, smart quotes and all.
        if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
            name = "cp1252"
        if name not in {"utf-8", "utf8"}:
            try:
                return data.decode(name, errors="replace").translate(_CONTROL)
            except LookupError:
                pass
    return decode_text(data)


def parse_html(
    data: bytes | str,
    *,
    url: str = "",
    rules: BoilerplateRules | None = None,
) -> ParsedArticle:
    """Parse a whole web page. Never raises; an unreadable page gives an empty one."""
    text = decode_html(data) if isinstance(data, bytes) else data
    text = _clean(text[:MAX_HTML_CHARS])
    root = _parse_document(text)
    if root is None:
        return ParsedArticle(source=ParsedSource(url=url, id=url))
    meta = read_page_meta(root, url=url)
    paragraphs = _extract_main_text(text, url=url)
    matched = _match_paragraphs(root, paragraphs)
    if not paragraphs:
        blocks = list(_iter_blocks(_guess_content_root(root)))
        paragraphs = [_text_of(b) for b in blocks]
        matched = blocks
    base = _base_url(root, url or meta.url)
    content_root = _content_root(root, [m for m in matched if m is not None])
    headline = meta.headline or _first_text(root, "//h1") or _page_title(root)
    standfirst = meta.standfirst or _find_standfirst(content_root, root)
    return _assemble(
        paragraphs,
        matched,
        content_root,
        headline=headline,
        standfirst=standfirst,
        authors=meta.authors or _find_byline(content_root),
        published=meta.published or _find_time(content_root),
        source=ParsedSource(
            name=meta.publisher, url=meta.url or url, id=meta.url or url
        ),
        base_url=base,
        rules=rules,
    )


def parse_html_fragment(
    html: str,
    *,
    headline: str = "",
    standfirst: str = "",
    source: ParsedSource | None = None,
    published: str | None = None,
    authors: Iterable[str] = (),
    base_url: str = "",
    rules: BoilerplateRules | None = None,
) -> ParsedArticle:
    """Parse an article body given as HTML (feed item, WordPress post). Never raises.

    Text outside any block element (WordPress stores paragraphs as blank-line
    separated text) is split on blank lines into paragraphs.
    """
    html = _clean(html or "")[:MAX_HTML_CHARS]
    if "<p" not in html.lower() and "\n\n" in html:
        html = "".join(
            chunk if chunk.lstrip().startswith("<") else f"<p>{chunk}</p>"
            for chunk in re.split(r"\n\s*\n", html)
        )
    root = _parse_fragment(html)
    blocks = list(_iter_blocks(root)) if root is not None else []
    paragraphs = [_text_of(b) for b in blocks]
    return _assemble(
        paragraphs,
        blocks,
        root,
        headline=_squash(headline),
        standfirst=_squash(standfirst),
        authors=[_squash(a) for a in authors if _squash(a)],
        published=published,
        source=source or ParsedSource(),
        base_url=base_url,
        rules=rules,
    )


# -- assembling ---------------------------------------------------------------


def _assemble(
    paragraphs: list[str],
    elements: list,
    content_root,
    *,
    headline: str,
    standfirst: str,
    authors: list[str],
    published: str | None,
    source: ParsedSource,
    base_url: str,
    rules: BoilerplateRules | None,
) -> ParsedArticle:
    rules = rules if rules is not None else load_boilerplate_rules()
    figures = (
        list(_find_figures(content_root, base_url)) if content_root is not None else []
    )
    figure_texts = set()
    for figure, _order in figures:
        for piece in (
            figure.caption,
            figure.credit,
            f"{figure.caption} {figure.credit}",
        ):
            if piece.strip():
                figure_texts.add(_squash(piece))
    order = _document_order(content_root) if content_root is not None else {}
    kept: list[tuple[str, int | None]] = []
    removed: list[str] = []
    in_list = False
    for text, element in zip(paragraphs, elements, strict=False):
        if not text:
            continue
        rule = rules.match(text)
        if rule is not None:
            removed.append(text)
            in_list = rule.starts_list
            continue
        if in_list and len(text.split()) <= 16 and not is_sentence(text):
            removed.append(text)
            continue
        in_list = False
        if text in figure_texts or (kept == [] and text == headline):
            continue
        if standfirst and text == standfirst:
            continue
        kept.append((text, order.get(element) if element is not None else None))
    parsed_figures = []
    for figure, figure_order in figures:
        position = len(kept)
        for index, (_text, paragraph_order) in enumerate(kept):
            if paragraph_order is not None and paragraph_order > figure_order:
                position = index
                break
        parsed_figures.append(
            ParsedFigure(
                alt=figure.alt,
                caption=figure.caption,
                credit=figure.credit,
                src=figure.src,
                position=position,
                kind=figure.kind,
            )
        )
    final = tuple(text for text, _ in kept)
    return ParsedArticle(
        headline=headline,
        standfirst=standfirst if standfirst != headline else "",
        paragraphs=final,
        figures=tuple(parsed_figures),
        quotes=find_quotes(final),
        source=source,
        published=published,
        authors=tuple(dict.fromkeys(authors)),
        removed=tuple(removed),
    )


# -- documents ----------------------------------------------------------------


def _clean(text: str) -> str:
    # Lone surrogates and control characters break lxml; they carry no text.
    return (
        text.encode("utf-8", "replace").decode("utf-8", "replace").translate(_CONTROL)
    )


def _parse_document(text: str):
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.LxmlError, ValueError):
        return None
    for bad in root.xpath("//script[not(@type='application/ld+json')]|//style"):
        bad.drop_tree()
    return root


def _parse_fragment(html: str):
    if not html.strip():
        return None
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return None
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return root


def _extract_main_text(text: str, *, url: str) -> list[str]:
    import trafilatura

    try:
        result = trafilatura.extract(
            text,
            url=url or None,
            output_format="xml",
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            include_links=False,
        )
    # trafilatura is a large third-party parser: a page it cannot read must
    # fall back to the page's own blocks, never stop an import.
    except Exception:  # noqa: BLE001
        return []
    if not result:
        return []
    try:
        tree = lxml.etree.fromstring(result.encode("utf-8"))
    except (lxml.etree.LxmlError, ValueError):
        return []
    paragraphs = []
    for element in tree.iterfind(".//main//*"):
        if element.tag in {"p", "head", "item", "quote", "code"}:
            if element.tag == "quote" and element.find("p") is not None:
                continue
            text = _squash("".join(element.itertext()))
            if text:
                paragraphs.append(text)
    return paragraphs


def _iter_blocks(root) -> Iterator:
    """Block elements in order, innermost text holders only, chrome left out."""
    if root is None:
        return
    for element in root.iter(*BLOCK_TAGS):
        if _in_chrome(element, root) or _ancestor_tag(element, {"figure"}, root):
            continue
        if element.tag in {"li", "blockquote"} and element.find(".//p") is not None:
            continue  # its <p> children are the blocks
        if _text_of(element):
            yield element


def _match_paragraphs(root, paragraphs: list[str]) -> list:
    candidates = [
        (element, _text_of(element))
        for element in root.iter(*BLOCK_TAGS, "div", "td", "span", "h1")
    ]
    matched = []
    start = 0
    for paragraph in paragraphs:
        probe = paragraph[:80]
        found = None
        for index in range(start, len(candidates)):
            element, text = candidates[index]
            if text == paragraph or (len(probe) >= 20 and text.startswith(probe)):
                found, start = element, index + 1
                break
        matched.append(found)
    return matched


def _content_root(root, elements: list):
    if not elements:
        return _guess_content_root(root)
    first = elements[0]
    for ancestor in first.iterancestors():
        if ancestor.tag in {"article", "main"} or ancestor.get("role") == "main":
            if all(_is_within(e, ancestor) for e in elements):
                return ancestor
    common = first.getparent() if first.getparent() is not None else first
    while common is not None and not all(_is_within(e, common) for e in elements):
        common = common.getparent()
    return common if common is not None else root


def _guess_content_root(root):
    if root is None:
        return None
    for path in ("//article", "//main", "//*[@role='main']", "//body"):
        found = root.xpath(path)
        if found:
            return found[0]
    return root


def _is_within(element, ancestor) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def _in_chrome(element, root) -> bool:
    for ancestor in [element, *element.iterancestors()]:
        if ancestor is root:
            return False
        if ancestor.tag in _SKIP_ANCESTORS:
            return True
        name = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if ancestor is not element and _CHROME_NAME.search(name):
            return True
    return False


def _ancestor_tag(element, tags: set[str], root) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _document_order(root) -> dict:
    return {element: index for index, element in enumerate(root.iter())}


# -- figures ------------------------------------------------------------------


@dataclass
class _Figure:
    alt: str = ""
    caption: str = ""
    credit: str = ""
    src: str = ""
    kind: str = "image"


def _find_figures(root, base_url: str) -> Iterator[tuple[_Figure, int]]:
    order = _document_order(root)
    seen_images = set()
    for element in root.iter("figure", "img"):
        if not isinstance(element.tag, str) or _in_chrome(element, root):
            continue
        if element.tag == "img":
            if element in seen_images or _ancestor_tag(element, {"figure"}, root):
                continue
            figure = _read_image(element, base_url)
            if figure is not None:
                figure.credit = _squash(element.get("data-credit") or "")
                figure.caption = _squash(element.get("title") or "")
                yield figure, order[element]
            continue
        figure = _read_figure(element, base_url)
        seen_images.update(element.iter("img"))
        if figure is not None:
            yield figure, order[element]


def _read_image(image, base_url: str) -> _Figure | None:
    src = _image_src(image)
    if not src or _CHROME_NAME.search(
        f"{image.get('class') or ''} {image.get('id') or ''} {src.rsplit('/', 1)[-1]}"
    ):
        return None
    for size in (image.get("width"), image.get("height")):
        if size and size.strip().isdigit() and int(size) <= 2:
            return None  # a tracking pixel
    return _Figure(alt=_squash(image.get("alt") or ""), src=_absolute(src, base_url))


def _read_figure(element, base_url: str) -> _Figure | None:
    image = next(iter(element.iter("img")), None)
    video = next(iter(element.iter("video", "iframe")), None)
    if image is not None:
        figure = _read_image(image, base_url)
        if figure is None:
            return None
    elif video is not None:
        src = video.get("src") or next(
            (s.get("src") for s in video.iter("source") if s.get("src")), ""
        )
        figure = _Figure(src=_absolute(src or "", base_url), kind="video")
    else:
        return None
    caption_element = next(iter(element.iter("figcaption")), None)
    credit_element = None
    for candidate in element.iter():
        if not isinstance(candidate.tag, str) or candidate is element:
            continue
        name = f"{candidate.get('class') or ''} {candidate.get('itemprop') or ''}"
        if _CREDIT_CLASS.search(name) or candidate.tag in {"small", "cite"}:
            credit_element = candidate
            break
    credit = _text_of(credit_element) if credit_element is not None else ""
    caption = ""
    if caption_element is not None:
        caption = _text_without(caption_element, credit_element)
    if not credit:
        credit = _squash(
            element.get("data-credit")
            or (image.get("data-credit") if image is not None else "")
        )
    if caption and not credit:
        trailing = _TRAILING_CREDIT.fullmatch(caption)
        if trailing and trailing.group("credit").strip():
            caption = trailing.group("caption").strip()
            credit = trailing.group("credit").strip()
    figure.credit = _CREDIT_PREFIX.sub("", credit).strip(" ,.;") if credit else ""
    figure.caption = caption.strip()
    return figure


def _image_src(image) -> str:
    for attribute in ("src", "data-src", "data-lazy-src", "data-original"):
        value = (image.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (image.get("srcset") or image.get("data-srcset") or "").strip()
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0]
    return ""


def _absolute(src: str, base_url: str) -> str:
    if not src or not base_url:
        return src
    try:
        return urljoin(base_url, src)
    except ValueError:
        return src


def _text_without(element, skip) -> str:
    parts = []

    def walk(node):
        if node is skip:
            if node.tail:
                parts.append(node.tail)
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return _squash("".join(parts))


# -- metadata -----------------------------------------------------------------


def read_page_meta(root, *, url: str = "") -> PageMeta:
    """Headline, authors, date, publisher and address from JSON-LD, then OpenGraph."""
    meta = PageMeta()
    for item in _json_ld_articles(root):
        meta.headline = meta.headline or _squash(str(item.get("headline") or ""))
        meta.standfirst = meta.standfirst or _squash(
            str(item.get("alternativeHeadline") or "")
        )
        meta.authors = meta.authors or _names(item.get("author"))
        meta.published = meta.published or _iso(item.get("datePublished"))
        meta.publisher = meta.publisher or (_names(item.get("publisher")) or [""])[0]
        entity = item.get("mainEntityOfPage")
        if isinstance(entity, dict):
            entity = entity.get("@id")
        meta.url = meta.url or _http(item.get("url")) or _http(entity)
    og = {
        (m.get("property") or m.get("name") or "").lower(): m.get("content") or ""
        for m in root.iter("meta")
    }
    meta.headline = meta.headline or _squash(og.get("og:title", ""))
    meta.publisher = meta.publisher or _squash(og.get("og:site_name", ""))
    meta.published = meta.published or _iso(
        og.get("article:published_time") or og.get("date") or og.get("dc.date")
    )
    if not meta.authors:
        author = og.get("author") or og.get("article:author") or ""
        if author and not _http(author):
            meta.authors = [_squash(author)]
    canonical = root.xpath("//link[@rel='canonical']/@href")
    meta.url = (
        meta.url
        or _http(canonical[0] if canonical else "")
        or _http(og.get("og:url"))
        or url
    )
    return meta


def _json_ld_articles(root) -> Iterator[dict]:
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _walk_json_ld(data, depth=0)


def _walk_json_ld(data, *, depth: int) -> Iterator[dict]:
    if depth > 5:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _walk_json_ld(item, depth=depth + 1)
    elif isinstance(data, dict):
        types = data.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(str(t).lower() in _ARTICLE_TYPES for t in types):
            yield data
        if "@graph" in data:
            yield from _walk_json_ld(data["@graph"], depth=depth + 1)


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [] if _http(value) else [_squash(value)]
    if isinstance(value, dict):
        name = value.get("name")
        return [_squash(str(name))] if name else []
    if isinstance(value, list):
        return [name for item in value[:20] for name in _names(item)]
    return []


def _iso(value) -> str | None:
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _http(value) -> str:
    return value.strip() if isinstance(value, str) and value.startswith("http") else ""


def _base_url(root, url: str) -> str:
    base = root.xpath("//base/@href")
    return urljoin(url, base[0]) if base and url else (base[0] if base else url)


def _first_text(root, path: str) -> str:
    for element in root.xpath(path):
        text = _text_of(element)
        if text:
            return text
    return ""


def _page_title(root) -> str:
    title = _first_text(root, "//title")
    return _TITLE_SEPARATORS.split(title)[0].strip() if title else ""


def _find_standfirst(content_root, root) -> str:
    for scope in (content_root, root):
        if scope is None:
            continue
        for element in scope.iter("p", "div", "h2"):
            name = f"{element.get('class') or ''} {element.get('id') or ''}"
            if _STANDFIRST_CLASS.search(name):
                text = _text_of(element)
                if 0 < len(text) <= 400:
                    return text
    return ""


def _find_byline(root) -> list[str]:
    if root is None:
        return []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = f"{element.get('class') or ''} {element.get('rel') or ''}"
        if re.search(r"byline|author", name, re.IGNORECASE):
            text = _text_of(element)
            names = read_byline(text) or (
                read_byline(f"By {text}") if 0 < len(text.split()) <= 4 else None
            )
            if names:
                return list(names)
    return []


def _find_time(root) -> str | None:
    if root is None:
        return None
    for element in root.iter("time"):
        value = _iso(element.get("datetime"))
        if value:
            return value
    return None


def _text_of(element) -> str:
    if element is None:
        return ""
    try:
        return _squash("".join(element.itertext()))
    except ValueError:
        return ""


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()
