"""Body blocks of an article. Each renders semantic HTML through its own template."""

from html import escape

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from masthead.images.figures import resolve_figure

PARAGRAPH_FEATURES = ["bold", "italic", "link", "superscript", "subscript"]


def paragraph_from_text(text: str) -> RichText:
    """A paragraph block value from plain text: the text is escaped, never markup."""
    return RichText(f"<p>{escape(text.strip(), quote=False)}</p>")


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.TextBlock(
        required=False, help_text="Leave empty to use the image's own caption."
    )
    credit = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Leave empty to use the image's credit.",
    )
    alt = blocks.CharBlock(
        required=False,
        max_length=255,
        label="Alt text",
        help_text="Leave empty to use the image's alt text.",
    )

    class Meta:
        icon = "image"
        template = "articles/blocks/figure.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["figure"] = resolve_figure(
            value["image"],
            alt=value["alt"] or "",
            caption=value["caption"] or "",
            credit=value["credit"] or "",
        )
        return context


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


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    heading = HeadingBlock(max_length=200)
    figure = FigureBlock()
    quote = QuoteBlock()
    post = PostBlock()
    pull_quote = PullQuoteBlock()
