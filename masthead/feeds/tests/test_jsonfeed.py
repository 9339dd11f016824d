"""JSON Feed items built from plain values (no database)."""

from datetime import UTC, datetime

from masthead.feeds.jsonfeed import FeedItem, build_json_feed


def test_summary_only_item_still_has_the_content_text_json_feed_requires():
    feed = build_json_feed(
        title="T",
        home_page_url="https://n.example/",
        feed_url="https://n.example/feeds/json/",
        description="d",
        items=[FeedItem(url="https://n.example/a/", title="A", summary="Short")],
    )
    (item,) = feed["items"]
    assert item["content_text"] == "Short"
    assert "content_html" not in item
    assert "image" not in item


def test_item_dates_are_rfc_3339_and_photo_credit_goes_in_the_extension():
    when = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    (item,) = build_json_feed(
        title="T",
        home_page_url="h",
        feed_url="f",
        description="d",
        items=[
            FeedItem(
                url="https://n.example/a/",
                title="A",
                content_html="<p>x</p>",
                date_published=when,
                image_url="https://n.example/i.jpg",
                image_mime_type="image/jpeg",
                image_credit="AP",
            )
        ],
    )["items"]
    assert item["date_published"] == "2026-11-28T09:30:00+00:00"
    assert item["_masthead"]["image_credit"] == "AP"
