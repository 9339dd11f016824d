"""Tag pages page through their stories; every article lists related stories."""

from datetime import UTC, datetime, timedelta

import pytest

from masthead.search.services import find_related_articles, score_related

NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)


def test_shared_tags_outweigh_section_and_old_stories_fade():
    fresh_tag = score_related(shared_tags=1, same_section=False, published=NOW, now=NOW)
    fresh_section = score_related(
        shared_tags=0, same_section=True, published=NOW, now=NOW
    )
    old_tag = score_related(
        shared_tags=1,
        same_section=False,
        published=NOW - timedelta(days=30),
        now=NOW,
    )
    assert fresh_tag > fresh_section
    assert old_tag == pytest.approx(fresh_tag / 2)
    assert score_related(shared_tags=0, same_section=False, published=NOW, now=NOW) == 0


@pytest.mark.django_db
def test_tag_page_lists_published_stories_and_pages_with_404_for_bad_pages(
    client, make_article
):
    for n in range(22):
        make_article(headline=f"Election story {n}", tags=["Election"])
    make_article(headline="Election draft", tags=["Election"], publish=False)
    first = client.get("/tags/election/")
    assert first.status_code == 200
    html = first.content.decode()
    assert "<h1>Election</h1>" in html
    assert "Election draft" not in html
    assert 'href="?page=2"' in html
    assert "/feeds/tags/election/rss/" in html
    assert client.get("/tags/election/?page=2").status_code == 200
    for bad in ("3", "abc", "0", "9" * 50):
        assert client.get(f"/tags/election/?page={bad}").status_code == 404
    missing = client.get("/tags/no-such-tag/")
    assert missing.status_code == 404
    assert "can't find that page" in missing.content.decode()


@pytest.mark.django_db
def test_related_stories_prefer_shared_tags_and_skip_the_story_itself(
    client, make_article
):
    story = make_article(headline="Bridge reopens", tags=["Bridge", "Transport"])
    both = make_article(headline="Bridge fares", tags=["Bridge", "Transport"])
    one = make_article(headline="Bus timetable", tags=["Transport"])
    plain = make_article(headline="Weather today")
    related = find_related_articles(story)
    assert related[:2] == [both, one]
    assert plain in related  # same section, no shared tags: still related
    assert story not in related
    html = client.get(story.url).content.decode()
    assert "Related stories" in html and "Bridge fares" in html
    assert '<a href="/tags/bridge/">Bridge</a>' in html
