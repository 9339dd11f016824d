"""The image form: fills credit, caption and alt text from the file on upload."""

from __future__ import annotations

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
