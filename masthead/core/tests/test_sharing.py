"""Share previews and the shipped publisher logo (pure: no database)."""

from pathlib import Path

from PIL import Image

from masthead.core import sharing
from masthead.core.models import DEFAULT_LOGO

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_the_shipped_logo_is_a_square_png_as_large_as_google_asks():
    path, width, height = DEFAULT_LOGO
    with Image.open(STATIC / path) as logo:
        assert logo.format == "PNG"
        assert logo.size == (width, height)
    assert width == height >= 112


def test_a_page_with_a_photo_gets_a_large_card_and_absolute_urls():
    meta = sharing.build_share_meta(
        title="Harbour plan",
        url="/world/harbour/",
        root_url="https://news.example",
        site_name="The Courier",
        description="The council votes.",
        image=sharing.ShareImage(url="/media/a.jpg", width=1200, height=675),
        logo=sharing.ShareImage(url="/static/logo.png", width=512, height=512),
        type="article",
    )
    assert meta["url"] == "https://news.example/world/harbour/"
    assert meta["image"].url == "https://news.example/media/a.jpg"
    assert meta["card"] == "summary_large_image"


def test_a_page_without_a_photo_gets_a_small_card_with_the_logo():
    meta = sharing.build_share_meta(
        title="World",
        url="https://news.example/world/",
        root_url="https://news.example/",
        site_name="The Courier",
        logo=sharing.ShareImage(url="/static/logo.png", width=512, height=512),
    )
    assert meta["card"] == "summary"
    assert meta["image"].url == "https://news.example/static/logo.png"
    assert meta["image"].alt == "The Courier"
    assert meta["type"] == "website"


def test_protocol_relative_and_absolute_urls_are_left_alone():
    assert sharing.absolute_url("//cdn.example/a.jpg", "https://x") == (
        "//cdn.example/a.jpg"
    )
    assert sharing.absolute_url("https://cdn.example/a", "https://x") == (
        "https://cdn.example/a"
    )
