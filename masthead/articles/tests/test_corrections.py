"""Corrections and updates on the article page: shown, dated, in the structured data."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.articles.models import ArticleCorrection

pytestmark = pytest.mark.django_db


def add_note(article, *, kind="correction", text="A fix.", when=None):
    ArticleCorrection.objects.create(
        page=article, kind=kind, text=text, noted_at=when or timezone.now()
    )
    return article.__class__.objects.get(pk=article.pk)


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_a_story_without_notes_is_not_marked_updated(client, make_article):
    story = make_article("Calm story")
    assert not story.was_updated
    html = client.get(story.url).content.decode()
    assert "Corrections and updates" not in html
    assert "Updated" not in html
    assert "correction" not in json_ld(html)


def test_a_correction_is_shown_dated_and_changes_the_updated_time(client, make_article):
    story = make_article("Bridge story")
    when = story.first_published_at + timedelta(hours=3)
    story = add_note(story, text="The bridge is 40m long, not 400m.", when=when)
    assert story.updated_at == when

    html = client.get(story.url).content.decode()
    assert "Corrections and updates" in html
    assert "The bridge is 40m long, not 400m." in html
    assert f'datetime="{timezone.localtime(when).isoformat()}"' in html
    assert html.count("Updated <time") == 1
    data = json_ld(html)
    assert data["correction"][0]["text"] == "The bridge is 40m long, not 400m."
    assert data["dateModified"] == when.isoformat()


def test_updates_move_the_updated_time_but_are_not_corrections_in_json_ld(
    client, make_article
):
    story = add_note(make_article("Storm story"), kind="update", text="More rain.")
    html = client.get(story.url).content.decode()
    assert "More rain." in html
    assert "correction" not in json_ld(html)
    assert story.was_updated


@pytest.mark.parametrize("position", ["top", "bottom"])
def test_the_newsroom_chooses_where_corrections_appear(
    client, make_article, home_page, position
):
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

    site = Site.objects.get(is_default_site=True)
    settings = NewsroomSettings.for_site(site)
    settings.corrections_position = position
    settings.save()
    story = add_note(make_article("Placed story"), text="Placed note.")
    html = client.get(story.url).content.decode()
    note_at = html.index('class="corrections ')
    body_at = html.index('class="article__body"')
    assert (note_at < body_at) is (position == "top")


def test_script_in_a_correction_is_shown_as_text(client, make_article):
    story = add_note(make_article("Risky"), text="<script>alert(1)</script>")
    html = client.get(story.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_byline_names_link_to_author_pages(client, make_article):
    from tests.factories import make_person

    ann = make_person(name="Ann Lee", role="Transport correspondent")
    story = make_article("Bylined", authors=[ann])
    html = client.get(story.url).content.decode()
    assert 'href="/authors/ann-lee/"' in html
    assert json_ld(html)["author"][0]["url"].endswith("/authors/ann-lee/")
