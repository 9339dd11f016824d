"""Author pages at /authors/<slug>/: who they are and their published stories."""

import pytest

from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    return make_person(
        name="Ann Lee",
        role="Transport correspondent",
        bio="Covers bridges & buses.",
        x_url="https://x.com/annlee",
        website_url="https://annlee.example",
    )


def test_author_page_lists_only_their_published_stories_newest_first(
    client, make_article, ann
):
    other = make_person(name="Bo Editor")
    make_article("Older bridge story", authors=[ann])
    make_article("Newer bus story", authors=[ann, other])
    make_article("Bo's solo story", authors=[other])
    make_article("Ann's unpublished draft", authors=[ann], publish=False)

    response = client.get("/authors/ann-lee/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ann Lee</h1>" in html
    assert "Transport correspondent" in html
    assert "Covers bridges &amp; buses." in html
    assert 'href="https://x.com/annlee"' in html
    assert html.index("Newer bus story") < html.index("Older bridge story")
    assert "Bo&#x27;s solo story" not in html and "Bo's solo story" not in html
    assert "unpublished draft" not in html


def test_author_pages_paginate_and_bad_page_numbers_are_404(
    client, make_article, ann, monkeypatch
):
    from masthead.people import views

    monkeypatch.setattr(views, "STORIES_PER_PAGE", 2)
    for n in range(3):
        make_article(f"Story {n}", authors=[ann])
    first = client.get("/authors/ann-lee/").content.decode()
    # No total: counting every story of a prolific author grows with the archive.
    assert "Page 1" in first and "of 2" not in first and 'rel="next"' in first
    assert client.get("/authors/ann-lee/?page=2").status_code == 200
    for bad in ("3", "0", "abc", "-1", "9" * 50):
        assert client.get(f"/authors/ann-lee/?page={bad}").status_code == 404


def test_unknown_author_is_404(client, db):
    assert client.get("/authors/nobody/").status_code == 404


def test_author_page_runs_a_fixed_number_of_queries(
    client, make_article, ann, django_assert_max_num_queries
):
    for n in range(5):
        make_article(f"Story {n}", authors=[ann])
    with django_assert_max_num_queries(25):
        assert client.get("/authors/ann-lee/").status_code == 200
