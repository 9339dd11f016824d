"""A cold article render costs a small, fixed number of queries.

"Cold" is a page-cache miss (the page cache is off here). The first render after a
publish builds the article's render snapshot (articles/snapshots.py); every later
cold render reuses it until something it shows changes.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from masthead.articles import snapshots
from masthead.articles.blocks import paragraph_from_text

pytestmark = pytest.mark.django_db

# Routing (the article). The byline, corrections, tags, body photos and JSON-LD are
# in the snapshot, related stories in their own fragment (until a story changes);
# the site, its sections, settings and view restrictions are remembered per site
# generation (core.sitecache). Whatever the story's size, it stays at this; after
# a story changes, related stories add their two queries (test below).
QUERY_BUDGET = 1
# The render that builds the snapshot: routing, corrections, byline, tags, body
# photos, related stories (two).
BUILD_BUDGET = 7


def build_article(make_article, make_image, size):
    from tests.factories import make_person

    body = []
    for index in range(size):
        image = make_image(credit=f"Agency {index}")
        body += [
            ("paragraph", paragraph_from_text(f"Paragraph {index}.")),
            ("figure", {"image": image, "caption": "", "credit": "", "alt": ""}),
            ("quote", {"text": "Words.", "speaker": f"Speaker {index}", "role": ""}),
        ]
    return make_article(
        headline=f"Story with {size} of everything",
        body=body,
        lead_image=make_image(),
        authors=[make_person(name=f"Author {size}-{i}") for i in range(size)],
        tags=[f"topic {i}" for i in range(size)],
    )


def drop_snapshots(page, request):
    """Forget ``page``'s snapshots only (clearing the cache would also drop the
    site generation and the renditions' entries)."""
    page = type(page).objects.get(pk=page.pk)
    caches[snapshots.CACHE_ALIAS].delete_many(
        [
            snapshots.snapshot_key(page, request),
            snapshots.snapshot_key(page, request, prefix=snapshots.RELATED_PREFIX),
        ]
    )


def count_render_queries(client, url, *, page=None):
    first = client.get(url)  # renditions (and the snapshot) are made on first view
    if page is not None:
        drop_snapshots(page, first.wsgi_request)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content


@pytest.fixture
def no_page_cache(settings):
    settings.MASTHEAD_PAGE_CACHE = False  # measure the render, not the cache


def test_article_queries_do_not_grow_with_figures_authors_tags_or_related(
    client, make_article, make_image, no_page_cache
):
    small = build_article(make_article, make_image, 1)
    large = build_article(make_article, make_image, 6)
    for n in range(6):  # related candidates: same section, sharing the large's tags
        make_article(headline=f"Neighbour {n}", tags=[f"topic {n}"])
    small_count, _ = count_render_queries(client, small.url)
    large_count, large_html = count_render_queries(client, large.url)
    assert small_count == large_count <= QUERY_BUDGET
    assert b"Related stories" in large_html and b"Neighbour" in large_html


def test_the_render_that_builds_the_snapshot_is_bounded_too(
    client, make_article, make_image, no_page_cache
):
    small = build_article(make_article, make_image, 1)
    large = build_article(make_article, make_image, 6)
    small_count, _ = count_render_queries(client, small.url, page=small)
    large_count, _ = count_render_queries(client, large.url, page=large)
    assert small_count == large_count <= BUILD_BUDGET


def test_a_snapshot_render_is_the_same_page_as_a_full_render(
    client, make_article, make_image, no_page_cache
):
    article = build_article(make_article, make_image, 3)
    make_article(headline="A neighbour", tags=["topic 1"])
    drop_snapshots(article, client.get(article.url).wsgi_request)
    full = client.get(article.url).content  # builds the snapshot
    reused = client.get(article.url).content
    assert reused == full
    for expected in (b"Agency 2", b"Author 3-2", b"application/ld+json", b"topic 2"):
        assert expected in reused


def test_what_the_snapshot_shows_is_never_stale(
    client,
    make_article,
    make_image,
    no_page_cache,
    django_capture_on_commit_callbacks,
):
    from masthead.people.models import Person

    article = build_article(make_article, make_image, 2)
    assert b"Author 2-1" in client.get(article.url).content
    assert b"Author 2-1" in client.get(article.url).content  # from the snapshot

    # A new revision: a new snapshot.
    page = type(article).objects.get(pk=article.pk)
    page.standfirst = "A fresh standfirst."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert b"A fresh standfirst." in client.get(article.url).content

    # A row shown on pages (a byline's person) changes: the site generation moves.
    person = Person.objects.get(name="Author 2-1")
    person.name = "Renamed Author"
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    html = client.get(article.url).content
    assert b"Renamed Author" in html and b"Author 2-1" not in html

    # Related stories are not in the snapshot: a new neighbour shows at once.
    client.get(article.url)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(headline="Brand new neighbour", tags=["topic 1"])
    with CaptureQueriesContext(connection) as queries:
        assert b"Brand new neighbour" in client.get(article.url).content
    assert len(queries) <= QUERY_BUDGET + 2  # related stories worked out again


def test_a_purge_of_a_linked_page_renews_the_snapshot(
    client, make_article, no_page_cache
):
    from wagtail.models import Page

    from masthead.core.generation import purge_keys
    from masthead.pagecache import surrogates

    target = make_article(headline="The linked story")
    link = f'<p>See <a linktype="page" id="{target.pk}">the other story</a>.</p>'
    article = make_article(headline="Links out", body=[("paragraph", RichText(link))])
    assert b"/world/the-linked-story/" in client.get(article.url).content
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert len(queries) <= QUERY_BUDGET  # from the snapshot

    # What a publish of the linked story under a new slug changes and purges
    # (its surrogate key, not the site generation), without the rest of a publish.
    Page.objects.filter(pk=target.pk).update(
        slug="the-renamed-story",
        url_path=target.url_path.replace("the-linked-story", "the-renamed-story"),
    )
    purge_keys([surrogates.page_key(target.pk)])
    html = client.get(article.url).content
    assert b"/world/the-renamed-story/" in html
    assert b"/world/the-linked-story/" not in html


def test_a_preview_of_a_draft_never_shows_the_snapshot(
    client, make_article, rf, no_page_cache
):
    article = make_article(headline="Live headline")
    client.get(article.url)
    client.get(article.url)  # the live revision's snapshot is stored
    page = type(article).objects.get(pk=article.pk)
    page.title = "Draft headline"
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    request = rf.get(
        article.url, HTTP_HOST=client.get(article.url).wsgi_request.get_host()
    )
    request.is_preview = True
    response = draft.serve_preview(request, draft.default_preview_mode)
    html = response.render().content
    assert b'<h1 class="article__headline">Draft headline</h1>' in html
    assert b"Live headline" not in html
