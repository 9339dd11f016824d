"""Playwright driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is the system's (``apt-get install
chromium``) or the one named by ``MASTHEAD_CHROMIUM``. Without one the whole run stops
with one line saying how to get it; nothing is skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("MASTHEAD_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in this thread, and Django's
    ORM (used by the tests to build data) refuses to run beside one unless told it
    is safe; the permission lasts only as long as the browser does.
    """
    executable = find_chromium()
    if executable is None:
        pytest.exit(
            "Chromium not found: run `apt-get install chromium` "
            "(or set MASTHEAD_CHROMIUM=/path/to/chromium)",
            returncode=3,
        )
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(
            viewport={"width": width, "height": height}, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def asgi_server(page_root):
    """A real ASGI server (uvicorn in a thread) for pages that open WebSockets."""
    from masthead.contact.tests.helpers import ASGILiveServer

    server = ASGILiveServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def empty_cache():
    """Rate-limit counters and presence live in the cache, which outlives rollbacks."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom(home_page):
    """The default site's newsroom settings, with an address to send contact mail to."""
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

    row = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    row.newsroom_email = "desk@courier.example"
    row.save()
    return row


@pytest.fixture
def outbox(settings, tmp_path):
    """Mail written as files by the outbox backend, one per message."""
    settings.EMAIL_BACKEND = "masthead.core.mail.OutboxFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return tmp_path / "outbox"
