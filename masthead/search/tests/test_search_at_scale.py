"""Search on a big archive (issue 15): a headline match first, results cached for a
minute and dropped by a publish, hostile queries answered plainly, and on
PostgreSQL a match the GIN index over ``title || body`` serves."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles.blocks import paragraph_from_text
from masthead.articles.models import ArticlePage
from masthead.search import services

pytestmark = pytest.mark.django_db


def add_story(section, n, headline, text, *, hours_ago=0):
    """A live story straight into the tree (indexed on save, no purge)."""
    story = ArticlePage(
        title=headline,
        slug=f"story-{n}",
        body=[("paragraph", paragraph_from_text(text))],
        live=True,
        first_published_at=timezone.now() - timedelta(hours=hours_ago),
    )
    section.add_child(instance=story)
    return story


def searched_index(captured) -> bool:
    return any("wagtailsearch_indexentry" in q["sql"] for q in captured)


def test_a_headline_match_comes_before_newer_stories_that_only_mention_it(
    client, section
):
    for n in range(6):
        add_story(
            section,
            n,
            f"Budget day {n}",
            "The harbour ferries were discussed at the council.",
            hours_ago=n,
        )
    about = add_story(
        section, 9, "Harbour ferry cut", "Fewer crossings from May.", hours_ago=200
    )
    hits = [
        a.pk for a, _ in client.get("/search/", {"q": "harbour ferry"}).context["hits"]
    ]
    assert len(hits) == 7
    assert hits[0] == about.pk
    if connection.vendor == "postgresql":
        # The rest newest first (elsewhere in the backend's relevance order).
        titles = [ArticlePage.objects.get(pk=pk).title for pk in hits[1:]]
        assert titles == [f"Budget day {n}" for n in range(6)]


def test_results_are_kept_for_readers_and_a_publish_drops_them(
    client, section, make_article, django_capture_on_commit_callbacks
):
    add_story(section, 1, "Zebra crossing opens", "Painted overnight.")
    first = client.get("/search/", {"q": "zebra"})
    assert len(first.context["hits"]) == 1
    with CaptureQueriesContext(connection) as again:
        second = client.get("/search/", {"q": "zebra"})
    assert not searched_index(again.captured_queries)  # answered from the cache
    assert [a.pk for a, _ in second.context["hits"]] == [
        a.pk for a, _ in first.context["hits"]
    ]

    # Through the editors' service: the publish purges ``latest``.
    with django_capture_on_commit_callbacks(execute=True):
        make_article(headline="Zebra herd seen near the bridge")
    with CaptureQueriesContext(connection) as after:
        third = client.get("/search/", {"q": "zebra"})
    assert searched_index(after.captured_queries)
    assert len(third.context["hits"]) == 2


def test_a_10000_character_query_is_cut_and_says_so(client, section):
    add_story(section, 1, "Harbour wall repaired", "Masons finished on Friday.")
    query = "harbour " + "wall " * 2000
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "only its first 12 words" in html
    assert [a.title for a, _ in response.context["hits"]] == ["Harbour wall repaired"]
    assert len(response.context["query"]) <= services.MAX_QUERY_CHARS


@pytest.mark.parametrize(
    "query",
    [
        "& | ! ( ) : * ' \"",
        "harbour & | ! ( ) : * ' \" wall",
        "'harbour':* | !wall",
        "(harbour) & (wall:A)",
        "harbour\\ wall''",
        "!!!!!" * 2000,
    ],
)
def test_operator_queries_are_read_as_words_never_as_syntax(client, section, query):
    add_story(section, 1, "Harbour wall repaired", "Masons finished on Friday.")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    if services.searched_words(services.clean_query(query)):
        titles = [a.title for a, _ in response.context["hits"]]
        assert titles in ([], ["Harbour wall repaired"])
    else:
        assert "type words to search" in html


def test_only_words_reach_the_backend():
    assert services.searched_words("'harbour':* & !(wall) | \"x\"") == [
        "harbour",
        "wall",
        "x",
    ]
    assert len(services.searched_words("word " * 50)) == services.MAX_QUERY_WORDS
    assert services.is_shortened("a " * 300, services.clean_query("a " * 300))
    assert not services.is_shortened("harbour wall", "harbour wall")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: the GIN index and EXPLAIN (CI's PostgreSQL pass)",
)
def test_postgresql_matches_through_the_gin_index_over_title_and_body(client, section):
    from django.contrib.contenttypes.models import ContentType

    for n in range(3):
        add_story(section, n, f"Council story {n}", f"word{n} harbour talks")
    # A few thousand more entries, straight into Wagtail's index table, with a
    # vocabulary big enough that a word matches a few of them.
    article_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id,"
            " title, autocomplete, body, title_norm, title_text, body_text)"
            " SELECT %s, (1000000 + g)::text,"
            " to_tsvector('english', 'archive story ' || g), '',"
            " to_tsvector('english', 'word' || (g %% 997) || ' lorem ipsum ' || g),"
            " 1.0, '', ''"
            " FROM generate_series(1, 4000) AS g",
            [article_type],
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")
    site = section.get_site()
    with CaptureQueriesContext(connection) as captured:
        found = services.search_articles(site, "word1 harbour")
    assert len(found) == 1
    matches = [
        q["sql"] for q in captured.captured_queries if "@@ to_tsquery" in q["sql"]
    ]
    assert len(matches) == 2  # headline matches, then matches anywhere
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as _rank_in_postgres
        for sql in matches:
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "search_indexentry_title_body_gin" in plans[1], plans[1]
    assert "Seq Scan on wagtailsearch_indexentry" not in plans[1], plans[1]
    assert "Seq Scan on wagtailsearch_indexentry" not in plans[0], plans[0]
