"""Stored names for uploaded originals: a safe basename and one extension, the
one matching the file's real format (issue 17). Pure: no models, no storage.

``a.php.jpg`` is stored as ``a-php.jpg``; ``../../évil name .PNG`` (a PNG) as
``evil-name.png``; a PNG called ``photo.jpg`` as ``photo.png``. No dots survive in
the stem, so no name has two extensions, and the extension comes from the format
Pillow found in the bytes, never from what the uploader called the file.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

# Pillow's format names → the one extension stored for each.
EXTENSION_FOR_FORMAT = {
    "JPEG": "jpg",
    "MPO": "jpg",  # a JPEG with extra frames (phone cameras)
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "AVIF": "avif",
    "HEIF": "heic",
}
FALLBACK_STEM = "image"
# The file field holds 100 characters with "original_images/" and the storage's
# "_abc1234" suffix for a taken name: the stem stays well under.
MAX_STEM_LENGTH = 60


def safe_stem(filename: str) -> str:
    """The uploader's name without folders or extensions, as an ASCII slug."""
    base = re.split(r"[\\/]", filename)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    ascii_text = (
        unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    )
    # Dots and underscores become hyphens, so "a.php" cannot look like an extension.
    slug = slugify(re.sub(r"[._]+", " ", ascii_text))[:MAX_STEM_LENGTH].strip("-")
    return slug or FALLBACK_STEM


def extension_for(image_format: str | None, filename: str) -> str:
    """The detected format's extension; the name's own only when Pillow found no
    format (Wagtail's form has already refused what it cannot read)."""
    if image_format and image_format.upper() in EXTENSION_FOR_FORMAT:
        return EXTENSION_FOR_FORMAT[image_format.upper()]
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "jpeg":
        return "jpg"
    return suffix if suffix in set(EXTENSION_FOR_FORMAT.values()) else "bin"


def safe_image_filename(filename: str, image_format: str | None) -> str:
    return f"{safe_stem(filename)}.{extension_for(image_format, filename)}"
