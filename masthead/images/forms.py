"""The image form: fills credit, caption and alt text from the file on upload."""

from __future__ import annotations

from django.conf import settings
from PIL import Image as PILImage
from wagtail.images.forms import BaseImageForm

from .metadata import read_photo_metadata

MAX_READ_BYTES = 40 * 1024 * 1024


class NewsImageForm(BaseImageForm):
    """Wagtail's image form, plus: blank credit / caption / alt text / copyright
    notice are filled in from the uploaded file's IPTC, XMP or EXIF. What the
    editor typed always wins, and the edit form shows the values to change.
    ``metadata_notes`` says what could not be read (the admin shows them as a
    message).
    """

    metadata_notes: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and "file" in self.changed_data and not self.errors:
            problem = check_animation_pixels(upload)
            if problem:
                self.add_error("file", problem)
                return cleaned
            self.fill_from_metadata(cleaned, upload)
        return cleaned

    def fill_from_metadata(self, cleaned: dict, upload) -> None:
        size = getattr(upload, "size", 0) or 0
        if size > MAX_READ_BYTES:
            self.metadata_notes = ("The file was too large to read its metadata.",)
            return
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        content = upload.read()
        upload.seek(position)
        metadata = read_photo_metadata(content)
        self.metadata_notes = metadata.notes
        suggestions = {
            "credit": metadata.credit_line,
            "caption": metadata.caption,
            "description": metadata.alt_suggestion,
            "copyright_notice": metadata.copyright_notice,
        }
        for name, value in suggestions.items():
            if name in self.fields and value and not cleaned.get(name):
                cleaned[name] = value


def count_frames(upload) -> tuple[int, int, int]:
    """``(frames, width, height)`` of an upload as Pillow sees it (Willow's Pillow
    plugin says every image has one frame). Counting seeks through the frame
    headers without decoding them."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        with PILImage.open(upload) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1) or 1
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return 1, 0, 0  # Wagtail's own checks have already judged the file
    finally:
        upload.seek(position)
    return frames, width, height


def check_animation_pixels(upload) -> str:
    """An animated GIF, PNG or WebP counts every frame against the pixel limit
    (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``): 400 frames of 1000x1000 are 400
    megapixels to decode, however small the file (issue 17)."""
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if not limit:
        return ""
    frames, width, height = count_frames(upload)
    total = frames * width * height
    if frames < 2 or total <= limit:
        return ""
    return (
        f"This animated image has too many pixels: {frames:,} frames of "
        f"{width:,}\u00d7{height:,} are {total:,} pixels, over the limit of "
        f"{limit:,} (every frame counts). Please upload a shorter or smaller "
        "animation, or a still image."
    )
