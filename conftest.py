"""Shared fixtures: a site with a front page and a section, images made in memory.

The data builders themselves live in ``tests/factories.py``.
"""

from __future__ import annotations

from itertools import count

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with an empty page cache.

    Database rollbacks between tests do not reach the cache, and on-commit purges
    never run inside a rolled-back test, so a page cached by one test could
    otherwise be served in the next.
    """
    from masthead.core.generation import bump_generation
    from masthead.core.sitecache import forget_all

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
    return factories.make_section(home_page, "World", slug="world")


@pytest.fixture
def make_image(db):
    numbers = count(1)  # each test's photos are numbered from 1

    def make(**fields):
        return factories.make_image(number=next(numbers), **fields)

    return make


@pytest.fixture
def make_article(section):
    def make(headline="A test story", paragraphs=("First paragraph.",), **fields):
        return factories.make_article(
            fields.pop("section", section), headline, paragraphs, **fields
        )

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
