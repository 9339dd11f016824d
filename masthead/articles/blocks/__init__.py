"""Body blocks of an article. Each renders semantic HTML through its own template.

Names are re-exported here: callers (and migrations) import them from
``masthead.articles.blocks`` without knowing the split.
"""

from wagtail import blocks

from .embed import EmbedBlock
from .figure import FigureBlock
from .media import MediaFileBlock
from .raw_html import HTML_BLOCK_PERMISSION, HTMLBlock, sanitize_html
from .table import TableBlock
from .text import (
    PARAGRAPH_FEATURES,
    HeadingBlock,
    PostBlock,
    PullQuoteBlock,
    QuoteBlock,
    paragraph_from_text,
)

__all__ = [
    "HTML_BLOCK_PERMISSION",
    "PARAGRAPH_FEATURES",
    "ArticleBodyBlock",
    "EmbedBlock",
    "FigureBlock",
    "HTMLBlock",
    "HeadingBlock",
    "MediaFileBlock",
    "PostBlock",
    "PullQuoteBlock",
    "QuoteBlock",
    "TableBlock",
    "paragraph_from_text",
    "sanitize_html",
]


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    heading = HeadingBlock(max_length=200)
    figure = FigureBlock()
    quote = QuoteBlock()
    post = PostBlock()
    pull_quote = PullQuoteBlock()
    table = TableBlock()
    embed = EmbedBlock()
    media = MediaFileBlock()
    html = HTMLBlock()
