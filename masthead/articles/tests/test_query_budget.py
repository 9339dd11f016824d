"""A cold article render costs a small, fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.blocks import paragraph_from_text

pytestmark = pytest.mark.django_db

# Routing (the article with its lead photo), corrections, byline, tags, body photos
# and related stories (candidates, then the chosen few). The site, its sections,
# settings and view restrictions are remembered per site generation
# (core.sitecache). Whatever the story's size, it stays at this.
QUERY_BUDGET = 7


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


def count_render_queries(client, url):
    client.get(url)  # renditions are generated once, on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_queries_do_not_grow_with_figures_authors_or_tags(
    client, make_article, make_image, settings
):
    settings.MASTHEAD_PAGE_CACHE = False  # measure the render, not the cache
    small = build_article(make_article, make_image, 1)
    large = build_article(make_article, make_image, 6)
    small_count = count_render_queries(client, small.url)
    large_count = count_render_queries(client, large.url)
    assert small_count == large_count
    assert large_count <= QUERY_BUDGET
