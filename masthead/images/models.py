"""The newsroom's image: Wagtail's image with alt text, a credit and a default caption.

Wagtail's own ``description`` field is its alt text (Wagtail uses it for
``default_alt_text``); it is relabelled here rather than duplicated.
"""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as BaseImage


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

    admin_form_fields = (*BaseImage.admin_form_fields, "credit", "caption")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(
        NewsImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
