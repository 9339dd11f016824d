"""What the API shows: stories, figures, authors, sections; only published ones."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.articles.blocks import paragraph_from_text
from masthead.articles.models import ArticleCorrection
from tests.factories import make_person, make_section

pytestmark = pytest.mark.django_db


def test_a_story_has_its_fields_body_blocks_authors_tags_and_corrections(
    api, make_article, make_image
):
    person = make_person("Ann Lee", role="Science editor")
    photo = make_image(credit="Jo Roe/Agency", alt="A bridge at dusk", caption="Dusk")
    body = [
        ("heading", "What happened"),
        ("paragraph", paragraph_from_text("First <b>paragraph</b>.")),
        ("figure", {"image": photo, "caption": "", "credit": "", "alt": ""}),
        ("pull_quote", {"text": "It held.", "attribution": "An engineer"}),
    ]
    story = make_article(
        "Bridge holds",
        body=body,
        standfirst="The bridge held.",
        authors=[person],
        tags=["Bridges"],
        lead_image=photo,
        lead_credit="Lead credit/Agency",
    )
    ArticleCorrection.objects.create(page=story, text="It is 40m long.")

    response = api(f"/api/v1/stories/{story.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.data
    assert data["id"] == story.pk
    assert data["type"] == "article"
    assert data["title"] == "Bridge holds"
    assert data["standfirst"] == "The bridge held."
    assert data["url"] == "http://localhost/world/bridge-holds/"
    assert data["section"]["slug"] == "world"
    assert data["authors"][0]["name"] == "Ann Lee"
    assert data["authors"][0]["role"] == "Science editor"
    assert data["authors"][0]["url"] == "http://localhost/authors/ann-lee/"
    assert data["tags"] == [{"name": "Bridges", "slug": "bridges"}]
    assert data["corrections"][0]["text"] == "It is 40m long."
    assert data["corrections"][0]["kind"] == "correction"
    assert data["updated_at"] is not None
    assert [block["type"] for block in data["body"]] == [
        "heading",
        "paragraph",
        "figure",
        "pull_quote",
    ]
    assert data["body"][0]["value"] == {"text": "What happened"}
    # Escaped text stays escaped: markup in a paragraph's text is never markup.
    assert data["body"][1]["value"]["html"] == (
        "<p>First &lt;b&gt;paragraph&lt;/b&gt;.</p>"
    )
    assert data["body"][3]["value"] == {
        "text": "It held.",
        "attribution": "An engineer",
    }
    assert data["lead_figure"]["credit"] == "Lead credit/Agency"


def test_a_figure_has_credit_caption_alt_and_absolute_rendition_urls(
    api, make_article, make_image
):
    photo = make_image(credit="Jo Roe/Agency", alt="", caption="A bridge at dusk")
    figure = {"image": photo, "caption": "", "credit": "Own credit", "alt": ""}
    story = make_article("Photo story", body=[("figure", figure)])

    value = api(f"/api/v1/stories/{story.pk}/").data["body"][0]["value"]

    assert value["credit"] == "Own credit"  # the figure's override wins
    assert value["caption"] == "A bridge at dusk"
    # No alt text anywhere: the caption, as on the page (images.figures).
    assert value["alt"] == "A bridge at dusk"
    assert value["image_id"] == photo.pk
    formats = {(r["format"], r["width"]) for r in value["renditions"]}
    assert formats == {(f, w) for f in ("webp", "jpeg") for w in (320,)}
    for rendition in value["renditions"]:
        assert rendition["url"].startswith("http://localhost/media/images/")


def test_drafts_private_and_unpublished_stories_never_appear(
    api, make_article, home_page
):
    shown = make_article("Shown story")
    draft = make_article("Draft story", publish=False)
    withdrawn = make_article("Withdrawn story")
    withdrawn.unpublish()
    secret = make_article("Secret story")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    private_section = make_section(home_page, "Private", slug="private")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type=PageViewRestriction.LOGIN
    )
    hidden = make_article("Hidden story", section=private_section)

    listed = api("/api/v1/stories/").data["items"]

    assert [item["id"] for item in listed] == [shown.pk]
    for story in (draft, withdrawn, secret, hidden):
        response = api(f"/api/v1/stories/{story.pk}/")
        assert response.status_code == 404, story.title
        assert response.data["error"]["code"] == "not_found"
    assert "private" not in [s["slug"] for s in api("/api/v1/sections/").data["items"]]
    assert api("/api/v1/stories/?section=private").status_code == 404


def test_a_draft_revision_of_a_live_story_is_not_shown(api, make_article):
    story = make_article("Live headline")
    story.title = "Draft headline"
    story.save_revision()  # saved, not published

    assert api(f"/api/v1/stories/{story.pk}/").data["title"] == "Live headline"


def test_stories_filter_by_section_tag_author_and_dates(
    api, make_article, home_page, section
):
    ann, bob = make_person("Ann Lee"), make_person("Bob Ray")
    sport = make_section(home_page, "Sport", slug="sport")
    now = timezone.now()
    old = make_article(
        "Old world story",
        authors=[ann],
        tags=["Rivers"],
        first_published_at=now - timedelta(days=10),
    )
    new = make_article("New world story", authors=[bob], tags=["Rivers", "Rain"])
    match = make_article("Match report", section=sport, authors=[ann])

    def ids(query):
        response = api(f"/api/v1/stories/?{query}")
        assert response.status_code == 200, response.data
        return [item["id"] for item in response.data["items"]]

    assert ids("") == [match.pk, new.pk, old.pk]
    assert ids("section=world") == [new.pk, old.pk]
    assert ids("section=sport") == [match.pk]
    assert ids("tag=rivers") == [new.pk, old.pk]
    assert ids("tag=rain") == [new.pk]
    assert ids("tag=unknown") == []
    assert ids("author=ann-lee") == [match.pk, old.pk]
    assert ids("author=bob-ray&section=world") == [new.pk]
    day = (now - timedelta(days=5)).date().isoformat()
    assert ids(f"published_before={day}") == [old.pk]
    assert ids(f"published_after={day}") == [match.pk, new.pk]
    assert api("/api/v1/stories/?author=nobody").status_code == 404
    assert api("/api/v1/stories/?section=nowhere").status_code == 404


def test_the_cursor_walks_every_story_once_in_a_stable_order(api, make_article):
    same_moment = timezone.now() - timedelta(hours=1)
    stories = [
        make_article(f"Story {n}", first_published_at=same_moment) for n in range(5)
    ]
    stories.append(make_article("Newest"))

    seen, url, pages = [], "/api/v1/stories/?limit=2", 0
    while url:
        data = api(url.removeprefix("http://localhost")).data
        seen += [item["id"] for item in data["items"]]
        url = data["meta"]["next"]
        pages += 1
    # Stories published at the same moment are ordered by id: none lost or repeated.
    expected = [stories[-1].pk] + sorted((s.pk for s in stories[:-1]), reverse=True)
    assert seen == expected
    assert pages == 3


def test_next_link_keeps_the_filters_and_a_cursor_for_other_filters_is_refused(
    api, make_article
):
    for n in range(3):
        make_article(f"Tagged {n}", tags=["Rivers"])
    data = api("/api/v1/stories/?tag=rivers&limit=1").data
    next_url = data["meta"]["next"]
    assert "tag=rivers" in next_url and "limit=1" in next_url
    cursor = next_url.split("cursor=")[1]

    response = api(f"/api/v1/stories/?tag=rain&limit=1&cursor={cursor}")

    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid_cursor"


def test_sections_and_authors(api, section, home_page):
    make_section(home_page, "Sport", slug="sport")
    make_person(
        "Ann Lee", bio="Writes about rivers.", website_url="https://ann.example"
    )

    sections = api("/api/v1/sections/").data["items"]
    author = api("/api/v1/authors/ann-lee/").data

    assert [s["slug"] for s in sections] == ["world", "sport"]
    assert sections[0]["url"] == "http://localhost/world/"
    assert author["name"] == "Ann Lee"
    assert author["bio"] == "Writes about rivers."
    assert author["links"] == [{"label": "website", "url": "https://ann.example"}]
    assert author["stories_url"].endswith("/api/v1/stories/?author=ann-lee")
    assert api("/api/v1/authors/nobody/").status_code == 404


def test_answers_carry_security_headers_and_are_json_errors_elsewhere(api, section):
    response = api("/api/v1/stories/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response
    assert "no-cache" in response["Cache-Control"]

    missing = api("/api/v1/nothing-here/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.data["error"]["code"] == "not_found"


def test_writes_are_refused_with_405_in_json(client, section):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/stories/")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
        assert b'"method_not_allowed"' in response.content


def test_a_language_lists_that_languages_stories_only(api, make_article):
    from wagtail.models import Locale

    story = make_article("Rain in the hills")
    arabic = Locale.objects.create(language_code="ar")
    translated = story.copy_for_translation(arabic, copy_parents=True)
    # Its parents are made as aliases of the originals (live copies).
    translated.title = (
        "\u0645\u0637\u0631 \u0641\u064a \u0627\u0644\u062a\u0644\u0627\u0644"
    )
    translated.save_revision().publish()

    default = api("/api/v1/stories/").data["items"]
    in_arabic = api("/api/v1/stories/?language=ar").data["items"]

    assert [(s["id"], s["language"]) for s in default] == [(story.pk, "en-gb")]
    assert [(s["id"], s["language"]) for s in in_arabic] == [(translated.pk, "ar")]
    assert in_arabic[0]["title"] == translated.title
    refused = api("/api/v1/stories/?language=xx")
    assert refused.status_code == 400
    assert "ar" in refused.data["error"]["allowed"]
