"""Real JPEGs carrying IPTC (a hand-built APP13 segment), XMP (an APP1 packet) and
EXIF (written by Pillow), made in memory for the tests."""

from __future__ import annotations

import struct
from io import BytesIO

from PIL import Image

XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


def iptc_dataset(record: int, dataset: int, value: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, dataset, len(value)) + value


def iptc_block(fields: dict[tuple[int, int], bytes], *, utf8: bool = True) -> bytes:
    data = iptc_dataset(1, 90, b"\x1b%G") if utf8 else b""
    data += iptc_dataset(2, 0, b"\x00\x04")  # record version
    for (record, dataset), value in fields.items():
        data += iptc_dataset(record, dataset, value)
    return data


def app13_segment(iptc: bytes) -> bytes:
    """Photoshop 3.0 image resource 0x0404 holding the IPTC data."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00"  # empty name
    resource += struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def app1_xmp_segment(packet: bytes) -> bytes:
    payload = XMP_HEADER + packet
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def xmp_packet(
    *, creator="", rights="", description="", credit="", headline=""
) -> bytes:
    def alt(text):
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt>'

    parts = []
    if creator:
        parts.append(
            f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
        )
    if rights:
        parts.append(f"<dc:rights>{alt(rights)}</dc:rights>")
    if description:
        parts.append(f"<dc:description>{alt(description)}</dc:description>")
    attributes = ""
    if credit:
        attributes += f' photoshop:Credit="{credit}"'
    if headline:
        parts.append(f"<photoshop:Headline>{headline}</photoshop:Headline>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"{attributes}>'
        + "".join(parts)
        + "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


def make_jpeg(
    *,
    iptc: bytes | None = None,
    xmp: bytes | None = None,
    exif: dict[int, str] | None = None,
    size=(64, 48),
) -> bytes:
    buffer = BytesIO()
    image = Image.new("RGB", size, (120, 90, 60))
    options = {}
    if exif:
        exif_data = Image.Exif()
        for tag, value in exif.items():
            exif_data[tag] = value
        options["exif"] = exif_data
    image.save(buffer, "JPEG", **options)
    jpeg = buffer.getvalue()
    segments = b""
    if xmp is not None:
        segments += app1_xmp_segment(xmp)
    if iptc is not None:
        segments += app13_segment(iptc)
    # Right after SOI (and before Pillow's own APP segments) is a valid place.
    return jpeg[:2] + segments + jpeg[2:]
