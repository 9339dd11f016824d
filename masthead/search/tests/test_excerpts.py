"""The excerpt under a search result comes from the part of the story that matched:
the text, else a photo's caption or credit, else the byline."""

import pytest

from masthead.articles.models import ArticlePage
from masthead.search.services import article_text, highlight
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(make_article, make_image):
    from masthead.articles.blocks import paragraph_from_text

    body_photo = make_image(caption="Crowds on the quay", credit="Own caption ignored")
    article = make_article(
        "Harbour festival opens",
        standfirst="Boats and bands fill the old port.",
        body=[
            ("paragraph", paragraph_from_text("The festival runs all week.")),
            (
                "figure",
                {
                    "image": body_photo,
                    "caption": "Fireworks over the lighthouse",
                    "credit": "Jo Smialowski/Getty",
                    "alt": "",
                },
            ),
        ],
        lead_image=make_image(caption="The harbour at dawn", credit="Port Agency"),
        authors=[make_person(name="Rita Quayle")],
    )
    # Read back as the search backend returns it.
    return ArticlePage.objects.get(pk=article.pk)


def test_a_match_in_the_text_excerpts_the_text(story):
    assert article_text(story, "bands") == (
        "Boats and bands fill the old port. The festival runs all week."
    )


def test_without_a_query_or_a_matching_part_the_text_is_used(story):
    text = "Boats and bands fill the old port. The festival runs all week."
    assert article_text(story) == text
    assert article_text(story, "zeppelin") == text


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("lighthouse", "<mark>lighthouse</mark>"),
        ("SMIALOWSKI", "<mark>Smialowski</mark>/Getty"),
        ("dawn", "<mark>dawn</mark>"),
        ("port agency", "<mark>Port</mark> <mark>Agency</mark>"),
    ],
)
def test_a_match_in_a_photo_caption_or_credit_excerpts_the_photos(story, query, marked):
    text = article_text(story, query)
    assert text == (
        "The harbour at dawn — Port Agency · "
        "Fireworks over the lighthouse — Jo Smialowski/Getty"
    )
    assert marked in highlight(text, query)


def test_a_match_only_in_the_byline_excerpts_the_byline(story):
    text = article_text(story, "Quayle")
    assert text == "By Rita Quayle"
    assert highlight(text, "quayle") == "By Rita <mark>Quayle</mark>"


def test_the_text_wins_when_it_holds_the_words_as_well(story):
    # "port" is in the standfirst and in the lead photo's credit.
    assert article_text(story, "port").startswith("Boats and bands")


def test_a_part_holding_every_word_wins_over_one_holding_some(story):
    # The standfirst has "port" only; the credit has both words.
    assert article_text(story, "port agency").startswith("The harbour at dawn")
    # No part has both: the first part with either word.
    assert article_text(story, "bands quayle").startswith("Boats and bands")


def test_the_byline_is_read_only_when_text_and_photos_miss(story):
    article_text(story, "")
    article_text(story, "lighthouse")
    assert "byline" not in story.__dict__  # a cached_property, so never queried
    article_text(story, "quayle")
    assert "byline" in story.__dict__


def test_search_results_show_the_marked_credit_for_a_photographer_search(client, story):
    response = client.get("/search/", {"q": "Smialowski"})
    [(found, excerpt)] = response.context["hits"]
    assert found.pk == story.pk
    assert "<mark>Smialowski</mark>/Getty" in excerpt
    html = response.content.decode()
    assert "<mark>Smialowski</mark>/Getty" in html


def test_search_results_show_the_marked_author_for_an_author_search(client, story):
    response = client.get("/search/", {"q": "Rita Quayle"})
    [(_, excerpt)] = response.context["hits"]
    assert excerpt == "By <mark>Rita</mark> <mark>Quayle</mark>"
