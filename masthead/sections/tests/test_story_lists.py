"""Story lists that do not grow with the archive (issue 15): bad page numbers are a
404, and the front page, section, tag and author pages ask the same number of
queries for 10 stories as for 100."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.demo import archive


def _generate(stories: int, *, append: bool = False):
    return archive.generate_archive(
        stories=stories,
        seed=3,
        batch=500,
        append=append,
        image_count=4,
        live_blogs=0,
        words=(20, 40),  # short stories: these tests are about lists
        report=str,
    )


@pytest.fixture
def archive_site(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _generate(10)
    return home_page


def _busiest(archive_site):
    """A section, a tag and an author that have stories."""
    from taggit.models import Tag

    from masthead.articles.models import ArticleAuthor, ArticleTag
    from masthead.people.models import Person
    from masthead.sections.models import SectionPage

    section = max(SectionPage.objects.child_of(archive_site), key=lambda s: s.numchild)
    tag = Tag.objects.get(pk=ArticleTag.objects.values("tag_id").first()["tag_id"])
    person = Person.objects.get(
        pk=ArticleAuthor.objects.values("person_id").first()["person_id"]
    )
    return section, tag, person


def _urls(archive_site):
    section, tag, person = _busiest(archive_site)
    return {
        "home": "/",
        "section": section.url,
        "tag": f"/tags/{tag.slug}/",
        "author": f"/authors/{person.slug}/",
    }


_requests = iter(range(10**6))


def _fresh(url: str) -> str:
    """The URL with a parameter no view reads: never a page-cache hit."""
    return f"{url}{'&' if '?' in url else '?'}n={next(_requests)}"


def _count(client, url) -> int:
    # The first request after a change re-reads the remembered site rows
    # (core.sitecache); the budget is that of the requests after it.
    assert client.get(_fresh(url)).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_fresh(url))
    assert response.status_code == 200, url
    return len(queries)


JUNK_PAGES = ["abc", "-1", "0", "1e3", "999999", "99999999999999999999", "2.5", ""]


@pytest.mark.django_db
def test_junk_and_out_of_range_page_numbers_are_404(archive_site, client):
    for url in _urls(archive_site).values():
        if url == "/":
            continue
        for page in JUNK_PAGES:
            response = client.get(url, {"page": page})
            assert response.status_code == 404, (url, page)


@pytest.mark.django_db
def test_pages_past_the_end_are_404_and_older_links_lead_on(
    archive_site, client, monkeypatch
):
    from masthead.sections.models import SectionPage

    monkeypatch.setattr(SectionPage, "per_page", 2)
    section, _, _ = _busiest(archive_site)
    _generate(30, append=True)
    section.refresh_from_db()
    last = (section.numchild + 1) // 2
    html = client.get(section.url).content.decode()
    assert 'rel="next" href="?page=2"' in html
    assert "Page 1" in html
    assert client.get(section.url, {"page": 2}).status_code == 200
    html = client.get(section.url, {"page": last}).content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert client.get(section.url, {"page": last + 1}).status_code == 404


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_archive(archive_site, client, monkeypatch):
    from masthead.sections.models import SectionPage

    monkeypatch.setattr(SectionPage, "per_page", 2)  # a deep page with few stories
    urls = _urls(archive_site)
    small = {name: _count(client, url) for name, url in urls.items()}
    _generate(90, append=True)
    section, _, _ = _busiest(archive_site)
    urls["section"] = section.url
    urls["deep section page"] = f"{section.url}?page=3"
    large = {name: _count(client, url) for name, url in urls.items()}
    deep = large.pop("deep section page")
    assert large == small
    assert deep == large["section"]
    # The budgets themselves (the page chrome included).
    assert large["home"] <= 12
    assert large["section"] <= 8
    assert large["tag"] <= 8
    assert large["author"] <= 8


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans and the list indexes are PostgreSQL's (CI's PostgreSQL "
    "pass runs this)",
)
def test_list_queries_walk_indexes_not_the_whole_tree(archive_site, client):
    """Every query the list pages make on the page tree uses an index after
    ANALYZE, with enough stories that a sequential scan would not be cheaper by
    accident (the planner is not forced: ``enable_seqscan`` stays on)."""
    _generate(2500, append=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    urls = _urls(archive_site)
    # Not yet the front page: its rails' outer query (stories whose ids come from
    # the UNION of per-section walks) still reads the page table whole on a
    # small archive (issue 15, open; see notes/h-archive.md).
    del urls["home"]
    section, _, _ = _busiest(archive_site)
    urls["deep section page"] = f"{section.url}?page=5"
    checked = 0
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_fresh(url)).status_code == 200, url
        for query in queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or "wagtailcore_page" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert not re.search(r"Seq Scan on wagtailcore_page\b", plan), (name, plan)
            # The rule: no sequential scan of the page tree or the search
            # table. (A hash join may still read articles_articlepage whole on
            # this small archive; on 100k it probes its primary key.)
            assert "Seq Scan on wagtailsearch_indexentry" not in plan, (name, plan)
            checked += 1
    assert checked >= len(urls)
