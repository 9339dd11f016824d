"""Shared fixtures: a site with a front page and a section, images made in memory."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image as PILImage


def make_jpeg_bytes(
    width: int = 320, height: int = 180, colour=(90, 120, 160)
) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with an empty page cache.

    Database rollbacks between tests do not reach the cache, and on-commit purges
    never run inside a rolled-back test, so a page cached by one test could
    otherwise be served in the next.
    """
    from masthead.core.sitecache import forget_all
    from masthead.pagecache.store import bump_generation

    bump_generation()
    forget_all()
    yield


@pytest.fixture
def page_root(db):
    """Wagtail's root page, root collection and default locale (its migrations
    make them).

    Transactional tests (browser tests) flush every table afterwards, and Django's
    serialized rollback cannot restore them while Playwright's event loop runs, so
    they are recreated here when missing.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )


@pytest.fixture
def home_page(page_root):
    from wagtail.models import Site

    from masthead.home.models import HomePage

    home = page_root.add_child(instance=HomePage(title="Home", slug="front-page"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Test Courier",
        },
    )
    return home


@pytest.fixture
def section(home_page):
    from masthead.sections.models import SectionPage

    section = home_page.add_child(instance=SectionPage(title="World", slug="world"))
    section.save_revision().publish()
    return section


@pytest.fixture
def make_image(db):
    from masthead.images.services import create_image

    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        fields.setdefault("title", f"Photo {n}")
        fields.setdefault("filename", f"photo-{n}.jpg")
        fields.setdefault("content", make_jpeg_bytes(colour=(n % 255, 100, 150)))
        return create_image(**fields)

    return make


@pytest.fixture
def make_article(section):
    from masthead.articles.blocks import paragraph_from_text
    from masthead.articles.services import create_article

    def make(headline="A test story", paragraphs=("First paragraph.",), **fields):
        fields.setdefault("section", section)
        fields.setdefault("publish", True)
        body = fields.pop("body", None) or [
            ("paragraph", paragraph_from_text(text)) for text in paragraphs
        ]
        return create_article(headline=headline, body=body, **fields)

    return make


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that Django sends to; ``.messages``
    holds what it received, ``stop()``/``start()`` take it down and back."""
    from masthead.contact.tests.helpers import LocalSMTP

    server = LocalSMTP()
    server.start()
    server.use_in(settings)
    yield server
    server.stop()
