"""The newsroom's image: Wagtail's image with alt text, a credit and a default caption.

Wagtail's own ``description`` field is its alt text (Wagtail uses it for
``default_alt_text``); it is relabelled here rather than duplicated.
"""

from django.db import models
from PIL import Image as PILImage
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as BaseImage
from wagtail.search import index

from .filenames import safe_image_filename

ORIGINALS_FOLDER = "original_images"


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

    def get_upload_to(self, filename: str) -> str:
        """Originals are stored under a safe name whose one extension matches the
        format in the bytes (``a.php.jpg`` → ``a-php.jpg``); see filenames.py."""
        return (
            f"{ORIGINALS_FOLDER}/{safe_image_filename(filename, self.detect_format())}"
        )

    def detect_format(self) -> str | None:
        """Pillow's name for the uploaded file's format (JPEG, PNG, …), or None."""
        upload = self.file
        try:
            position = upload.tell()
        except (OSError, ValueError, AttributeError):
            position = 0
        try:
            upload.seek(0)
            with PILImage.open(upload) as image:
                return image.format
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
            return None
        finally:
            try:
                upload.seek(position)
            except (OSError, ValueError, AttributeError):
                pass

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
