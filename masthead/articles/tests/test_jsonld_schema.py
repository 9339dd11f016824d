"""Every JSON-LD object on the article, front, section, tag and author pages is a
schema.org type we know, with only properties schema.org defines for it, absolute
URLs and ISO 8601 dates (issue 13)."""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from masthead.articles.models import ArticleCorrection
from tests.factories import make_person

pytestmark = pytest.mark.django_db

# Properties allowed per type: the schema.org type's own and inherited ones (from
# https://schema.org/<Type>), limited to those Masthead may send.
THING = {"name", "url", "description", "image", "sameAs", "identifier"}
CREATIVE_WORK = THING | {
    "headline",
    "author",
    "publisher",
    "datePublished",
    "dateModified",
    "keywords",
    "isBasedOn",
    "correction",
    "inLanguage",
    "mainEntityOfPage",
    "copyrightNotice",
    "creditText",
}
ORGANIZATION = THING | {"logo", "email", "address"}
ALLOWED = {
    "NewsArticle": CREATIVE_WORK | {"articleSection", "articleBody", "dateline"},
    "CreativeWork": CREATIVE_WORK,
    "WebSite": CREATIVE_WORK,
    "ProfilePage": CREATIVE_WORK | {"mainEntity", "breadcrumb"},
    "BreadcrumbList": THING | {"itemListElement", "numberOfItems"},
    "ListItem": THING | {"position", "item"},
    "Organization": ORGANIZATION,
    "NewsMediaOrganization": ORGANIZATION | {"correctionsPolicy", "ethicsPolicy"},
    "Person": THING | {"jobTitle", "worksFor", "email"},
    "ImageObject": CREATIVE_WORK
    | {"caption", "contentUrl", "width", "height", "encodingFormat"},
    "CorrectionComment": CREATIVE_WORK | {"text"},
}
URL_PROPERTIES = {"url", "contentUrl", "item", "mainEntityOfPage", "logo", "image"}
DATE_PROPERTIES = {"datePublished", "dateModified"}


def check_absolute_url(value, where):
    parts = urlsplit(value)
    assert parts.scheme in {"http", "https"} and parts.netloc, (where, value)


def walk(node, where="$"):
    """Check ``node`` and everything inside it; returns the types seen."""
    seen = set()
    if isinstance(node, list):
        for index, item in enumerate(node):
            seen |= walk(item, f"{where}[{index}]")
        return seen
    if not isinstance(node, dict):
        return seen
    kind = node.get("@type")
    assert kind in ALLOWED, f"{where}: unknown @type {kind!r}"
    seen.add(kind)
    unknown = set(node) - ALLOWED[kind] - {"@type", "@context"}
    assert not unknown, f"{where} ({kind}): not schema.org properties {unknown}"
    if "@context" in node:
        assert where == "$" and node["@context"] == "https://schema.org", where
    for name, value in node.items():
        if name in URL_PROPERTIES and isinstance(value, str):
            check_absolute_url(value, f"{where}.{name}")
        if name in DATE_PROPERTIES:
            moment = timezone.datetime.fromisoformat(value)
            assert moment.tzinfo is not None, f"{where}.{name}: no time zone"
        seen |= walk(value, f"{where}.{name}")
    return seen


def json_ld_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    )
    assert blocks, f"no JSON-LD on {url}"
    return [json.loads(block) for block in blocks]


@pytest.fixture
def pages(make_article, make_image, section):
    ann = make_person("Ann Lee", role="Transport correspondent", bio="Covers ports.")
    story = make_article(
        "Harbour plan agreed",
        standfirst="The council votes.",
        authors=[ann],
        lead_image=make_image(credit="Ann Lee/Courier", caption="The harbour"),
        tags=["Harbour"],
        first_published_at=timezone.now() - timedelta(hours=2),
    )
    ArticleCorrection.objects.create(page=story, text="The vote was on Tuesday.")
    wire = make_article(
        "Ferry strike ends",
        paragraphs=["Crews return to work on Monday after a week of talks."],
        source_name="Baltic Wire",
        source_url="https://balticwire.example/news/ferry-strike-ends",
    )
    return {
        "article": story.url,
        "republished": wire.url,
        "home": "/",
        "section": section.url,
        "tag": "/tags/harbour/",
        "author": "/authors/ann-lee/",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "article",
            {"NewsArticle", "Person", "ImageObject", "CorrectionComment"},
        ),
        ("republished", {"NewsArticle", "CreativeWork", "Organization"}),
        ("home", {"WebSite", "NewsMediaOrganization", "ImageObject"}),
        ("section", {"BreadcrumbList", "ListItem"}),
        ("tag", {"BreadcrumbList", "ListItem"}),
        ("author", {"ProfilePage", "Person", "NewsMediaOrganization"}),
    ],
)
def test_json_ld_uses_known_types_allowed_properties_absolute_urls_and_iso_dates(
    client, pages, name, expected
):
    seen = set()
    for data in json_ld_of(client, pages[name]):
        seen |= walk(data)
    assert expected <= seen, (name, seen)


def test_the_walker_refuses_what_schema_org_does_not_define():
    with pytest.raises(AssertionError, match="unknown @type"):
        walk({"@type": "NewsArticel"})
    with pytest.raises(AssertionError, match="not schema.org properties"):
        walk({"@type": "Person", "name": "A", "twitterHandle": "@a"})
    with pytest.raises(AssertionError):
        walk({"@type": "Organization", "name": "A", "url": "/relative/"})
    with pytest.raises(AssertionError, match="no time zone"):
        walk({"@type": "CreativeWork", "datePublished": "2026-11-28T08:00:00"})
