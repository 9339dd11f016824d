from __future__ import annotations

import hashlib

from django.core.files.images import ImageFile
from django.db import transaction

from .models import NewsImage


@transaction.atomic
def create_image(
    *,
    title: str,
    filename: str,
    content: bytes,
    alt: str = "",
    credit: str = "",
    caption: str = "",
    copyright_notice: str = "",
) -> NewsImage:
    """Store an image file with its alt text, credit, caption and copyright notice.

    An identical file already in the library is reused (matched by content hash), so
    importing the same story twice does not fill the library with copies.
    """
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    existing = NewsImage.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing
    from io import BytesIO

    image = NewsImage(
        title=title[:255],
        description=alt[:255],
        credit=credit[:255],
        caption=caption,
        copyright_notice=copyright_notice[:255],
        file=ImageFile(BytesIO(content), name=filename),
    )
    image.file_hash = digest
    image.file_size = len(content)
    image.save()
    return image
