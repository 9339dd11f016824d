"""Text blocks: paragraphs (with lists), subheads, quotes, pull quotes, posts."""

from html import escape

from wagtail import blocks
from wagtail.rich_text import RichText

# Lists live in the paragraph's rich text ("ol"/"ul"), as Wagtail's editor offers
# them: a list is part of the running text, and a reporter adds one without
# choosing another block.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "ol", "ul"]


def paragraph_from_text(text: str) -> RichText:
    """A paragraph block value from plain text: the text is escaped, never markup."""
    return RichText(f"<p>{escape(text.strip(), quote=False)}</p>")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    speaker = blocks.CharBlock(required=False, max_length=200)
    role = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"


class PostBlock(blocks.StructBlock):
    """A quoted social-media post, reproduced as text: no third-party script."""

    text = blocks.TextBlock()
    author = blocks.CharBlock(max_length=200)
    handle = blocks.CharBlock(required=False, max_length=100)
    platform = blocks.CharBlock(required=False, max_length=60)
    posted = blocks.CharBlock(
        required=False, max_length=60, help_text="When it was posted, as written."
    )
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "comment"
        template = "articles/blocks/post.html"


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "pick"
        template = "articles/blocks/pull_quote.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "articles/blocks/heading.html"
