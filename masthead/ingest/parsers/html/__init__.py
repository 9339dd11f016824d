"""Web pages (and HTML bodies of feed items and WordPress posts) to ``ParsedArticle``.

A whole page goes through trafilatura for its main text (``body``); figures are
read from the page's own ``<figure>``/``<img>`` elements and placed before the
paragraph that follows them (``figures``); headline, authors, dates and publisher
come from JSON-LD, then OpenGraph, then the page itself (``metadata``). A fragment
(a feed item's content, a WordPress post body) is already only the article: its
blocks are the paragraphs. The boilerplate rules of the text parser drop site
chrome here too (``parse``). Pure: no Django, no network. Never raises for any
input.

Callers import from here; the modules are how the parser is split, not an API.
"""

from .document import MAX_HTML_CHARS, decode_html
from .metadata import PageMeta, read_page_meta
from .parse import check_html_page, parse_html, parse_html_fragment

__all__ = [
    "MAX_HTML_CHARS",
    "check_html_page",
    "PageMeta",
    "decode_html",
    "parse_html",
    "parse_html_fragment",
    "read_page_meta",
]
