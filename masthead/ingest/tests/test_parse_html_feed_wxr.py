"""Pure tests of the HTML, feed and WordPress parsers: shapes, bad input, no crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.ingest.parsers import ParsedArticle
from masthead.ingest.parsers.feed import parse_feed
from masthead.ingest.parsers.html import parse_html, parse_html_fragment
from masthead.ingest.parsers.wxr import WxrError, parse_wxr

DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(__file__).resolve().parent / "corpus"


def test_json_ld_wins_over_opengraph_and_the_title():
    page = b"""<html><head><title>Short | Site</title>
    <meta property="og:title" content="OG headline">
    <meta property="og:site_name" content="OG Site">
    <script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "The real headline", "publisher": {"name": "Real Publisher"},
      "author": "Jo Bloggs", "datePublished": "2024-01-02T03:04:05Z"}</script>
    </head><body><article><p>A first paragraph that is long enough to be kept here.</p>
    </article></body></html>"""
    parsed = parse_html(page, url="https://news.example/a")
    assert parsed.headline == "The real headline"
    assert parsed.source.name == "Real Publisher"
    assert parsed.source.url == "https://news.example/a"
    assert parsed.authors == ("Jo Bloggs",)
    assert parsed.published == "2024-01-02T03:04:05+00:00"


def test_broken_json_ld_is_ignored_not_fatal():
    page = b"""<html><head><script type="application/ld+json">{"@type": "NewsA</script>
    <meta property="og:title" content="From OpenGraph"></head>
    <body><p>Some words of a story that stand here.</p></body></html>"""
    assert parse_html(page).headline == "From OpenGraph"


def test_relative_figure_addresses_are_made_absolute():
    page = b"""<html><body><article><h1>Title</h1>
    <figure><img src="/a.jpg" alt="A"><figcaption>Cap</figcaption></figure>
    <p>The only paragraph of this small story, long enough to count.</p>
    </article></body></html>"""
    parsed = parse_html(page, url="https://news.example/story/1")
    assert parsed.figures[0].src == "https://news.example/a.jpg"


def test_script_in_the_page_never_reaches_the_text():
    page = b"""<html><body><article><h1>Title</h1>
    <p>Before <script>alert('x')</script>after, in one paragraph of text.</p>
    <p>&lt;script&gt;alert(1)&lt;/script&gt; is shown as text, not run.</p>
    </article></body></html>"""
    parsed = parse_html(page)
    assert all("alert('x')" not in p for p in parsed.paragraphs)
    assert any("<script>alert(1)</script>" in p for p in parsed.paragraphs)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"\x00\x01\x02\xff\xfe" * 100,
        os.urandom(4096),
        b"<html",
        b"<<<>>>",
    ],
)
def test_empty_binary_and_broken_pages_give_an_empty_article(data):
    parsed = parse_html(data)
    assert isinstance(parsed, ParsedArticle)
    assert parsed.to_dict()["paragraphs"] == list(parsed.paragraphs)


def test_latin1_page_with_smart_quotes_reads_as_windows_1252():
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><article>'
        "<h1>Caf\u00e9 reopens</h1><p>\u201cWe\u2019re back,\u201d said the owner "
        "of the caf\u00e9 on the corner of the square.</p></article></body></html>"
    ).encode("cp1252")
    parsed = parse_html(page)
    assert parsed.headline == "Caf\u00e9 reopens"
    assert "\u201cWe\u2019re back,\u201d" in parsed.paragraphs[0]


def test_a_huge_page_is_parsed_without_crashing():
    # About 2 MB of distinct paragraphs (identical ones are deduplicated).
    paragraphs = "".join(
        f"<p>Paragraph {n} says " + "word " * 200 + "end.</p>" for n in range(2000)
    )
    page = "<html><body><article><h1>Big</h1>" + paragraphs + "</article>"
    parsed = parse_html(page.encode())
    assert parsed.headline == "Big"
    assert len(parsed.paragraphs) > 100


def test_fragments_split_blank_line_paragraphs_and_keep_figures_in_place():
    parsed = parse_html_fragment(
        "First paragraph here.\n\n<figure><img src='x.jpg' alt='X'>"
        "<figcaption>Cap <span class='credit'>Cred</span></figcaption></figure>"
        "\n\nSecond paragraph here.",
        headline="Head",
    )
    assert parsed.paragraphs == ("First paragraph here.", "Second paragraph here.")
    assert [(f.caption, f.credit, f.position) for f in parsed.figures] == [
        ("Cap", "Cred", 1)
    ]


# -- feeds ------------------------------------------------------------------------


def test_rss_items_become_articles_keyed_by_guid():
    feed = parse_feed((DATA / "partner-feed-v1.rss").read_bytes())
    assert feed.title == "Coastwire Regional"
    assert [item.key for item in feed.items] == ["coastwire-1001", "coastwire-1002"]
    first = feed.items[0].parsed
    assert first.headline == "Lifeboat crew rescues two kayakers off the point"
    assert first.authors == ("Jenna Moor",)
    assert first.source.name == "Coastwire Regional"
    assert first.published == "2024-07-06T10:15:00+00:00"
    assert first.removed == ("Share this story",)
    assert [(f.caption, f.credit, f.position) for f in first.figures] == [
        ("The crew launched within eight minutes", "Coastwire/RNLI", 1)
    ]


def test_a_changed_item_has_a_different_digest():
    one = parse_feed((DATA / "partner-feed-v1.rss").read_bytes()).items[0]
    two = parse_feed((DATA / "partner-feed-v2.rss").read_bytes()).items[0]
    assert one.key == two.key
    assert one.digest() != two.digest()


def test_atom_entries_are_read():
    feed = parse_feed((DATA / "agency.atom").read_bytes())
    assert feed.items[0].key == "urn:hill:2001"
    assert feed.items[0].parsed.authors == ("Ola Berg",)
    assert len(feed.items[0].parsed.paragraphs) == 2


@pytest.mark.parametrize(
    "data", [b"", b"not a feed at all", b"\x89PNG\r\n\x1a\n\x00\x00", b"<rss><channel>"]
)
def test_unreadable_feeds_give_an_error_message_not_an_exception(data):
    feed = parse_feed(data)
    assert feed.error
    assert feed.items == ()


# -- WordPress --------------------------------------------------------------------


def test_wordpress_export_is_read_into_posts_pages_people_and_terms():
    export = parse_wxr((DATA / "wordpress-export.xml").read_bytes())
    assert export.authors == {"priya": "Priya Natarajan", "tomr": "Tom Ridley"}
    assert export.categories == {"local": "Local", "arts": "Arts & Culture"}
    kinds = [(post.kind, post.id, post.status) for post in export.posts]
    assert kinds == [
        ("post", "812", "publish"),
        ("post", "830", "publish"),
        ("page", "2", "publish"),
        ("post", "900", "draft"),
    ]
    library = export.posts[0]
    assert library.comments == 2
    assert library.thumbnail_id == "815"
    assert library.path == "/2024/01/09/library-extends-hours/"
    assert library.tags == ("library",)
    assert library.parsed.figures[0].credit == "Northside Council"
    assert export.attachments["815"].alt == "The library reading room"
    gallery = export.posts[1].parsed
    assert gallery.standfirst == "Forty works chosen from three hundred entries"
    assert len(gallery.paragraphs) == 3  # blank-line paragraphs, no <p> tags
    assert export.skipped == ("Main menu: a nav_menu_item item is not a story",)


@pytest.mark.parametrize("name", ["wxr-entity-bomb.xml", "wxr-external-entity.xml"])
def test_entity_bombs_and_external_entities_are_refused_with_a_message(name):
    with pytest.raises(WxrError, match="refused for safety"):
        parse_wxr((DATA / name).read_bytes())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<rss><channel>", "not well-formed"),
        (b"<html><body/></html>", "not a WordPress export"),
        (os.urandom(256), "not well-formed"),
    ],
)
def test_bad_wordpress_files_raise_a_clear_error(data, message):
    with pytest.raises(WxrError, match=message):
        parse_wxr(data)


# -- never crash ------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()))
tags = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<figure>",
        "</figure>",
        "<img src='a.jpg' alt='x'>",
        "<figcaption>",
        "</figcaption>",
        "<span class='credit'>",
        "</span>",
        "<article>",
        "</article>",
        "<h1>",
        "</h1>",
        "<script>",
        "</script>",
        '<script type="application/ld+json">{"@type":"NewsArticle","author":[',
        "<nav>",
        "</nav>",
        "<!--",
        "-->",
        "&amp;",
        "&#0;",
        "&bogus;",
        "<![CDATA[",
        "<meta property='og:title' content='",
        "'>",
        "\x00",
        "\n\n",
    ]
)
html_like = st.lists(st.one_of(tags, any_text), max_size=40).map("".join)
slow = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@slow
@given(html_like)
def test_the_html_parser_never_crashes(html):
    parsed = parse_html(html)
    assert ParsedArticle.from_dict(parsed.to_dict()) == parsed
    for figure in parsed.figures:
        assert 0 <= figure.position <= len(parsed.paragraphs)


@slow
@given(st.binary(max_size=2000))
def test_the_html_parser_never_crashes_on_bytes(data):
    parse_html(data)


@slow
@given(html_like)
def test_the_fragment_parser_never_crashes(html):
    parsed = parse_html_fragment(html, headline="x")
    for figure in parsed.figures:
        assert 0 <= figure.position <= len(parsed.paragraphs)


feed_like = st.builds(
    lambda title, body, guid: (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>'
        + title
        + "</title><item><title>"
        + title
        + "</title><guid>"
        + guid
        + "</guid><description><![CDATA["
        + body
        + "]]></description></item></channel></rss>"
    ).encode("utf-8", "surrogatepass"),
    any_text,
    html_like,
    any_text,
)


@slow
@given(st.one_of(feed_like, st.binary(max_size=2000)))
def test_the_feed_parser_never_crashes(data):
    feed = parse_feed(data)
    assert feed.error or isinstance(feed.items, tuple)


wxr_like = st.builds(
    lambda title, body: (
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<item><title>" + title + "</title><wp:post_type>post</wp:post_type>"
        "<content:encoded><![CDATA[" + body + "]]></content:encoded></item>"
        "</channel></rss>"
    ).encode("utf-8", "surrogatepass"),
    any_text,
    html_like,
)


@slow
@given(st.one_of(wxr_like, st.binary(max_size=2000)))
def test_the_wordpress_parser_only_ever_raises_its_own_error(data):
    try:
        parse_wxr(data)
    except WxrError as exc:
        assert str(exc)


def test_every_html_corpus_page_parses_to_something():
    for path in sorted(CORPUS.glob("*.html")):
        parsed = parse_html(path.read_bytes())
        assert parsed.headline and parsed.paragraphs, path.name
