"""Issue 18: a NewsML-G2 packageItem (a story sent as a package of items) becomes
one story with its pictures, and the package's embargo is kept. Test files are
written from the IPTC NewsML-G2 specification ("Packages")."""

from __future__ import annotations

from pathlib import Path

import pytest

from masthead.articles.models import ArticlePage
from masthead.ingest import sources
from masthead.ingest.parsers.wire import is_newsml, parse_newsml

DATA = Path(__file__).resolve().parent / "data"
PACKAGE = (DATA / "newsml-g2-package.xml").read_bytes()


def test_a_package_becomes_one_story_with_its_pictures_in_order():
    story, factbox = parse_newsml(PACKAGE).items
    parsed = story.parsed
    assert story.guid == "urn:newsml:wire.example:20250602:pkg-ferry"
    assert parsed.headline == "Island ferry returns after engine refit"
    assert parsed.authors == ("Tomas Ruiz",)
    assert len(parsed.paragraphs) == 2
    assert [(f.caption, f.credit, f.src) for f in parsed.figures] == [
        (
            "The ferry at the island pier on Monday morning.",
            "Ana Pires/Coastwire",
            "https://wire.example/pictures/ferry-1.jpg",
        ),
        (
            "Engineers in the ferry's new engine room.",
            "Ana Pires/Coastwire",
            "https://wire.example/pictures/ferry-2.jpg",
        ),
    ]
    assert story.tags == ("Transport",)
    # The factbox in the package is a story of its own, without the pictures.
    assert factbox.parsed.headline == "Factbox: the island's ferries"
    assert factbox.parsed.figures == ()


def test_the_later_embargo_of_package_and_text_holds():
    story = parse_newsml(PACKAGE).items[0]
    assert story.embargo == "2099-06-02T08:00:00+00:00"  # the package's, not 07:00
    earlier = PACKAGE.replace(b"2099-06-02T08:00:00Z", b"2099-06-02T06:00:00Z")
    assert parse_newsml(earlier).items[0].embargo == "2099-06-02T07:00:00+00:00"


def test_a_package_alone_or_cancelled_gives_a_reason():
    alone = (DATA / "newsml-g2-package-alone.xml").read_bytes()
    assert is_newsml(alone[:4096])
    assert "package" in parse_newsml(alone).error
    cancelled = PACKAGE.replace(
        b'<pubStatus qcode="stat:usable"/>\n      </itemMeta>\n      <contentMeta>\n'
        b"        <headline>Ferry package",
        b'<pubStatus qcode="stat:canceled"/>\n      </itemMeta>\n      <contentMeta>\n'
        b"        <headline>Ferry package",
    )
    assert cancelled != PACKAGE
    # A withdrawn package withdraws every text sent in it.
    withdrawn = parse_newsml(cancelled)
    assert withdrawn.items == () and "cancelled" in withdrawn.error


def test_group_loops_and_missing_groups_do_not_hang_or_fail():
    looped = PACKAGE.replace(b'<groupSet root="G1">', b'<groupSet root="G9">')
    assert len(parse_newsml(looped).items[0].parsed.figures) == 2


@pytest.mark.django_db
def test_an_embargoed_package_imports_as_one_scheduled_story(section):
    document = sources.read_source(str(DATA / "newsml-g2-package.xml"))
    assert document.kind == "wire"
    report = sources.import_document(
        document, section=section, publish=True, fetch_images=False
    )
    assert not report.failed, report.failed
    story = ArticlePage.objects.get(title="Island ferry returns after engine refit")
    assert not story.live
    assert story.go_live_at is not None and story.go_live_at.year == 2099
    assert story.go_live_at.hour == 8
    assert [p.name for p in story.byline] == ["Tomas Ruiz"]
    draft = story.get_latest_revision_as_object()
    figures = [b for b in draft.body if b.block_type == "figure"]
    captions = [draft.lead_caption] + [f.value["caption"] for f in figures]
    assert "Engineers in the ferry's new engine room." in captions
    assert "The ferry at the island pier on Monday morning." in captions
