"""Third-party content (videos, social posts, maps) as a privacy-friendly placeholder.

The block stores the item's URL with a title and caption; the provider and the
item's id are read from the URL (``providers.py``) when it is saved and when it
is shown, never from the network. The page carries no third-party script or
iframe: ``articles/embeds.js`` loads the provider's player only when the reader
asks for it, so cached pages are the same for everyone and track no one.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .providers import known_provider_names, parse_embed_url


class EmbedBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label="URL",
        help_text="The address of the video, post or map, as the browser shows it. "
        f"Known providers: {known_provider_names()}.",
    )
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="What it shows, e.g. 'The minister's statement'. Readers see it "
        "before they choose to load the content.",
    )
    caption = blocks.TextBlock(required=False)

    class Meta:
        icon = "media"
        label = "Embed (video, post, map)"
        template = "articles/blocks/embed.html"

    def clean(self, value):
        value = super().clean(value)
        if parse_embed_url(value["url"]) is None:
            message = (
                "This address is not a video, post or map from a known provider. "
                f"Known providers: {known_provider_names()}."
            )
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(message)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = parse_embed_url(value["url"])
        return context
