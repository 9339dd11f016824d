"""The entry points: a whole page or a fragment, put together as a ``ParsedArticle``
(boilerplate rules applied, figures placed before the paragraph that follows)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
from .metadata import (
    find_byline,
    find_standfirst,
    find_time,
    first_text,
    read_base_url,
    read_page_meta,
    read_page_title,
)


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
    if not paragraphs:
        blocks = list(iter_blocks(guess_content_root(root)))
        paragraphs = [text_of(b) for b in blocks]
        matched = list(blocks)
    base = read_base_url(root, url or meta.url)
    content_root = find_content_root(root, [m for m in matched if m is not None])
    headline = meta.headline or first_text(root, "//h1") or read_page_title(root)
    standfirst = meta.standfirst or find_standfirst(content_root, root)
    return _assemble(
        paragraphs,
        matched,
        content_root,
        headline=headline,
        standfirst=standfirst,
        authors=meta.authors or find_byline(content_root),
        published=meta.published or find_time(content_root),
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
    html = clean_text(html or "")[:MAX_HTML_CHARS]
    if "<p" not in html.lower() and "\n\n" in html:
        html = "".join(
            chunk if chunk.lstrip().startswith("<") else f"<p>{chunk}</p>"
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
    base_url: str,
    rules: BoilerplateRules | None,
) -> ParsedArticle:
    rules = rules if rules is not None else load_boilerplate_rules()
    figures = (
        list(find_figures(content_root, base_url)) if content_root is not None else []
    )
    figure_texts = set()
    for figure, _order in figures:
        for piece in (
            figure.caption,
            figure.credit,
            f"{figure.caption} {figure.credit}",
        ):
            if piece.strip():
                figure_texts.add(squash(piece))
    order = document_order(content_root) if content_root is not None else {}
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
