"""A corrected story's feed items carry the correction (its text and date) and the
item's updated date; item HTML carries no editor internals (issue 13)."""

import json
from datetime import UTC, datetime

import feedparser
import pytest
import time_machine
from django.test import override_settings
from wagtail.rich_text import RichText

from masthead.articles.models import ArticleCorrection
from masthead.core.generation import bump_generation
from masthead.feeds.services import clean_feed_html

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
NOTED = datetime(2026, 11, 29, 14, 30, tzinfo=UTC)
FIX = "The bridge is 40m long, not 400m."


@pytest.fixture
def corrected(make_article):
    with time_machine.travel(PUBLISHED, tick=False):
        story = make_article(
            "Bridge opens",
            body=[
                ("paragraph", RichText('<p data-block-key="a1b2c">Traffic flows.</p>'))
            ],
        )
    ArticleCorrection.objects.create(page=story, text=FIX, noted_at=NOTED)
    make_article("Quiet day")
    return story


def entry_titled(url, client, title):
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return next(e for e in parsed.entries if e.title == title)


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/sections/world/rss/"])
def test_rss_item_of_a_corrected_story_carries_the_note_and_its_updated_date(
    client, corrected, url
):
    entry = entry_titled(url, client, "Bridge opens")
    assert FIX in entry.summary
    assert "29 November 2026" in entry.summary
    assert "2026-11-29T14:30:00+00:00" in entry.summary
    assert entry.updated_parsed[:5] == (2026, 11, 29, 14, 30)
    assert entry.published_parsed[:3] == (2026, 11, 28)


def test_atom_entry_of_a_corrected_story_carries_the_note_and_its_updated_date(
    client, corrected
):
    entry = entry_titled("/feeds/atom/", client, "Bridge opens")
    assert FIX in entry.summary
    assert entry.updated_parsed[:5] == (2026, 11, 29, 14, 30)


def test_json_feed_item_of_a_corrected_story_carries_the_note_and_date_modified(
    client, corrected
):
    data = json.loads(client.get("/feeds/json/").content)
    item = next(i for i in data["items"] if i["title"] == "Bridge opens")
    assert FIX in item["content_html"]
    assert "29 November 2026" in item["content_html"]
    assert datetime.fromisoformat(item["date_modified"]) == NOTED


def test_an_uncorrected_story_has_no_corrections_heading(client, corrected):
    entry = entry_titled("/feeds/rss/", client, "Quiet day")
    assert "Corrections and updates" not in entry.summary


def test_summary_only_feeds_still_carry_the_correction(client, corrected):
    bump_generation()  # a settings change is a redeploy: the page cache starts over
    with override_settings(MASTHEAD_FEED_FULL_CONTENT=False):
        entry = entry_titled("/feeds/rss/", client, "Bridge opens")
        data = json.loads(client.get("/feeds/json/").content)
    assert FIX in entry.summary
    assert "Traffic flows" not in entry.summary
    item = next(i for i in data["items"] if i["title"] == "Bridge opens")
    assert FIX in item["content_html"]


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/feeds/json/"])
def test_feed_html_carries_no_editor_internals(client, corrected, url):
    body = client.get(url).content.decode()
    assert "Traffic flows." in body
    assert "data-block-key" not in body
    assert "block-paragraph" not in body  # StreamField's wrapper class


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p data-block-key="x1">Hi</p>', "<p>Hi</p>"),
        ('<div class="w-block-paragraph"><p>Hi</p></div>', "<div><p>Hi</p></div>"),
        (
            '<figure class="embed block-embed">x</figure>',
            '<figure class="embed">x</figure>',
        ),
        (
            '<figure data-embed-src="https://e.example/"><button hidden>Load</button>'
            '<a href="https://e.example/v">Watch</a></figure>',
            '<figure><a href="https://e.example/v">Watch</a></figure>',
        ),
        ("Plain <b>text</b> stays", "Plain <b>text</b> stays"),
        ("", ""),
    ],
)
def test_clean_feed_html_keeps_content_and_drops_internals(html, expected):
    assert clean_feed_html(html) == expected
