"""An editor shares a draft by link, in Chromium: the admin makes a link from the
page's header menu, a reader with no account opens it and sees the draft with a
preview notice, and after the editor revokes it the reader is told so."""

import pytest

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = "Harbour plan agreed"
DRAFT = "Harbour plan agreed after night-long talks"


def test_editor_shares_a_draft_and_a_reader_opens_it_until_revoked(
    page_root, home_page, section, make_article, live_server, new_page, screenshot
):
    ensure_newsroom()
    make_staff(roles.EDITOR, "eddie")
    story = make_article(
        LIVE,
        standfirst="The council votes on the new quay.",
        paragraphs=["Councillors met until dawn.", "The vote was close."],
    )
    story.title = DRAFT
    story.save_revision()
    base = live_server.url

    admin = new_page(width=1280, height=900)
    admin.goto(base + "/admin/login/")
    admin.fill("#id_username", "eddie")
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(base + "/admin/")

    # The page's header menu offers the link screen.
    admin.goto(f"{base}/admin/pages/{story.pk}/edit/")
    admin.locator("#w-slim-header-buttons [data-w-dropdown-target='toggle']").click()
    admin.get_by_role("link", name="Share preview link").click()
    admin.wait_for_url(f"{base}/admin/previews/{story.pk}/")
    admin.select_option("select[name=days]", "14")
    admin.get_by_role("button", name="Create preview link").click()
    link = admin.locator("[data-preview-url]").input_value()
    assert link.startswith(base + "/preview/")
    assert "Works until" in admin.locator("table.listing").inner_text()
    screenshot(admin, "preview-link-admin")

    reader = new_page(width=1280, height=900)
    response = reader.goto(link)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert "no-store" in response.headers["cache-control"]
    assert reader.locator("h1.article__headline").inner_text() == DRAFT
    assert reader.locator(".preview-banner").is_visible()
    robots = reader.locator("meta[name=robots]").get_attribute("content")
    assert robots == "noindex, nofollow"
    screenshot(reader, "preview-link-reader")

    admin.get_by_role("button", name="Revoke").click()
    admin.wait_for_selector("text=The preview link no longer works.")
    response = reader.goto(link)
    assert response.status == 410
    assert reader.get_by_role("heading", level=1).inner_text() == (
        "This preview link has been revoked"
    )
    screenshot(reader, "preview-link-revoked")
