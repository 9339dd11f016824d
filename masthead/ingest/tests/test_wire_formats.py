"""Issue 18: news agency copy (IPTC ninjs and NewsML-G2), test files written from
the IPTC specifications: headline, body, bylines, subjects, pictures with
credits, and an embargo that keeps an item from being published early."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from masthead.articles.models import ArticlePage
from masthead.ingest import sources
from masthead.ingest.parsers.wire import parse_newsml, parse_ninjs

DATA = Path(__file__).resolve().parent / "data"


def test_a_ninjs_2_item_gives_every_part():
    (item,) = parse_ninjs((DATA / "ninjs-item.json").read_bytes()).items
    parsed = item.parsed
    assert parsed.headline == "Ferry crews vote to strike over rotas"
    assert parsed.standfirst == "Walkouts could begin before Easter, the union says."
    assert parsed.authors == ("Jenna Moor", "Rob Tate")
    assert len(parsed.paragraphs) == 3
    assert item.tags == ("Labour dispute", "Maritime transport")
    assert item.embargo is None
    (figure,) = parsed.figures
    assert (figure.caption, figure.credit) == (
        "The ferry at the island pier on Monday.",
        "Tom Reed/Coastwire",
    )
    assert figure.src == "https://wire.example/pictures/ferry-001.jpg"
    assert parsed.published == "2024-03-05T08:00:00+00:00"


def test_a_newsml_g2_message_joins_its_picture_to_the_story():
    (item,) = parse_newsml((DATA / "newsml-g2-message.xml").read_bytes()).items
    parsed = item.parsed
    assert parsed.headline == "Old swing bridge to reopen after two-year repair"
    assert parsed.authors == ("Mira Chen",)
    assert parsed.paragraphs[0].startswith("The harbour's swing bridge will reopen")
    assert len(parsed.paragraphs) == 3
    assert item.tags == ("Infrastructure",)
    assert item.embargo == "2099-06-01T06:00:00+00:00"
    assert parsed.source.name == "Coastwire Agency"
    (figure,) = parsed.figures
    assert figure.credit == "Mira Chen/Coastwire"
    assert figure.caption == "The swing bridge during its final test on Tuesday."


def test_unreadable_wire_copy_gives_a_reason_not_an_exception():
    assert parse_newsml(b"<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/'").error
    assert parse_ninjs(b"{not json").error


@pytest.mark.django_db
def test_wire_items_import_with_byline_tags_and_the_embargo_kept(section):
    report = sources.import_document(
        sources.read_source(str(DATA / "ninjs-item.json")),
        section=section,
        publish=True,
        fetch_images=False,
    )
    assert report.created == ["Ferry crews vote to strike over rotas"], report.failed
    story = ArticlePage.objects.get()
    assert story.live
    assert [p.name for p in story.byline] == ["Jenna Moor", "Rob Tate"]
    assert sorted(t.name for t in story.tags.all()) == [
        "Labour dispute",
        "Maritime transport",
    ]
    assert story.first_published_at == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)

    for name in ("ninjs-embargoed.json", "newsml-g2-message.xml"):
        document = sources.read_source(str(DATA / name))
        assert document.kind == "wire"
        report = sources.import_document(
            document, section=section, publish=True, fetch_images=False
        )
        assert len(report.created) == 1, report.failed
        assert any("embargoed until" in note for note in report.notes)
        embargoed = ArticlePage.objects.get(title=report.created[0])
        assert not embargoed.live  # not before its time
        assert embargoed.go_live_at is not None
        assert embargoed.go_live_at.year == 2099
        assert embargoed.revisions.filter(approved_go_live_at__isnull=False).exists()
