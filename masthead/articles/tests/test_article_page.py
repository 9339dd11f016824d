import re

import pytest

from masthead.articles.blocks import paragraph_from_text

pytestmark = pytest.mark.django_db


def test_article_page_shows_headline_standfirst_byline_and_dates(make_article, client):
    from tests.factories import make_person

    people = [
        make_person(name="Ada Reporter", role="Correspondent"),
        make_person(name="Bo Editor"),
    ]
    article = make_article(
        headline="Council votes on the budget",
        standfirst="A short summary.",
        paragraphs=["One.", "Two."],
        authors=people,
    )
    html = client.get(article.url).content.decode()
    assert html.count("<h1") == 1
    assert '<h1 class="article__headline">Council votes on the budget</h1>' in html
    assert "A short summary." in html
    assert (
        'By <a class="article__author" href="/authors/ada-reporter/">Ada Reporter</a>'
        in html
    )
    assert "Bo Editor" in html
    assert "Published <time" in html
    assert html.index("One.") < html.index("Two.")


def test_every_image_on_the_article_page_has_alt_text(make_article, make_image, client):
    lead = make_image(alt="A harbour at dawn", credit="Agency/Jane Doe")
    body_image = make_image(caption="Crowds on the quay")  # no alt: caption stands in
    article = make_article(
        lead_image=lead,
        body=[
            ("paragraph", paragraph_from_text("Text.")),
            ("figure", {"image": body_image, "caption": "", "credit": "", "alt": ""}),
        ],
    )
    html = client.get(article.url).content.decode()
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 2
    assert all(re.search(r'alt="[^"]+"', tag) for tag in images), images
    assert 'alt="A harbour at dawn"' in html
    assert 'alt="Crowds on the quay"' in html
    assert "Image copyright Agency/Jane Doe" in html
    assert html.count("<figure") == 2 and html.count("<figcaption") == 2


def test_script_in_article_text_is_shown_as_text(make_article, client):
    article = make_article(
        headline="<script>alert(1)</script> headline",
        paragraphs=["<script>alert(2)</script> & friends"],
        body=[
            ("paragraph", paragraph_from_text("<script>alert(2)</script> & friends")),
            ("quote", {"text": "<b>bold</b>", "speaker": "<i>x</i>", "role": ""}),
        ],
    )
    html = client.get(article.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; headline" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; friends" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_republished_story_names_its_source_and_can_point_canonical_at_it(
    make_article, client
):
    article = make_article(
        source_name="Partner Gazette",
        source_url="https://partner.example/story",
        canonical_is_source=True,
    )
    html = client.get(article.url).content.decode()
    assert "Originally published by" in html
    assert (
        '<a href="https://partner.example/story" rel="noopener">Partner Gazette</a>'
        in html
    )
    assert '<link rel="canonical" href="https://partner.example/story">' in html


def test_draft_article_is_not_served_to_readers(make_article, client):
    article = make_article(publish=False)
    assert client.get(f"/world/{article.slug}/").status_code == 404
