"""Issue 18, what readers see of an import: a picture not fetched yet shows
nothing on the public page (editors see it pending), and an imported story says
"updated" only when its source was modified after publication, however late an
editor publishes the draft."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.ingest import placeholders, sources
from masthead.ingest.models import ImportedItem
from tests.factories import make_jpeg_bytes

from .test_nothing_lost_on_save import ARCHIVE_RSS, import_feed

pytestmark = pytest.mark.django_db

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour wall repaired after winter storms | Harbour Herald</title>
<script type="application/ld+json">{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "Harbour wall repaired after winter storms",
 "datePublished": "2019-03-05T09:30:00Z", "dateModified": "MODIFIED"}</script>
</head><body><article><h1>Harbour wall repaired after winter storms</h1>
<p>The harbour wall reopened on Monday after three months of repairs.</p>
<p>Fishing boats can moor along its whole length again, the harbour master said.</p>
</article></body></html>"""


def import_page(tmp_path, section, modified: str):
    path = tmp_path / "page.html"
    path.write_text(PAGE.replace("MODIFIED", modified), encoding="utf-8")
    report = sources.import_document(
        sources.read_source(str(path)), section=section, fetch_images=False
    )
    assert report.created, report.failed
    return ArticlePage.objects.get()


def publish_later(story: ArticlePage) -> ArticlePage:
    story.get_latest_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


@pytest.fixture
def pending_story(section, tmp_path, local_server, allow_local):
    picture = local_server.url("/img/ferry.jpg")  # 404 until served
    report = import_feed(
        tmp_path, ARCHIVE_RSS.replace("PICTURE", picture), section=section, publish=True
    )
    assert report.created and not report.failed
    story = ArticlePage.objects.get()
    assert [b.value["image"] for b in story.body if b.block_type == "figure"] == [None]
    return story


def test_a_pending_picture_shows_nothing_to_readers(client, pending_story):
    html = client.get(pending_story.url).content.decode()
    assert "sailed again on Monday" in html
    assert "Harbour at dawn." not in html
    assert "Ben Lee/AFP" not in html
    assert "figure--pending" not in html and "Picture pending" not in html


def test_a_pending_picture_shows_in_preview_with_its_caption(rf, pending_story):
    response = pending_story.make_preview_request(rf.get("/"))
    html = response.rendered_content if hasattr(response, "rendered_content") else ""
    html = html or response.content.decode()
    assert "Picture pending" in html
    assert "Harbour at dawn." in html and "Ben Lee/AFP" in html


def test_the_editor_is_told_which_pictures_are_pending(admin_client, pending_story):
    page = admin_client.get(f"/admin/pages/{pending_story.pk}/edit/")
    assert page.status_code == 200
    assert "1 imported picture is still being fetched" in page.content.decode()
    record = ImportedItem.objects.get()
    record.missing_figures = [{**record.missing_figures[0], "attempts": 99}]
    record.save()
    page = admin_client.get(f"/admin/pages/{pending_story.pk}/edit/")
    assert "could not be fetched" in page.content.decode()


def test_the_worker_fills_the_placeholder_and_readers_then_see_it(
    client, pending_story, local_server
):
    local_server.serve("/img/ferry.jpg", make_jpeg_bytes(), headers={})
    assert placeholders.fill_missing_figures() == 1
    html = client.get(ArticlePage.objects.get().url).content.decode()
    assert "Harbour at dawn." in html and "Ben Lee/AFP" in html
    assert "<img" in html or "<picture" in html
    assert placeholders.describe_pending_pictures(pending_story.pk) == ""


def test_an_archive_draft_published_later_is_not_updated(section, tmp_path):
    xml = ARCHIVE_RSS.replace("PICTURE", "https://herald.example/ferry.jpg")
    import_feed(tmp_path, xml, section=section, fetch_images=False)
    draft = ArticlePage.objects.get()
    assert not draft.live
    story = publish_later(draft)
    assert story.first_published_at == datetime(2019, 3, 5, 9, 30, tzinfo=UTC)
    assert story.last_published_at == story.first_published_at
    assert not story.was_updated


def test_a_draft_whose_source_was_modified_says_updated_then(section, tmp_path):
    draft = import_page(tmp_path, section, "2019-03-07T12:00:00Z")
    assert ImportedItem.objects.get().source_modified_at == datetime(
        2019, 3, 7, 12, 0, tzinfo=UTC
    )
    story = publish_later(draft)
    assert story.first_published_at == datetime(2019, 3, 5, 9, 30, tzinfo=UTC)
    assert story.updated_at == datetime(2019, 3, 7, 12, 0, tzinfo=UTC)


def test_a_modified_date_before_publication_is_no_update(section, tmp_path):
    story = publish_later(import_page(tmp_path, section, "2019-03-01T08:00:00Z"))
    assert not story.was_updated


def test_an_edit_after_the_first_publication_here_is_an_update(section, tmp_path):
    story = publish_later(import_page(tmp_path, section, "2019-03-05T09:30:00Z"))
    assert not story.was_updated
    story.get_latest_revision_as_object().save_revision().publish()
    story = ArticlePage.objects.get()
    assert story.was_updated
    assert timezone.now() - story.updated_at < timedelta(minutes=1)


def test_a_new_story_published_now_is_not_updated(section, tmp_path):
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    page = PAGE.replace("2019-03-05T09:30:00Z", now)
    path = tmp_path / "new.html"
    path.write_text(page.replace("MODIFIED", now), encoding="utf-8")
    sources.import_document(
        sources.read_source(str(path)), section=section, fetch_images=False
    )
    story = publish_later(ArticlePage.objects.get())
    assert not story.was_updated
