"""Feeds polled from a real local HTTP server, WordPress exports, bad items in batches.

Each story is saved in its own transaction; these tests check that a bad item
leaves nothing behind and the rest of the batch goes on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import DatabaseError
from wagtail.contrib.redirects.models import Redirect

from masthead.articles.models import ArticlePage
from masthead.images.models import NewsImage
from masthead.ingest import polling, saving, sources, wordpress
from masthead.ingest.models import FeedSubscription, ImportedItem
from masthead.ingest.parsers.feed import parse_feed
from masthead.ingest.report import ImportFailed
from masthead.people.models import Person
from masthead.sections.models import SectionPage
from tests.factories import make_jpeg_bytes

DATA = Path(__file__).resolve().parent / "data"
pytestmark = pytest.mark.django_db


def serve_feed(local_server, name: str, path: str = "/feed.rss") -> str:
    # The feed's pictures point at the same local server.
    xml = (DATA / name).read_text(encoding="utf-8")
    xml = xml.replace("https://coastwire.example/img/", local_server.url("/img/"))
    local_server.serve("/img/lifeboat.jpg", make_jpeg_bytes(), headers={})
    return local_server.serve(path, xml.encode(), headers={"Content-Type": "text/xml"})


def latest(article: ArticlePage) -> ArticlePage:
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()


def test_polling_imports_drafts_then_skips_then_updates_without_duplicates(
    section, local_server, allow_local
):
    url = serve_feed(local_server, "partner-feed-v1.rss")
    feed = FeedSubscription.objects.create(name="Coastwire", url=url, section=section)

    first = polling.poll_feed(feed)
    assert (len(first.created), len(first.failed)) == (2, 0), first.failed
    stories = ArticlePage.objects.child_of(section).order_by("title")
    assert [s.title for s in stories] == [
        "Harbour car park charges to rise in the autumn",
        "Lifeboat crew rescues two kayakers off the point",
    ]
    assert not any(s.live for s in stories)  # drafts by default
    lifeboat = stories[1]
    assert lifeboat.source_name == "Coastwire Regional"
    assert lifeboat.source_id == "coastwire-1001"
    assert lifeboat.source_url == "https://coastwire.example/2024/lifeboat-rescue"
    picture = NewsImage.objects.get(credit="Coastwire/RNLI")
    assert picture.caption == "The crew launched within eight minutes"
    assert "Share this story" not in str(lifeboat.body)

    again = polling.poll_feed(feed)
    assert (len(again.created), len(again.updated), len(again.skipped)) == (0, 0, 2)

    serve_feed(local_server, "partner-feed-v2.rss")
    revisions = lifeboat.revisions.count()
    third = polling.poll_feed(feed)
    assert third.updated == ["Lifeboat crew rescues two kayakers off the point"]
    assert third.created == ["Beach cafe wins award for its chips"]
    assert third.skipped == ["Harbour car park charges to rise in the autumn"]
    assert ArticlePage.objects.child_of(section).count() == 3
    assert ImportedItem.objects.count() == 3
    assert lifeboat.revisions.count() == revisions + 1
    assert "checked by paramedics" in str(latest(lifeboat).body)
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    assert feed.last_error == ""
    assert feed.last_summary == "created 1, updated 1, skipped 1, failed 0"


def test_a_publishing_feed_publishes_new_items_and_their_updates(
    section, local_server, allow_local
):
    url = serve_feed(local_server, "partner-feed-v1.rss")
    feed = FeedSubscription.objects.create(
        name="Coastwire", url=url, section=section, publish=True
    )
    polling.poll_feed(feed)
    assert ArticlePage.objects.child_of(section).live().count() == 2
    serve_feed(local_server, "partner-feed-v2.rss")
    polling.poll_feed(feed)
    lifeboat = ArticlePage.objects.get(source_id="coastwire-1001")
    assert lifeboat.live and not lifeboat.has_unpublished_changes
    assert "checked by paramedics" in str(lifeboat.body)


def test_a_slow_feed_times_out_with_a_message_and_the_other_feeds_go_on(
    section, local_server, allow_local, settings
):
    settings.MASTHEAD_INGEST_TIMEOUT = 0.5
    slow = FeedSubscription.objects.create(
        name="Slow wire",
        url=local_server.serve_slowly("/slow.rss", delay=3),
        section=section,
    )
    FeedSubscription.objects.create(
        name="Hill",
        url=local_server.serve("/hill.atom", (DATA / "agency.atom").read_bytes()),
        section=section,
    )
    report = polling.poll_feeds()
    assert report.created == ["Reservoir levels back to normal after wet spring"]
    assert len(report.failed) == 1
    assert report.failed[0][0] == "Slow wire"
    assert "timed out" in report.failed[0][1]
    slow.refresh_from_db()
    assert "timed out" in slow.last_error


def test_the_worker_job_is_registered():
    from masthead.core import periodic

    assert "ingest.poll_feeds" in [job.name for job in periodic.registered_jobs()]


def test_a_feed_refused_by_the_ssrf_guard_records_why(section, local_server, settings):
    settings.MASTHEAD_INGEST_ALLOWED_HOSTS = []
    feed = FeedSubscription.objects.create(
        name="Inside",
        url=serve_feed(local_server, "partner-feed-v1.rss"),
        section=section,
    )
    report = polling.poll_feed(feed)
    assert report.created == []
    feed.refresh_from_db()
    assert "loopback" in feed.last_error
    assert local_server.hits == []


# -- WordPress --------------------------------------------------------------------


def wordpress_counts():
    return {
        "articles": ArticlePage.objects.count(),
        "sections": SectionPage.objects.count(),
        "people": Person.objects.count(),
        "redirects": Redirect.objects.count(),
        "items": ImportedItem.objects.count(),
    }


def test_a_wordpress_export_imports_once_and_rerunning_changes_nothing(section):
    document = sources.read_source(str(DATA / "wordpress-export.xml"))
    assert document.kind == "wxr"

    first = sources.import_document(document)
    assert len(first.created) == 3, first.failed
    assert first.failed == [
        ("post 900: Unfinished idea", "the document has no paragraphs")
    ]
    assert "Main menu: a nav_menu_item item is not a story" in first.skipped
    assert "3 comments skipped (comments are not imported)" in first.notes
    counts = wordpress_counts()

    library = ArticlePage.objects.get(title="Library extends its opening hours")
    assert library.get_parent().specific.title == "Local"
    assert not library.live  # drafts by default
    assert [a.person.name for a in library.authors.all()] == ["Priya Natarajan"]
    assert [t.name for t in library.tags.all()] == ["library"]
    gallery = ArticlePage.objects.get(title="Gallery opens a room for local painters")
    assert gallery.get_parent().specific.title == "Arts & Culture"
    assert gallery.standfirst == "Forty works chosen from three hundred entries"
    about = ArticlePage.objects.get(title="About us")
    assert about.get_parent().slug == "pages"
    redirect = Redirect.objects.get(old_path="/2024/01/09/library-extends-hours")
    assert redirect.redirect_page_id == library.pk
    assert Redirect.objects.filter(old_path="/about", redirect_page=about).exists()
    # The picture lives on an address that cannot be fetched: its metadata is kept.
    record = ImportedItem.objects.get(article=library)
    missing = record.missing_figures
    assert missing[0]["credit"] == "Northside Council"
    assert missing[0]["caption"] == "The reading room was refurbished last year"
    assert missing[0]["alt"] == "The library reading room"
    assert any("picture not imported" in note for note in first.notes)

    second = sources.import_document(document)
    assert (len(second.created), len(second.updated)) == (0, 0)
    assert len(second.skipped) == 4  # three stories unchanged + the menu item
    assert wordpress_counts() == counts


def test_wordpress_publish_keeps_drafts_as_drafts(section):
    export = sources.parse_document(
        sources.read_source(str(DATA / "wordpress-export.xml"))
    )
    wordpress.import_wxr(export, publish=True, fetch_images=False)
    assert ArticlePage.objects.get(title="About us").live


def test_an_entity_bomb_is_refused_with_a_message_and_nothing_is_created(section):
    before = wordpress_counts()
    report = sources.import_document(
        sources.read_source(str(DATA / "wxr-entity-bomb.xml"))
    )
    assert "refused for safety" in report.failed[0][1]
    assert wordpress_counts() == before


def test_a_failure_while_saving_one_story_leaves_nothing_of_it(section, monkeypatch):
    real = saving.record_redirect

    def fail_for_gallery(old_url, article):
        if "gallery" in old_url:
            raise DatabaseError("disk full")
        real(old_url, article)

    # Fault injection: the redirect is written last, inside the story's transaction.
    monkeypatch.setattr(saving, "record_redirect", fail_for_gallery)
    report = sources.import_document(
        sources.read_source(str(DATA / "wordpress-export.xml")), fetch_images=False
    )
    failed = dict(report.failed)
    assert "disk full" in failed["post 830: Gallery opens a room for local painters"]
    assert not ArticlePage.objects.filter(title__startswith="Gallery").exists()
    assert not ImportedItem.objects.filter(guid__endswith=":830").exists()
    assert ArticlePage.objects.filter(title="About us").exists()  # the batch went on


# -- single documents and bad input -------------------------------------------------


def test_bad_files_in_a_batch_each_get_a_clear_message(section, tmp_path):
    files = {
        "empty.txt": b"",
        "picture.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "chrome.txt": b"Log in with your credentials\nForgot your details?\n",
    }
    messages = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        try:
            report = sources.import_document(sources.read_source(str(tmp_path / name)))
            messages[name] = report.failed[0][1]
        except ImportFailed as exc:
            messages[name] = str(exc)
    assert "empty" in messages["empty.txt"]
    assert "binary file" in messages["picture.html"]
    assert "nothing to import" in messages["chrome.txt"]
    assert ArticlePage.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(section, tmp_path, settings):
    settings.MASTHEAD_INGEST_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(ImportFailed, match="larger than the 1 MB"):
        sources.read_source(str(big))


def test_a_web_page_url_becomes_a_draft_with_its_picture(
    section, local_server, allow_local
):
    page = Path(__file__).resolve().parent / "corpus" / "h07-lazy-images-pixels.html"
    html = page.read_bytes().replace(
        b"https://crier.example/img/", local_server.url("/img/").encode()
    )
    local_server.serve("/img/market-roof.jpg", make_jpeg_bytes(colour=(1, 2, 3)))
    local_server.serve("/img/stalls-400.jpg", make_jpeg_bytes(colour=(4, 5, 6)))
    url = local_server.serve(
        "/market.html", html, headers={"Content-Type": "text/html"}
    )
    report = sources.import_document(sources.read_source(url))
    assert report.created == ["Market hall roof to be replaced"], report.failed
    article = ArticlePage.objects.get(title="Market hall roof to be replaced")
    assert article.lead_image.credit == "Ivo Santos"
    assert article.lead_caption == "Repairs have been patched for a decade"
    assert NewsImage.objects.filter(credit="Town Crier").exists()
    # Only pictures were fetched besides the page: never the tracking pixel.
    assert "/pixel.gif" not in local_server.hits


def test_a_story_an_editor_deleted_is_not_brought_back_by_the_next_poll(
    section, local_server, allow_local
):
    url = serve_feed(local_server, "partner-feed-v1.rss")
    feed = FeedSubscription.objects.create(name="Coastwire", url=url, section=section)
    polling.poll_feed(feed)
    lifeboat = ArticlePage.objects.get(source_id="coastwire-1001")
    lifeboat.delete()

    again = polling.poll_feed(feed)

    assert again.created == []
    assert "Lifeboat crew rescues two kayakers off the point" in again.skipped
    assert any("deleted by an editor" in note for note in again.notes)
    assert not ArticlePage.objects.filter(source_id="coastwire-1001").exists()

    # An editor who imports it again by hand gets it back.
    item = next(
        item
        for item in parse_feed(
            (DATA / "partner-feed-v1.rss").read_bytes(), url=url
        ).items
        if item.guid.endswith("1001") or "lifeboat" in item.link
    )
    status, article, _ = saving.save_story(
        item.parsed, section=section, guid=item.guid, url=item.link, fetch_images=False
    )
    assert status == "created" and article.title.startswith("Lifeboat crew")
