"""Read a photo's own credit and caption from its IPTC, XMP and EXIF metadata.

Pure: bytes in, plain values out, no models. Agencies write the same facts in up
to three places; XMP (Unicode by definition) wins over IPTC, which wins over EXIF.
Anything unreadable, oversized or oddly encoded is skipped with a note, never raised:
a photo must still upload when its metadata is broken.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from PIL import Image, IptcImagePlugin

MAX_XMP_BYTES = 512 * 1024
MAX_IPTC_BYTES = 256 * 1024
MAX_FIELD_CHARS = 2000
MAX_SHORT_CHARS = 255

# IPTC IIM datasets (record 2) and the EXIF tags that carry the same facts.
IPTC_FIELDS = {
    (2, 80): "creator",  # By-line
    (2, 105): "headline",
    (2, 110): "credit",
    (2, 115): "source",
    (2, 116): "copyright",
    (2, 120): "caption",  # Caption/Abstract
}
IPTC_CODED_CHARSET = (1, 90)
UTF8_ESCAPE = b"\x1b%G"
EXIF_FIELDS = {0x013B: "creator", 0x8298: "copyright", 0x010E: "caption"}

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}
XMP_FIELDS = {
    "creator": ("dc", "creator"),
    "copyright": ("dc", "rights"),
    "caption": ("dc", "description"),
    "credit": ("photoshop", "Credit"),
    "source": ("photoshop", "Source"),
    "headline": ("photoshop", "Headline"),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COPYRIGHT_PREFIX = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?", re.I)


@dataclass(frozen=True)
class PhotoMetadata:
    creator: str = ""
    credit: str = ""
    source: str = ""
    copyright: str = ""
    caption: str = ""
    headline: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def credit_line(self) -> str:
        """As a caption prints it: "Creator/Agency", else the copyright holder.

        Creator, credit line and source each appear once, however the agency
        repeated them (see ``join_credit_parts``).
        """
        line = join_credit_parts([self.creator, self.credit, self.source])
        if line:
            return line[:MAX_SHORT_CHARS]
        return _COPYRIGHT_PREFIX.sub("", self.copyright).strip()[:MAX_SHORT_CHARS]

    @property
    def copyright_notice(self) -> str:
        """The file's copyright notice as written (e.g. "© 2018 Getty Images")."""
        return " ".join(self.copyright.split())[:MAX_SHORT_CHARS]

    @property
    def alt_suggestion(self) -> str:
        """A starting point for alt text: the headline, else the caption."""
        return (self.headline or self.caption)[:MAX_SHORT_CHARS].strip()


def _credit_key(part: str) -> str:
    return "/".join(" ".join(piece.split()) for piece in part.casefold().split("/"))


def join_credit_parts(parts: list[str]) -> str:
    """Join credit parts with "/", each fact once.

    Agencies often repeat the photographer in the credit line (creator "Jane Doe",
    credit "Jane Doe/Reuters", source "Reuters"), which naive joining prints as
    "Jane Doe/Jane Doe/Reuters/Reuters". A part equal to an earlier one (ignoring
    case and spacing), or found as whole words inside another part, is dropped;
    the first spelling is kept.
    """
    kept: list[tuple[str, str]] = []  # (as written, comparison key)
    for part in parts:
        part = " ".join(part.split())
        key = _credit_key(part)
        if not key or any(key == other for _, other in kept):
            continue
        kept.append((part, key))
    result = []
    for part, key in kept:
        contained = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
        if any(other != key and contained.search(other) for _, other in kept):
            continue
        result.append(part)
    return "/".join(result)


def clean_text(value: str, limit: int = MAX_FIELD_CHARS) -> str:
    """Normalise, drop control characters, collapse runs of spaces, cap the length."""
    value = unicodedata.normalize("NFC", value)
    value = _CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return "\n".join(line for line in lines if line)[:limit].strip()


def decode_legacy_bytes(raw: bytes, *, utf8: bool) -> str:
    """IPTC text is UTF-8 when declared; otherwise usually Latin-1 / Windows-1252."""
    if utf8:
        return raw.decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_photo_metadata(content: bytes) -> PhotoMetadata:
    """Credit, copyright, creator, caption and headline found in ``content``."""
    notes: list[str] = []
    try:
        with Image.open(BytesIO(content)) as image:
            found: dict[str, str] = {}
            for reader in (read_exif, read_iptc, read_xmp):  # later ones win
                try:
                    values = reader(image)
                except MetadataError as exc:
                    notes.append(str(exc))
                    continue
                found.update({k: v for k, v in values.items() if v})
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return PhotoMetadata(notes=("The file's metadata could not be read.",))
    return PhotoMetadata(**found, notes=tuple(notes))


class MetadataError(Exception):
    """One metadata block is unreadable; its message is shown to the editor."""


def read_exif(image: Image.Image) -> dict[str, str]:
    try:
        exif = image.getexif()
        values = {}
        for tag, name in EXIF_FIELDS.items():
            raw = exif.get(tag)
            if isinstance(raw, bytes):
                raw = decode_legacy_bytes(raw, utf8=False)
            if isinstance(raw, str):
                values[name] = clean_text(raw)
        return values
    except (OSError, ValueError, SyntaxError, struct.error, KeyError, TypeError):
        raise MetadataError("EXIF data was unreadable and was ignored.") from None


def read_iptc(image: Image.Image) -> dict[str, str]:
    photoshop = image.info.get("photoshop") or {}
    block = photoshop.get(0x0404, b"") if isinstance(photoshop, dict) else b""
    if len(block) > MAX_IPTC_BYTES:
        raise MetadataError("IPTC data was too large and was ignored.")
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except (OSError, ValueError, SyntaxError, struct.error, IndexError, TypeError):
        raise MetadataError("IPTC data was malformed and was ignored.") from None
    charset = info.get(IPTC_CODED_CHARSET, b"")
    utf8 = isinstance(charset, bytes) and charset.startswith(UTF8_ESCAPE)
    values = {}
    for key, name in IPTC_FIELDS.items():
        raw = info.get(key)
        if isinstance(raw, list):  # repeated dataset, e.g. several by-lines
            raw = b", ".join(item for item in raw if isinstance(item, bytes))
        if isinstance(raw, bytes):
            values[name] = clean_text(decode_legacy_bytes(raw, utf8=utf8))
    return values


def read_xmp(image: Image.Image) -> dict[str, str]:
    packet = image.info.get("xmp")
    if not packet:
        return {}
    if not isinstance(packet, bytes | str) or len(packet) > MAX_XMP_BYTES:
        raise MetadataError("XMP data was too large and was ignored.")
    if isinstance(packet, bytes):
        packet = packet.strip(b"\x00 \r\n\t")
    try:
        root = SafeET.fromstring(packet)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        raise MetadataError("XMP data was malformed and was ignored.") from None
    values = {}
    for name, (prefix, local) in XMP_FIELDS.items():
        tag = f"{{{NS[prefix]}}}{local}"
        text = _xmp_value(root, tag)
        if text:
            values[name] = clean_text(text)
    return values


def _xmp_value(root, tag: str) -> str:
    """A property as an element (plain, rdf:Alt, rdf:Seq or rdf:Bag) or attribute."""
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        if tag in description.attrib:
            return description.attrib[tag]
    for element in root.iter(tag):
        items = [li.text or "" for li in element.iter(f"{{{NS['rdf']}}}li")]
        if items:
            return ", ".join(item.strip() for item in items if item.strip())
        if element.text and element.text.strip():
            return element.text
    return ""
