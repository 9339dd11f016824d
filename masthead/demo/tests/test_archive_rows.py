"""The bulk rows are the rows Wagtail itself would write for the same stories."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from wagtail.search.backends import get_search_backend

from masthead.demo import archive


@pytest.fixture
def stories(home_page, settings, tmp_path):
    from masthead.articles.models import ArticlePage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive.generate_archive(
        stories=40,
        seed=11,
        batch=25,
        image_count=5,
        live_blogs=0,
        words=(60, 500),
        report=str,
    )
    return list(
        ArticlePage.objects.filter(source_id__startswith="archive:").order_by("pk")
    )


def _as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@pytest.mark.django_db
def test_revision_and_body_are_what_wagtail_serialises(stories):
    from masthead.articles.models import ArticlePage

    stream_block = ArticlePage.body.field.stream_block
    checked = [stories[0], stories[17], stories[-1]]
    checked += [s for s in stories if s.corrections.exists()][:1]
    for story in checked:
        expected = story.serializable_data()
        # A first revision is made before it exists: it names no revision.
        expected.update(latest_revision=None, live_revision=None)
        content = dict(story.live_revision.content)
        # The body is a JSON string inside the revision: compare what it says.
        assert json.loads(content.pop("body")) == json.loads(expected.pop("body"))
        assert content == _as_json(expected)
        # The stored StreamField JSON is what Wagtail stores for the same blocks.
        stored = [dict(block) for block in story.body.raw_data]
        assert stored == _as_json(stream_block.get_prep_value(story.body))
        assert story.live_revision_id == story.latest_revision_id
        assert story.first_published_at == story.live_revision.created_at


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the bulk search rows are SQL for PostgreSQL's backend; elsewhere the "
    "generator calls the backend itself",
)
def test_search_entries_are_what_the_backend_writes(stories):
    columns = "title::text, autocomplete::text, body::text, title_text, body_text"

    def entry(story):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM wagtailsearch_indexentry "  # noqa: S608
                "WHERE object_id = %s AND content_type_id = %s",
                [str(story.pk), story.content_type_id],
            )
            return cursor.fetchone()

    backend = get_search_backend()
    for story in stories[:6] + stories[-3:]:
        bulk = entry(story)
        assert bulk is not None and bulk[2]  # a body vector was written
        backend.add(story)
        assert entry(story) == bulk
