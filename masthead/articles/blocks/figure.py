"""A photo in the story, with the image's own caption, credit and alt text."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from masthead.images.figures import resolve_figure


class FigureBlock(blocks.StructBlock):
    # Not required by the field: an imported figure whose picture is still being
    # fetched is saved with its caption and credit and no image (ingest's
    # placeholders), and an editor must be able to save the story meanwhile.
    # ``clean`` still asks for a photo in a figure that has nothing else.
    image = ImageChooserBlock(required=False)
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

    def clean(self, value):
        value = super().clean(value)
        if value["image"] is None and not (value["caption"] or value["credit"]):
            raise StructBlockValidationError(
                block_errors={
                    "image": ValidationError("Choose a photo, or remove this figure.")
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["figure"] = resolve_figure(
            value["image"],
            alt=value["alt"] or "",
            caption=value["caption"] or "",
            credit=value["credit"] or "",
        )
        return context
