"""A photo in the story, with the image's own caption, credit and alt text."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from masthead.images.figures import resolve_figure


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
