"""A republished story with no named author: JSON-LD names the source organisation
as author and ``isBasedOn`` the original; share cards describe it from its first
paragraph when it has no standfirst (issue 13)."""

import json
import re
from datetime import UTC, datetime
from html import unescape

import pytest

from masthead.core.sharing import trim_description
from tests.factories import make_person

pytestmark = pytest.mark.django_db

SOURCE = "https://balticwire.example/news/ferry-strike-ends"
LONG = (
    "Crews on the Helsinki to Tallinn route returned to work on Monday after a "
    "week-long strike over pay and rest periods, ending disruption that had left "
    "thousands of passengers stranded at both ports during the busiest week of the "
    "autumn season, the union said."
)


def head_of(client, article):
    html = client.get(article.url).text
    meta = {
        name: unescape(content)
        for name, content in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html
        )
    }
    scripts = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]
    return meta, scripts[0]


def test_a_republished_story_without_a_byline_credits_its_source(client, make_article):
    story = make_article(
        "Ferry strike ends",
        paragraphs=[LONG, "Second paragraph."],
        source_name="Baltic Wire",
        source_url=SOURCE,
        source_published_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
    )
    _meta, data = head_of(client, story)
    organisation = {
        "@type": "Organization",
        "name": "Baltic Wire",
        "url": "https://balticwire.example/",
    }
    assert data["author"] == [organisation]
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "url": SOURCE,
        "datePublished": "2026-11-27T09:00:00+00:00",
        "publisher": organisation,
    }


def test_a_republished_story_with_a_byline_keeps_the_person_as_author(
    client, make_article
):
    story = make_article(
        "Ferry strike ends",
        authors=[make_person("Ann Lee")],
        source_name="Baltic Wire",
        source_url=SOURCE,
    )
    _meta, data = head_of(client, story)
    assert [author["@type"] for author in data["author"]] == ["Person"]
    assert data["isBasedOn"]["publisher"]["name"] == "Baltic Wire"


def test_a_story_of_our_own_has_no_is_based_on(client, make_article):
    _meta, data = head_of(client, make_article("Our scoop"))
    assert "isBasedOn" not in data


def test_without_a_standfirst_the_description_is_the_first_paragraph_trimmed(
    client, make_article
):
    story = make_article("Ferry strike ends", paragraphs=[LONG], source_name="Wire")
    meta, data = head_of(client, story)
    description = meta["og:description"]
    assert description.startswith("Crews on the Helsinki to Tallinn route")
    assert len(description) <= 200
    assert description.endswith("\u2026")
    assert LONG.startswith(description[:-1])
    assert LONG[len(description) - 1] == " "  # cut between words
    assert meta["twitter:description"] == description
    assert data["description"] == description


def test_the_standfirst_is_the_description_when_there_is_one(client, make_article):
    story = make_article("Ferry strike ends", standfirst="Crews are back.")
    meta, _data = head_of(client, story)
    assert meta["og:description"] == "Crews are back."


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short and sweet.", 200, "Short and sweet."),
        ("one two three four", 12, "one two\u2026"),
        ("one two three four", 14, "one two three\u2026"),
        ("  spaced   out\ntext ", 200, "spaced out text"),
        ("Averyveryverylongword indeed", 10, "Averyvery\u2026"),
        ("", 200, ""),
    ],
)
def test_trim_description_cuts_at_a_word_boundary(text, limit, expected):
    trimmed = trim_description(text, limit)
    assert trimmed == expected
    assert len(trimmed) <= limit
