"""What one page view leaves behind: a path, an hour, a referring host, a device."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from masthead.readership import counting

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148"
NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture(autouse=True)
def empty_counter():
    counting.forget_everything()
    yield
    counting.forget_everything()


def view(path="/world/story/", **kwargs):
    defaults = {
        "user_agent": CHROME,
        "referer": "",
        "host": "news.example",
        "client": "203.0.113.9",
        "now": NOON + 120,
    }
    return counting.count_view(path=path, **{**defaults, **kwargs})


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 HeadlessChrome/131.0",
        "wrk",
    ],
)
def test_bots_and_scripts_are_not_counted(agent):
    view(user_agent=agent)
    assert counting.take_counts() == {}


def test_a_view_keeps_the_hour_path_referring_site_and_device_only():
    assert view(
        referer="https://www.google.com/search?q=secret+words", user_agent=IPHONE
    )
    hour = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert counting.take_counts() == {
        (hour, "/world/story/", "google.com", "mobile"): 1
    }
    assert counting.take_counts() == {}  # taken once


@pytest.mark.parametrize(
    "referer, expected",
    [
        ("", ""),
        ("https://news.example/world/", ""),  # our own links
        ("http://NEWS.example:8000/", ""),
        ("https://t.co/abc", "t.co"),
        ("not a url at all", ""),
        ("https://exa mple.com/", ""),
        ("https://[::1/", ""),
        ("https://bücher.example/", ""),  # not a plain host name: dropped
        ("https://" + "a" * 120 + ".com/", ""),
    ],
)
def test_only_a_plain_foreign_host_is_kept_from_the_referrer(referer, expected):
    assert counting.referrer_host(referer, "news.example:443") == expected


def test_one_client_cannot_inflate_a_page_beyond_the_limit_a_minute():
    limit = counting.VIEWS_PER_CLIENT_PER_MINUTE
    counted = [view(now=NOON + 1) for _ in range(limit + 20)]
    assert counted.count(True) == limit
    assert view(client="198.51.100.7", now=NOON + 2)  # another client still counts
    assert view(now=NOON + 61)  # and the first again, the next minute
    assert sum(counting.take_counts().values()) == limit + 2
    assert "198.51.100.7" not in counting._per_client  # forgotten after its minute


def test_made_up_paths_cannot_grow_memory_without_bound(monkeypatch):
    monkeypatch.setattr(counting, "MAX_ENTRIES", 5)
    monkeypatch.setattr(counting, "VIEWS_PER_CLIENT_PER_MINUTE", 10_000)
    for number in range(50):
        view(path=f"/made-up-{number}/")
    assert len(counting.take_counts()) == 5
    assert counting.dropped == 45
    assert not view(path="/" + "x" * 400)


def test_made_up_user_agents_cannot_grow_memory_either(monkeypatch):
    monkeypatch.setattr(counting, "MAX_ENTRIES", 5)
    monkeypatch.setattr(counting, "VIEWS_PER_CLIENT_PER_MINUTE", 10_000)
    for number in range(50):
        view(user_agent=f"Mozilla/5.0 Made-up/{number}")
    assert sum(counting.take_counts().values()) == 5


def test_counts_that_could_not_be_saved_are_given_back():
    view()
    taken = counting.take_counts()
    view()
    counting.give_back(taken)
    assert list(counting.take_counts().values()) == [2]
