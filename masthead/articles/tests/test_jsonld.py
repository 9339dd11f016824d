"""The article's structured data, built from plain values (no database)."""

import json
from datetime import UTC, datetime

from masthead.articles.jsonld import (
    CorrectionNote,
    build_corrections_jsonld,
    build_news_article_jsonld,
    dumps_for_script,
)

MAY_1 = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
MAY_2 = datetime(2025, 5, 2, 14, 0, tzinfo=UTC)


def test_corrections_become_correction_comments_oldest_first():
    notes = [
        CorrectionNote(kind="correction", noted_at=MAY_2, text="Second fix."),
        CorrectionNote(kind="update", noted_at=MAY_2, text="New figures."),
        CorrectionNote(kind="correction", noted_at=MAY_1, text="First fix."),
    ]
    assert build_corrections_jsonld(notes) == [
        {
            "@type": "CorrectionComment",
            "text": "First fix.",
            "datePublished": "2025-05-01T09:30:00+00:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "Second fix.",
            "datePublished": "2025-05-02T14:00:00+00:00",
        },
    ]


def test_news_article_carries_headline_dates_authors_and_corrections():
    data = build_news_article_jsonld(
        headline="Bridge reopens",
        url="https://news.example/world/bridge/",
        date_published=MAY_1,
        date_modified=MAY_2,
        authors=[("Ann Lee", "https://news.example/authors/ann-lee/")],
        corrections=[CorrectionNote("correction", MAY_2, "The bridge is 40m long.")],
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bridge reopens"
    assert data["datePublished"] == "2025-05-01T09:30:00+00:00"
    assert data["dateModified"] == "2025-05-02T14:00:00+00:00"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ann Lee",
            "url": "https://news.example/authors/ann-lee/",
        }
    ]
    assert data["correction"][0]["text"] == "The bridge is 40m long."


def test_an_article_without_corrections_has_no_correction_key():
    data = build_news_article_jsonld(headline="Quiet day", url="")
    assert "correction" not in data
    assert "url" not in data


def test_script_in_text_cannot_close_the_script_element():
    text = dumps_for_script(
        {"headline": "</script><script>alert(1)</script> & <!-- \u2028"}
    )
    assert "</script" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text)["headline"].startswith("</script>")
