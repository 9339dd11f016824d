"""The entry points: a whole page or a fragment, put together as a ``ParsedArticle``
(boilerplate rules applied, figures placed before the paragraph that follows)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from lxml.html import HtmlElement

from ..figures import is_sentence
from ..parsed import ParsedArticle, ParsedFigure, ParsedSource
from ..quotes import find_quotes
from ..rules import BoilerplateRules, load_boilerplate_rules
from .body import (
    extract_main_text,
    find_content_root,
    guess_content_root,
    iter_blocks,
    match_paragraphs,
)
from .document import (
    MAX_HTML_CHARS,
    clean_text,
    decode_html,
    document_order,
    parse_document_tree,
    parse_fragment_tree,
    squash,
    text_of,
)
from .figures import find_figures
from .headline import choose_headline, find_page_heading
from .metadata import (
    find_byline,
    find_standfirst,
    find_time,
    first_text,
    read_base_url,
    read_page_meta,
)
from .refusal import find_refusal

_BREAKS = re.compile(r"(?:<br\s*/?>\s*){2,}", re.IGNORECASE)
_BLOCK_START = re.compile(
    r"\s*<(?:figure|div|table|ul|ol|h[1-6]|blockquote|section|pre|hr)\b",
    re.IGNORECASE,
)


def is_header_line(text: str, headline: str) -> bool:
    """A line above the story's first paragraph that is not story: a byline, a
    writer's role, a date, the headline with a kicker. Short and no sentence."""
    if headline and text.endswith(headline) and len(text) - len(headline) <= 40:
        return True
    if is_sentence(text):
        return False
    return len(text.split()) <= 10 and (len(text) <= 60 or text.isascii())


def check_html_page(data: bytes | str, parsed: ParsedArticle) -> str:
    """Why a page parsed as ``parsed`` is no article ("" when it may be one):
    an error page, a sign-in page, a front or section page."""
    text = decode_html(data) if isinstance(data, bytes) else data
    root = parse_document_tree(clean_text(text[:MAX_HTML_CHARS]))
    if root is None:
        return ""
    return find_refusal(root, paragraphs=len(parsed.paragraphs))


def parse_html(
    data: bytes | str,
    *,
    url: str = "",
    rules: BoilerplateRules | None = None,
) -> ParsedArticle:
    """Parse a whole web page. Never raises; an unreadable page gives an empty one."""
    text = decode_html(data) if isinstance(data, bytes) else data
    text = clean_text(text[:MAX_HTML_CHARS])
    root = parse_document_tree(text)
    if root is None:
        return ParsedArticle(source=ParsedSource(url=url, id=url))
    meta = read_page_meta(root, url=url)
    paragraphs = extract_main_text(text, url=url)
    matched = match_paragraphs(root, paragraphs)
    if not paragraphs or all(m is None for m in matched):
        # Nothing found, or text that stands in no element of the page (the
        # extractor ran blocks together): the page's own blocks.
        blocks = list(iter_blocks(guess_content_root(root)))
        paragraphs = [text_of(b) for b in blocks]
        matched = list(blocks)
    base = read_base_url(root, url or meta.url)
    content_root = find_content_root(root, [m for m in matched if m is not None])
    authors = meta.authors or find_byline(content_root)
    headline = choose_headline(
        heading=find_page_heading(root),
        jsonld=meta.jsonld_headline,
        og_title=meta.og_title,
        page_title=first_text(root, "//title"),
        site_names=meta.site_names,
        authors=authors,
    )
    standfirst = meta.standfirst or find_standfirst(content_root, root)
    parsed = _assemble(
        paragraphs,
        matched,
        content_root,
        lead_from=_heading_outside(root, content_root, headline),
        headline=headline,
        standfirst=standfirst,
        authors=authors,
        published=meta.published or find_time(content_root),
        modified=meta.modified,
        source=ParsedSource(
            name=meta.publisher, url=meta.url or url, id=meta.url or url
        ),
        base_url=base,
        rules=rules,
    )
    if meta.images:
        parsed = replace(
            parsed,
            figures=tuple(
                _with_image_object(figure, meta.images) for figure in parsed.figures
            ),
        )
    return parsed


def _heading_outside(
    root: HtmlElement, content_root: HtmlElement | None, headline: str
) -> HtmlElement | None:
    """The story's ``<h1>`` when it stands outside the element holding the text
    (a lead photo between them belongs to the story)."""
    if content_root is None or not headline:
        return None
    for heading in root.iter("h1"):
        if headline in text_of(heading):
            inside = any(a is content_root for a in heading.iterancestors())
            return None if inside or heading is content_root else heading
    return None


def _figures_of(
    content_root: HtmlElement, lead_from: HtmlElement | None, base_url: str
) -> tuple[list, dict[HtmlElement, int]]:
    """The figures in the story's text, and those between its headline and its
    text; with the document order they and the paragraphs are placed by."""
    scope = content_root
    if lead_from is not None:
        ancestors = {id(a) for a in lead_from.iterancestors()}
        scope = next(
            (a for a in content_root.iterancestors() if id(a) in ancestors),
            content_root,
        )
    order = document_order(scope)
    if scope is content_root:
        return list(find_figures(content_root, base_url)), order
    start = order[content_root]
    end = max(order[e] for e in content_root.iter())
    # (Here the scope was widened, so there is a lead photo to start from.)
    after = order.get(lead_from, start) if lead_from is not None else start
    figures = [
        (figure, at)
        for figure, at in find_figures(scope, base_url)
        if after < at < start or start <= at <= end
    ]
    return figures, order


def _with_image_object(
    figure: ParsedFigure, images: dict[str, tuple[str, str]]
) -> ParsedFigure:
    """A figure the page left bare takes the caption and credit its JSON-LD
    ``ImageObject`` gives for the same picture."""
    if figure.caption and figure.credit:
        return figure
    name = figure.src.rsplit("/", 1)[-1]
    for url, (caption, credit) in images.items():
        if url == figure.src or (name and url.rsplit("/", 1)[-1] == name):
            return replace(
                figure,
                caption=figure.caption or caption,
                credit=figure.credit or credit,
            )
    return figure


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
    modified: str | None = None,
) -> ParsedArticle:
    """Parse an article body given as HTML (feed item, WordPress post). Never raises.

    Text outside any block element (WordPress stores paragraphs as blank-line
    separated text) is split on blank lines into paragraphs.
    """
    html = clean_text(html or "")[:MAX_HTML_CHARS]
    if "<p" not in html.lower():
        # Paragraphs as text between blank lines or double line breaks (older
        # WordPress posts, many feeds' content).
        html = _BREAKS.sub("\n\n", html)
    if "<p" not in html.lower() and "\n\n" in html:
        html = "".join(
            chunk if _BLOCK_START.match(chunk) else f"<p>{chunk}</p>"
            for chunk in re.split(r"\n\s*\n", html)
        )
    root = parse_fragment_tree(html)
    blocks = list(iter_blocks(root)) if root is not None else []
    paragraphs = [text_of(b) for b in blocks]
    return _assemble(
        paragraphs,
        blocks,
        root,
        headline=squash(headline),
        standfirst=squash(standfirst),
        authors=[squash(a) for a in authors if squash(a)],
        published=published,
        modified=modified,
        source=source or ParsedSource(),
        base_url=base_url,
        rules=rules,
    )


def _assemble(
    paragraphs: list[str],
    elements: Sequence[HtmlElement | None],
    content_root: HtmlElement | None,
    *,
    headline: str,
    standfirst: str,
    authors: list[str],
    published: str | None,
    source: ParsedSource,
    modified: str | None = None,
    base_url: str,
    rules: BoilerplateRules | None,
    lead_from: HtmlElement | None = None,
) -> ParsedArticle:
    rules = rules if rules is not None else load_boilerplate_rules()
    figures, order = (
        _figures_of(content_root, lead_from, base_url)
        if content_root is not None
        else ([], {})
    )
    figure_texts = set()
    for figure, _order in figures:
        for piece in (
            figure.caption,
            figure.credit,
            f"{figure.caption} {figure.credit}",
            *figure.raw,
        ):
            if piece.strip():
                figure_texts.add(squash(piece))
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
        if kept == [] and is_header_line(text, headline):
            removed.append(text)
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
        modified=modified,
    )
