"""Reading credit, caption and alt suggestions from real JPEG metadata (pure)."""

import pytest

from masthead.images.metadata import join_credit_parts, read_photo_metadata

from .photo_files import iptc_block, make_jpeg, xmp_packet


def test_iptc_fields_are_read_as_utf8_when_declared():
    content = make_jpeg(
        iptc=iptc_block(
            {
                (2, 80): b"Brendan Smialowski",
                (2, 110): b"Getty",
                (2, 116): "© 2018 Getty Images".encode(),
                (2, 120): "Mr Trump and Mr Putin in Helsinki – July".encode(),
                (2, 105): b"Trump and Putin meet",
            }
        )
    )
    metadata = read_photo_metadata(content)
    assert metadata.creator == "Brendan Smialowski"
    assert metadata.credit_line == "Brendan Smialowski/Getty"
    assert metadata.copyright == "© 2018 Getty Images"
    assert metadata.caption == "Mr Trump and Mr Putin in Helsinki – July"
    assert metadata.alt_suggestion == "Trump and Putin meet"
    assert metadata.notes == ()


def test_iptc_without_a_charset_falls_back_to_windows_1252():
    content = make_jpeg(
        iptc=iptc_block({(2, 120): "Café owners’ protest".encode("cp1252")}, utf8=False)
    )
    assert read_photo_metadata(content).caption == "Café owners’ protest"


def test_xmp_wins_over_iptc_and_exif():
    content = make_jpeg(
        iptc=iptc_block({(2, 120): b"IPTC caption", (2, 110): b"IPTC credit"}),
        xmp=xmp_packet(
            creator="Anna Ömer",
            credit="Reuters",
            description="Fishing boats at dawn in Tromsø",
            rights="Copyright Reuters",
            headline="Boats at dawn",
        ),
        exif={0x010E: "EXIF caption", 0x013B: "EXIF artist"},
    )
    metadata = read_photo_metadata(content)
    assert metadata.caption == "Fishing boats at dawn in Tromsø"
    assert metadata.credit_line == "Anna Ömer/Reuters"
    assert metadata.alt_suggestion == "Boats at dawn"


def test_exif_alone_gives_creator_copyright_and_caption():
    content = make_jpeg(
        exif={0x013B: "Jo Bloggs", 0x8298: "(c) 2024 Jo Bloggs", 0x010E: "A kestrel"}
    )
    metadata = read_photo_metadata(content)
    assert metadata.credit_line == "Jo Bloggs"
    assert metadata.caption == "A kestrel"
    assert metadata.alt_suggestion == "A kestrel"


def test_copyright_stands_in_for_a_missing_credit():
    content = make_jpeg(
        iptc=iptc_block({(2, 116): "© 2023 Harbour Photo Agency".encode()})
    )
    assert read_photo_metadata(content).credit_line == "Harbour Photo Agency"


def test_a_photo_without_metadata_gives_empty_values():
    metadata = read_photo_metadata(make_jpeg())
    assert (metadata.credit_line, metadata.caption, metadata.alt_suggestion) == (
        "",
        "",
        "",
    )
    assert metadata.notes == ()


def test_control_characters_and_runs_of_space_are_cleaned():
    content = make_jpeg(
        iptc=iptc_block({(2, 120): b"A\x00 caption\x07   with\r\njunk\x1b"})
    )
    assert read_photo_metadata(content).caption == "A caption with\njunk"


def test_script_in_metadata_is_kept_as_text_not_markup():
    content = make_jpeg(iptc=iptc_block({(2, 120): b"<script>alert(1)</script>"}))
    # Stored as plain text; templates escape it like any other caption.
    assert read_photo_metadata(content).caption == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("label", "options"),
    [
        ("broken xml", {"xmp": b"<x:xmpmeta><rdf:RDF><unclosed"}),
        (
            "entity expansion",
            {
                "xmp": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'
            },
        ),
        ("odd encoding xmp", {"xmp": "<x>caf\u00e9</x>".encode("utf-16")}),
        ("truncated iptc", {"iptc": b"\x1c\x02\x78\xff\xffshort"}),
        ("iptc garbage", {"iptc": b"\x00\x01garbage" * 10}),
    ],
)
def test_malformed_metadata_is_ignored_with_a_note_never_raised(label, options):
    metadata = read_photo_metadata(make_jpeg(**options))
    assert metadata.caption == ""
    if label != "iptc garbage":
        assert metadata.notes, label


def test_oversized_xmp_beyond_the_limit_is_ignored(monkeypatch):
    from masthead.images import metadata as module

    monkeypatch.setattr(module, "MAX_XMP_BYTES", 1000)
    content = make_jpeg(xmp=xmp_packet(description="x" * 2000))
    result = read_photo_metadata(content)
    assert result.caption == ""
    assert "too large" in result.notes[0]


def test_very_long_fields_are_capped():
    content = make_jpeg(
        iptc=iptc_block({(2, 120): b"word " * 3000, (2, 110): b"C" * 900})
    )
    metadata = read_photo_metadata(content)
    assert len(metadata.caption) <= 2000
    assert len(metadata.credit_line) <= 255


def test_bytes_that_are_not_an_image_give_a_note():
    metadata = read_photo_metadata(b"not a picture at all")
    assert metadata.notes


def agency_photo_metadata(**fields):
    """The doubled credit from issue 13: creator, credit line and source overlap."""
    iptc = {
        (2, 80): b"Jane Doe",
        (2, 110): b"Jane Doe/Reuters",
        (2, 115): b"Reuters",
        (2, 116): "© 2026 Thomson Reuters".encode(),
    }
    iptc.update(fields)
    return read_photo_metadata(make_jpeg(iptc=iptc_block(iptc)))


def test_a_credit_that_repeats_the_creator_and_source_is_printed_once():
    metadata = agency_photo_metadata()
    assert metadata.credit_line == "Jane Doe/Reuters"
    assert metadata.source == "Reuters"


def test_the_copyright_notice_is_kept_as_written():
    metadata = agency_photo_metadata()
    assert metadata.copyright_notice == "© 2026 Thomson Reuters"


def test_xmp_source_and_creator_join_the_credit_line():
    packet = xmp_packet(creator="Anna Ömer", credit="NTB", rights="© NTB").replace(
        b' photoshop:Credit="NTB"', b' photoshop:Credit="NTB" photoshop:Source="AP"'
    )
    metadata = read_photo_metadata(make_jpeg(xmp=packet))
    assert metadata.credit_line == "Anna Ömer/NTB/AP"
    assert metadata.copyright_notice == "© NTB"


@pytest.mark.parametrize(
    ("parts", "line"),
    [
        (["Jane Doe", "Jane Doe/Reuters", "Reuters"], "Jane Doe/Reuters"),
        (["JANE  DOE", "jane doe / Reuters", ""], "jane doe / Reuters"),
        (["Jane Doe", "REUTERS", "Reuters"], "Jane Doe/REUTERS"),
        (["Jane Doe", "Reuters/Jane Doe"], "Reuters/Jane Doe"),
        # Whole words only: "Ann" is not inside "Joanne Smith".
        (["Ann", "Joanne Smith"], "Ann/Joanne Smith"),
        (["Brendan Smialowski", "Getty", "AFP"], "Brendan Smialowski/Getty/AFP"),
        (["", "", ""], ""),
    ],
)
def test_credit_parts_are_joined_without_repeats(parts, line):
    assert join_credit_parts(parts) == line
