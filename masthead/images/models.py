"""The newsroom's image: Wagtail's image with alt text, a credit and a default caption.

Wagtail's own ``description`` field is its alt text (Wagtail uses it for
``default_alt_text``); it is relabelled here rather than duplicated.
"""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as BaseImage
from wagtail.search import index


class NewsImage(AbstractImage):
    description = models.CharField(
        "alt text",
        max_length=255,
        blank=True,
        default="",
        help_text="What the photo shows, for readers who cannot see it.",
    )
    credit = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="Rights holder or agency, as printed: e.g. BRENDAN SMIALOWSKI/Getty.",
    )
    caption = models.TextField(
        blank=True, default="", help_text="Default caption; a figure may override it."
    )

    copyright_notice = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="The file's copyright notice, as the agency wrote it: e.g. "
        "© 2018 Getty Images. Kept for structured data; not printed under the photo.",
    )

    admin_form_fields = (
        *BaseImage.admin_form_fields,
        "credit",
        "caption",
        "copyright_notice",
    )

    # The admin's image library searches with autocomplete, so each field is indexed
    # both ways. Credits are indexed with slashes as spaces: PostgreSQL's parser reads
    # "Doe/Reuters" as one file-path token, and "Reuters" would find nothing.
    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("caption"),
        index.AutocompleteField("caption"),
        index.SearchField("credit_words"),
        index.AutocompleteField("credit_words"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]

    def credit_words(self) -> str:
        """Credit and copyright notice as plain words, for search."""
        text = f"{self.credit} {self.copyright_notice}"
        return " ".join(text.replace("/", " ").replace("\\", " ").split())


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(
        NewsImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
