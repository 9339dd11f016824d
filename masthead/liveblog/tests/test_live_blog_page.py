"""A live blog: entries newest first, with a key events summary."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.liveblog.models import LiveBlogEntry, LiveBlogPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_blog(section):
    start = timezone.now() - timedelta(hours=3)
    page = LiveBlogPage(title="Storm hits the coast", slug="storm", standfirst="Live.")
    page.entries = [
        LiveBlogEntry(
            posted_at=start, headline="Warnings issued", body="<p>Amber.</p>"
        ),
        LiveBlogEntry(
            posted_at=start + timedelta(hours=2),
            headline="Bridge closed",
            body="<p>The bridge is shut.</p>",
            is_key_event=True,
        ),
        LiveBlogEntry(
            posted_at=start + timedelta(hours=1),
            headline="Trains cancelled",
            body="<p>No trains.</p>",
            is_key_event=True,
        ),
    ]
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_live_blog_can_be_added_under_a_section(section):
    assert LiveBlogPage in section.specific_class.allowed_subpage_models()


def test_entries_appear_newest_first_with_key_events_summarised(client, live_blog):
    html = client.get(live_blog.url).content.decode()
    assert html.count("<h1") == 1
    entries = html[html.index('class="liveblog__entries"') :]
    assert (
        entries.index("Bridge closed")
        < entries.index("Trains cancelled")
        < entries.index("Warnings issued")
    )
    summary = html[
        html.index('class="key-events"') : html.index(
            "</nav>", html.index('class="key-events"')
        )
    ]
    assert "Bridge closed" in summary and "Trains cancelled" in summary
    assert "Warnings issued" not in summary
    assert 'href="#entry-' in summary


def test_entry_body_markup_is_sanitised(client, section):
    page = LiveBlogPage(title="Risky blog", slug="risky")
    page.entries = [
        LiveBlogEntry(
            body='<p>Hi<script>alert(1)</script><a href="javascript:x">l</a></p>'
        )
    ]
    section.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:x" not in html


def test_an_editor_can_open_the_live_blog_form_in_the_admin(client, section):
    from masthead.newsroom import roles
    from masthead.newsroom.services import ensure_newsroom
    from tests.factories import make_staff

    ensure_newsroom()
    client.force_login(make_staff(roles.EDITOR, "eddie"))
    response = client.get(f"/admin/pages/add/liveblog/liveblogpage/{section.pk}/")
    assert response.status_code == 200
    assert "Key event" in response.content.decode()
