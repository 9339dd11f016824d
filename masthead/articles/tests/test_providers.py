"""Embed addresses read from the URL alone (pure: no database, no network)."""

import pytest

from masthead.articles.blocks.providers import known_provider_names, parse_embed_url


@pytest.mark.parametrize(
    ("url", "provider", "src"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtube.com/shorts/dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://vimeo.com/76979871",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/76979871/abc123def0",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1&h=abc123def0",
        ),
        (
            "https://x.com/newsroom/status/1234567890123456789",
            "x",
            "https://platform.twitter.com/embed/Tweet.html?id=1234567890123456789&dnt=true",
        ),
        (
            "https://twitter.com/newsroom/status/20?s=20",
            "x",
            "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
        ),
        (
            "https://www.instagram.com/p/C1a2B3c4D5e/",
            "instagram",
            "https://www.instagram.com/p/C1a2B3c4D5e/embed",
        ),
        (
            "https://bsky.app/profile/newsroom.bsky.social/post/3kabcde2fgh2x",
            "bluesky",
            "https://embed.bsky.app/embed/newsroom.bsky.social/app.bsky.feed.post/3kabcde2fgh2x",
        ),
        (
            "https://mastodon.social/@newsroom/112233445566778899",
            "mastodon",
            "https://mastodon.social/@newsroom/112233445566778899/embed",
        ),
        (
            "https://www.openstreetmap.org/#map=15/60.16950/24.93840",
            "openstreetmap",
            "https://www.openstreetmap.org/export/embed.html?bbox=",
        ),
    ],
)
def test_known_providers_give_their_privacy_friendly_player(url, provider, src):
    embed = parse_embed_url(url)
    assert embed is not None
    assert embed.provider.key == provider
    assert embed.src.startswith(src)
    assert embed.url == url


def test_a_map_is_centred_on_the_marker():
    embed = parse_embed_url(
        "https://www.openstreetmap.org/?mlat=60.1695&mlon=24.9384#map=12/60.17/24.94"
    )
    assert embed.ident == "60.16950,24.93840"
    assert "&marker=60.16950,24.93840" in embed.src
    west, south, east, north = map(
        float, embed.src.split("bbox=")[1].split("&")[0].split(",")
    )
    assert west < 24.94 < east and south < 60.17 < north


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/video/123",
        "https://www.facebook.com/newsroom/posts/12345",
        "https://www.youtube.com/@newsroom",  # a channel, not a video
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@newsroom/12345",  # not Mastodon either
        "https://x.com/newsroom",  # a profile
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ",
        "http://127.0.0.1/@admin/1",  # Mastodon needs a public https host
        "https://mastodon.social:8443/@newsroom/1",
        "https://www.openstreetmap.org/#map=15/95.0/24.9",
        "ftp://vimeo.com/76979871",
        "not a url",
        "",
    ],
)
def test_unknown_or_unsafe_addresses_are_not_embeddable(url):
    assert parse_embed_url(url) is None


def test_the_known_providers_are_named_for_the_editor():
    assert known_provider_names() == (
        "YouTube, Vimeo, X (Twitter), Instagram, Bluesky, Mastodon, OpenStreetMap"
    )
