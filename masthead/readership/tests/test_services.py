"""Saving counts, "Most read", retention, the CSV export."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.readership import services
from masthead.readership.models import PageViewCount

pytestmark = pytest.mark.django_db


def this_hour(hours_ago=0):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now - timedelta(hours=hours_ago)


def counts(*rows):
    return Counter(
        {(hour, path, ref, device): views for hour, path, ref, device, views in rows}
    )


def test_saves_from_several_processes_add_up():
    hour = this_hour()
    services.save_counts(counts((hour, "/a/", "", "desktop", 3)))
    services.save_counts(
        counts((hour, "/a/", "", "desktop", 4), (hour, "/a/", "t.co", "mobile", 1))
    )
    assert sorted(PageViewCount.objects.values_list("referrer_host", "views")) == [
        ("", 7),
        ("t.co", 1),
    ]


def test_a_batch_larger_than_one_statement_is_saved_whole():
    hour = this_hour()
    services.save_counts(
        counts(*[(hour, f"/story-{n}/", "", "desktop", 1) for n in range(1_200)])
    )
    assert PageViewCount.objects.count() == 1_200


def test_most_read_ranks_live_stories_by_views_in_the_window(make_article, section):
    hot = make_article("Harbour plan agreed")
    warm = make_article("Bridge reopens")
    old = make_article("Last week's story")
    withdrawn = make_article("Withdrawn story")
    paths = {story: story.get_url_parts()[2] for story in (hot, warm, old, withdrawn)}
    services.save_counts(
        counts(
            (this_hour(), paths[hot], "", "desktop", 50),
            (this_hour(3), paths[warm], "t.co", "mobile", 20),
            (this_hour(30), paths[old], "", "desktop", 500),  # outside 24 h
            (this_hour(), paths[withdrawn], "", "desktop", 900),
            (this_hour(), "/not-a-story/", "", "desktop", 999),
        )
    )
    withdrawn.unpublish()
    found = services.compute_most_read()
    assert [(item.title, item.views) for item in found] == [
        ("Harbour plan agreed", 50),
        ("Bridge reopens", 20),
    ]
    assert services.compute_most_read(window="7d")[0].title == "Last week's story"
    assert [item.title for item in services.compute_most_read(section)][:1] == [
        "Harbour plan agreed"
    ]


def test_the_worker_purges_the_lists_only_when_the_ranking_changed(make_article):
    story = make_article("Harbour plan agreed")
    assert services.refresh_most_read() is True  # first run: nothing known yet
    assert services.refresh_most_read() is False
    services.save_counts(
        counts((this_hour(), story.get_url_parts()[2], "", "desktop", 5))
    )
    assert services.refresh_most_read() is True
    assert services.refresh_most_read() is False


def test_counts_older_than_the_retention_are_deleted(settings):
    settings.MASTHEAD_COUNT_RETENTION_DAYS = 30
    services.save_counts(
        counts(
            (this_hour(24 * 31), "/old/", "", "desktop", 1),
            (this_hour(24 * 29), "/recent/", "", "desktop", 1),
        )
    )
    assert services.delete_old_counts() == 1
    assert list(PageViewCount.objects.values_list("path", flat=True)) == ["/recent/"]


def test_story_numbers_fill_every_hour_and_group_sources():
    services.save_counts(
        counts(
            (this_hour(1), "/a/", "", "desktop", 2),
            (this_hour(1), "/a/", "t.co", "mobile", 3),
            (this_hour(50), "/a/", "t.co", "desktop", 1),
        )
    )
    numbers = services.story_numbers("/a/")
    assert numbers.total == 6
    assert len(numbers.hourly) == 7 * 24
    assert dict(numbers.sources) == {"t.co": 4, "direct or this site": 2}
    assert dict(numbers.devices) == {"desktop": 3, "mobile": 3}


def test_the_csv_export_cannot_smuggle_a_spreadsheet_formula():
    services.save_counts(counts((this_hour(), "/=HYPERLINK(1)/", "", "desktop", 1)))
    text = services.counts_as_csv(timezone.now() - timedelta(days=1))
    assert text.splitlines()[0] == "hour,path,referrer_host,device,views"
    assert "'/=HYPERLINK" not in text  # the path starts with "/": left as it is
    assert ",/=HYPERLINK(1)/,,desktop,1" in text
    assert services._no_formula("=cmd") == "'=cmd"
