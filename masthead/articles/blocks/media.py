"""Audio and video files from the document library, played by the browser itself."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

# Formats every current browser plays without a plug-in, and their MIME types.
AUDIO_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
}
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "ogv": "video/ogg"}
MEDIA_EXTENSIONS = (*AUDIO_TYPES, *VIDEO_TYPES)


def media_kind(filename: str) -> tuple[str, str] | None:
    """("audio" or "video", MIME type) for a playable file name, else None."""
    extension = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    if extension in AUDIO_TYPES:
        return "audio", AUDIO_TYPES[extension]
    if extension in VIDEO_TYPES:
        return "video", VIDEO_TYPES[extension]
    return None


class MediaFileBlock(blocks.StructBlock):
    file = DocumentChooserBlock(
        help_text="An audio file (mp3, m4a, ogg, oga, wav) or a video file "
        "(mp4, webm, ogv) from the document library."
    )
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Leave empty to use the document's title.",
    )
    caption = blocks.TextBlock(required=False)
    credit = blocks.CharBlock(required=False, max_length=255)
    transcript = blocks.TextBlock(
        required=False,
        help_text="What is said, for readers who cannot listen (and for search).",
    )

    class Meta:
        icon = "media"
        label = "Audio or video file"
        template = "articles/blocks/media_file.html"

    def clean(self, value):
        value = super().clean(value)
        document = value.get("file")
        name = document.file.name if document is not None else ""
        if document is not None and media_kind(name) is None:
            shown = PurePosixPath(name).name
            raise StructBlockValidationError(
                block_errors={
                    "file": ValidationError(
                        f"'{shown}' is not an audio or video file. Choose one of: "
                        f"{', '.join(MEDIA_EXTENSIONS)}."
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        document = value.get("file")
        found = media_kind(document.file.name) if document is not None else None
        context["media"] = (
            {
                "kind": found[0],
                "mime": found[1],
                "url": document.url,
                "title": value.get("title") or document.title,
            }
            if found
            else None
        )
        return context
