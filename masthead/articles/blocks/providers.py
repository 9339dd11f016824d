"""Which third-party content a story may embed, read from the URL alone.

Pure: a URL in, an ``Embed`` (or None) out, with no network. Nothing is fetched to
save or to render an embed: the page shows a placeholder, and the reader's own
click loads ``Embed.src`` (``static/articles/embeds.js``). Every ``src`` is built
here from parts checked against strict patterns, never copied from the editor's
URL, so a crafted URL cannot smuggle a script or another host into the iframe.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

VIDEO = "video"  # 16:9 player
POST = "post"  # a tall social post
MAP = "map"  # 4:3 map


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    kind: str
    link_text: str  # the plain link for readers without script


@dataclass(frozen=True)
class Embed:
    provider: Provider
    ident: str  # the provider's id of the item (video id, post id, "lat,lon")
    src: str  # the iframe's address, loaded only on the reader's click
    url: str  # the original, for the plain link


PROVIDERS = {
    provider.key: provider
    for provider in (
        Provider("youtube", "YouTube", VIDEO, "Watch on YouTube"),
        Provider("vimeo", "Vimeo", VIDEO, "Watch on Vimeo"),
        Provider("x", "X (Twitter)", POST, "View the post on X"),
        Provider("instagram", "Instagram", POST, "View the post on Instagram"),
        Provider("bluesky", "Bluesky", POST, "View the post on Bluesky"),
        Provider("mastodon", "Mastodon", POST, "View the post on Mastodon"),
        Provider("openstreetmap", "OpenStreetMap", MAP, "View the map"),
    )
}


def known_provider_names() -> str:
    return ", ".join(provider.name for provider in PROVIDERS.values())


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_DIGITS = re.compile(r"[0-9]{1,25}")
_INSTAGRAM_CODE = re.compile(r"[A-Za-z0-9_-]{5,40}")
_BSKY_ACTOR = re.compile(r"did:(?:plc|web):[a-z0-9._:-]{1,200}|[a-z0-9.-]{1,253}", re.I)
_BSKY_RKEY = re.compile(r"[a-z0-9]{5,20}", re.I)
_MASTODON_USER = re.compile(r"[A-Za-z0-9_]{1,64}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
_HOSTNAME = re.compile(
    r"(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def _host(parts) -> str:
    host = (parts.hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _youtube(parts, host: str, path: list[str]) -> str | None:
    if host == "youtu.be" and len(path) == 1:
        return path[0]
    if host in {"youtube.com", "m.youtube.com", "youtube-nocookie.com"}:
        if path == ["watch"]:
            return (parse_qs(parts.query).get("v") or [""])[0]
        if len(path) == 2 and path[0] in {"shorts", "embed", "live", "v"}:
            return path[1]
    return None


def _parse_youtube(parts, host, path, url):
    video = _youtube(parts, host, path)
    if video and _YOUTUBE_ID.fullmatch(video):
        return video, f"https://www.youtube-nocookie.com/embed/{video}"
    return None


def _parse_vimeo(parts, host, path, url):
    if host == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
        path = path[1:]
        secret = (parse_qs(parts.query).get("h") or [""])[0]
        path = path + [secret] if secret else path
    elif host != "vimeo.com":
        return None
    if len(path) >= 3 and path[0] == "channels":
        path = path[2:]
    if not path or not _DIGITS.fullmatch(path[0]):
        return None
    src = f"https://player.vimeo.com/video/{path[0]}?dnt=1"
    if len(path) == 2 and _VIMEO_HASH.fullmatch(path[1]):
        src += f"&h={path[1]}"  # an unlisted video's key
    elif len(path) != 1:
        return None
    return path[0], src


def _parse_x(parts, host, path, url):
    if host not in {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}:
        return None
    if len(path) >= 3 and path[1] == "status" and _DIGITS.fullmatch(path[2]):
        return path[2], (
            f"https://platform.twitter.com/embed/Tweet.html?id={path[2]}&dnt=true"
        )
    return None


def _parse_instagram(parts, host, path, url):
    if host != "instagram.com" or len(path) < 2 or path[0] not in {"p", "reel", "tv"}:
        return None
    if _INSTAGRAM_CODE.fullmatch(path[1]):
        return path[1], f"https://www.instagram.com/p/{path[1]}/embed"
    return None


def _parse_bluesky(parts, host, path, url):
    if (
        host != "bsky.app"
        or len(path) != 4
        or (path[0], path[2])
        != (
            "profile",
            "post",
        )
    ):
        return None
    actor, rkey = path[1], path[3]
    if _BSKY_ACTOR.fullmatch(actor) and _BSKY_RKEY.fullmatch(rkey):
        return f"{actor}/{rkey}", (
            f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{rkey}"
        )
    return None


# Hosts of the named providers: their other pages are never Mastodon posts.
_NAMED_HOSTS = {
    "youtube.com",
    "m.youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "vimeo.com",
    "player.vimeo.com",
    "x.com",
    "mobile.x.com",
    "twitter.com",
    "mobile.twitter.com",
    "instagram.com",
    "bsky.app",
    "openstreetmap.org",
}


def _parse_mastodon(parts, host, path, url):
    """Any instance: /@user/123 or /users/user/statuses/123 on a public host name."""
    if host in _NAMED_HOSTS or not _HOSTNAME.fullmatch(host):
        return None
    if parts.port not in (None, 443) or parts.scheme != "https":
        return None
    if len(path) == 2 and path[0].startswith("@"):
        user, status = path[0][1:], path[1]
    elif len(path) == 4 and (path[0], path[2]) == ("users", "statuses"):
        user, status = path[1], path[3]
    else:
        return None
    if _MASTODON_USER.fullmatch(user) and _DIGITS.fullmatch(status):
        return status, f"https://{parts.hostname.lower()}/@{user}/{status}/embed"
    return None


def _parse_openstreetmap(parts, host, path, url):
    if host != "openstreetmap.org":
        return None
    query = parse_qs(parts.query)
    view = re.fullmatch(
        r"map=(\d{1,2})/(-?\d{1,3}(?:\.\d+)?)/(-?\d{1,3}(?:\.\d+)?)", parts.fragment
    )
    try:
        if view:
            zoom, lat, lon = int(view[1]), float(view[2]), float(view[3])
        else:
            zoom = 15
            lat, lon = float(query["mlat"][0]), float(query["mlon"][0])
        if "mlat" in query and "mlon" in query:
            marker = (float(query["mlat"][0]), float(query["mlon"][0]))
        else:
            marker = (lat, lon)
    except (KeyError, ValueError, IndexError):
        return None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 19):
        return None
    if not (-85 <= marker[0] <= 85 and -180 <= marker[1] <= 180):
        return None
    # The box a 600x450 px map shows at this zoom (256 px tiles), so the
    # embedded map looks like the one the editor was looking at.
    half_width = 360 / 2**zoom * 600 / 256 / 2
    half_height = half_width * 0.75 * math.cos(math.radians(lat))
    bbox = ",".join(
        f"{value:.5f}"
        for value in (
            max(lon - half_width, -180),
            max(lat - half_height, -85),
            min(lon + half_width, 180),
            min(lat + half_height, 85),
        )
    )
    ident = f"{marker[0]:.5f},{marker[1]:.5f}"
    return ident, (
        "https://www.openstreetmap.org/export/embed.html"
        f"?bbox={bbox}&layer=mapnik&marker={ident}"
    )


# Mastodon last: it accepts any host, so the named providers are tried first.
_PARSERS = (
    ("youtube", _parse_youtube),
    ("vimeo", _parse_vimeo),
    ("x", _parse_x),
    ("instagram", _parse_instagram),
    ("bluesky", _parse_bluesky),
    ("openstreetmap", _parse_openstreetmap),
    ("mastodon", _parse_mastodon),
)


def parse_embed_url(url: str) -> Embed | None:
    """The embeddable item ``url`` points at, or None for an unknown provider or a
    URL that is not an item page (a channel, a profile, a search)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = _host(parts)
    path = [segment for segment in parts.path.split("/") if segment]
    for key, parser in _PARSERS:
        found = parser(parts, host, path, url)
        if found:
            ident, src = found
            return Embed(provider=PROVIDERS[key], ident=ident, src=src, url=url)
    return None
