"""A reader who arrives while the database is away sees a plain "back in a moment"
page (503, Retry-After), not an error (issue 16)."""

import pytest
from django.db.utils import OperationalError

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reader_sees_back_in_a_moment_during_a_database_outage(
    page_root, live_server, new_page, screenshot, monkeypatch, settings
):
    from masthead.core import sitecache

    settings.DEBUG = False

    def database_down(self, request):
        raise OperationalError("couldn't get a connection after 3.00 sec")

    monkeypatch.setattr(sitecache.RememberedSiteMiddleware, "__call__", database_down)
    page = new_page(width=390, height=700)
    response = page.goto(live_server.url + "/world/a-story/")
    screenshot(page, "database-outage-503", full_page=False)

    assert response.status == 503
    assert response.headers["retry-after"] == "10"
    assert page.get_by_role("heading", name="Back in a moment").is_visible()
    assert page.get_by_role("link", name="Go to the front page").is_visible()
    assert "OperationalError" not in page.content()
