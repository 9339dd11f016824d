"""NewsArticle and BreadcrumbList JSON-LD against the fields Google's article and
breadcrumb rich results require or recommend (pure: no database)."""

import json
from datetime import UTC, datetime

from masthead.articles import jsonld

# https://developers.google.com/search/docs/appearance/structured-data/article
ARTICLE_RECOMMENDED = {"headline", "image", "datePublished", "dateModified", "author"}


def build_article():
    return jsonld.build_news_article_jsonld(
        headline="Trump calls Putin & talks of </script> hoax",
        url="https://news.example/world/trump/",
        description="Standfirst",
        date_published=datetime(2026, 11, 28, 8, 0, tzinfo=UTC),
        authors=[("Ana Lima", "https://news.example/authors/ana-lima/")],
        images=[
            jsonld.ImageCredit(
                url="https://news.example/media/a.jpg",
                width=1200,
                height=675,
                caption="Helsinki",
                credit="BRENDAN SMIALOWSKI/Getty",
                copyright_notice="© 2018 Getty Images",
            )
        ],
        publisher=jsonld.build_publisher_jsonld("The Courier", "https://news.example"),
        section="World",
        keywords=["Russia"],
    )


def test_news_article_has_every_field_googles_article_result_wants():
    data = build_article()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert ARTICLE_RECOMMENDED <= set(data)
    assert len(data["headline"]) <= 110
    datetime.fromisoformat(data["datePublished"])
    datetime.fromisoformat(data["dateModified"])
    for author in data["author"]:
        assert author["@type"] in {"Person", "Organization"}
        assert author["name"] and author["url"].startswith("https://")
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "The Courier"
    assert data["articleSection"] == "World"


def test_images_carry_credit_text_and_copyright_notice():
    (image,) = build_article()["image"]
    assert image["@type"] == "ImageObject"
    assert image["contentUrl"].startswith("https://")
    assert image["creditText"] == "BRENDAN SMIALOWSKI/Getty"
    assert image["copyrightNotice"] == "© 2018 Getty Images"
    assert (image["width"], image["height"]) == (1200, 675)


def test_an_image_without_credit_has_no_empty_credit_fields():
    image = jsonld.build_image_jsonld(jsonld.ImageCredit(url="https://n.example/a"))
    assert "creditText" not in image and "width" not in image
    assert "copyrightNotice" not in image


def test_breadcrumb_list_numbers_items_from_one_with_names_and_urls():
    data = jsonld.build_breadcrumbs_jsonld(
        [
            ("Home", "https://n.example/"),
            ("World", "https://n.example/world/"),
            ("Story", "https://n.example/world/story/"),
        ]
    )
    assert data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [i["position"] for i in items] == [1, 2, 3]
    assert all(i["@type"] == "ListItem" and i["name"] and i["item"] for i in items)


def test_script_safe_dump_round_trips_and_cannot_close_the_element():
    text = jsonld.dumps_for_script(build_article())
    assert "</script>" not in text
    assert json.loads(text)["headline"].startswith("Trump calls Putin &")
