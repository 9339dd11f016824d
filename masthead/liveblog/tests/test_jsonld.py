"""LiveBlogPosting JSON-LD, checked against schema.org's properties for each type."""

from __future__ import annotations

from datetime import UTC, datetime

from masthead.articles.jsonld import build_news_article_jsonld
from masthead.liveblog.jsonld import LiveUpdate, build_live_blog_jsonld

# schema.org properties used here, per type (each type also has its supertypes':
# LiveBlogPosting < BlogPosting < SocialMediaPosting < Article < CreativeWork < Thing).
THING = {"@context", "@type", "name", "url", "description", "image", "mainEntityOfPage"}
CREATIVE_WORK = THING | {
    "headline",
    "author",
    "datePublished",
    "dateModified",
    "publisher",
    "keywords",
    "correction",
}
ARTICLE = CREATIVE_WORK | {"articleBody", "articleSection"}
ALLOWED = {
    "LiveBlogPosting": ARTICLE
    | {"coverageStartTime", "coverageEndTime", "liveBlogUpdate"},
    "BlogPosting": ARTICLE,
    "Person": THING,
    "NewsMediaOrganization": THING | {"logo"},
    "ImageObject": THING
    | {"contentUrl", "width", "height", "caption", "creditText", "copyrightNotice"},
    "CorrectionComment": CREATIVE_WORK | {"text"},
}

START = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def unknown_properties(node, found=None) -> set[str]:
    """Every ``Type.property`` in ``node`` that schema.org does not define."""
    found = set() if found is None else found
    if isinstance(node, list):
        for item in node:
            unknown_properties(item, found)
    elif isinstance(node, dict):
        kind = node.get("@type")
        allowed = ALLOWED.get(kind, set())
        found.update(f"{kind}.{key}" for key in node if key not in allowed)
        for value in node.values():
            unknown_properties(value, found)
    return found


def build(**kwargs):
    article = build_news_article_jsonld(
        headline="Storm hits the coast",
        url="https://news.example/world/storm/",
        description="Follow the storm.",
        date_published=START,
        authors=[("Ann Lee", "https://news.example/authors/ann-lee/")],
        publisher={"@type": "NewsMediaOrganization", "name": "Courier", "url": "x"},
        section="World",
        keywords=["Weather"],
    )
    return build_live_blog_jsonld(article, coverage_start=START, **kwargs)


def test_a_running_blog_is_a_live_blog_posting_without_an_end():
    data = build()
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == START.isoformat()
    assert "coverageEndTime" not in data
    assert unknown_properties(data) == set()


def test_entries_are_blog_postings_with_their_author_and_text():
    data = build(
        coverage_end=START.replace(hour=12),
        updates=[
            LiveUpdate(
                headline="Bridge shut",
                posted_at=START.replace(hour=11),
                text="High winds.",
                url="https://news.example/world/storm/#entry-2",
                author=("Ann Lee", "https://news.example/authors/ann-lee/"),
            ),
            LiveUpdate(
                headline="", posted_at=START.replace(hour=9), text="Amber warning."
            ),
        ],
    )
    assert data["coverageEndTime"] == START.replace(hour=12).isoformat()
    first, second = data["liveBlogUpdate"]
    assert first == {
        "@type": "BlogPosting",
        "headline": "Bridge shut",
        "datePublished": START.replace(hour=11).isoformat(),
        "articleBody": "High winds.",
        "url": "https://news.example/world/storm/#entry-2",
        "author": {
            "@type": "Person",
            "name": "Ann Lee",
            "url": "https://news.example/authors/ann-lee/",
        },
    }
    assert second["headline"] == "Amber warning."  # headed by its text
    assert "author" not in second
    assert unknown_properties(data) == set()


def test_the_check_catches_a_property_the_type_does_not_have():
    data = build()
    data["liveBlogUpdate"] = [{"@type": "BlogPosting", "coverageStartTime": "x"}]
    assert unknown_properties(data) == {"BlogPosting.coverageStartTime"}
