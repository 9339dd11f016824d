"""Shareable preview links for drafts: signed, expiring, revocable, never cached,
never indexed, and only made by someone who may edit the page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from masthead.previews import services
from masthead.previews.models import PreviewLink
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    ensure_newsroom()
    return {
        "editor": make_staff(roles.EDITOR, "eddie"),
        "contributor": make_staff(roles.CONTRIBUTOR, "casey"),
    }


@pytest.fixture
def story(make_article):
    """A live story with a newer, unpublished revision."""
    article = make_article("Harbour plan agreed", paragraphs=["The live text."])
    article.title = "Harbour plan agreed after night-long talks"
    article.save_revision()
    return article


def create_link(client, user, page, days=7):
    client.force_login(user)
    response = client.post(
        reverse("previews_admin:page", args=[page.pk]), {"days": days}
    )
    client.logout()
    assert response.status_code == 200
    match = re.search(r'value="(http://testserver/preview/[^"]+/)"', response.text)
    assert match, "no new link on the admin page"
    return match.group(1).removeprefix("http://testserver")


def test_a_link_shows_the_latest_draft_to_anyone_without_being_indexed(
    client, staff, story
):
    url = create_link(client, staff["editor"], story)
    response = client.get(url)
    assert response.status_code == 200
    assert "Harbour plan agreed after night-long talks" in response.text
    assert "Draft preview" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    # The live page still shows the published headline.
    assert "night-long" not in client.get(story.url).text


def test_a_preview_is_never_stored_in_the_page_cache(client, staff, story):
    url = create_link(client, staff["editor"], story)
    first = client.get(url)
    second = client.get(url)
    assert second.status_code == 200
    assert first.get("X-Cache") != "HIT" and second.get("X-Cache") != "HIT"
    assert second["Cache-Control"] == "private, no-store"


def test_a_link_expires_after_the_days_the_editor_chose(client, staff, story):
    url = create_link(client, staff["editor"], story, days=1)
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        response = client.get(url)
    assert response.status_code == 410
    assert "This preview link has expired" in response.text
    assert "night-long" not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_default_lifetime_is_seven_days(staff, story):
    link, _token = services.create_preview_link(page=story, user=staff["editor"])
    assert link.expires_at - link.created_at == timedelta(days=7)


def test_a_revoked_link_says_so(client, staff, story):
    url = create_link(client, staff["editor"], story)
    link = PreviewLink.objects.get(page=story)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("previews_admin:page", args=[story.pk]),
        {"action": "revoke", "link": link.pk},
    )
    client.logout()
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 410
    assert "This preview link has been revoked" in response.text


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: "x" + token,  # secret
        lambda token: token.split(".")[0],  # no signature at all
        lambda token: "nonsense",
    ],
)
def test_a_link_with_a_wrong_signature_or_secret_is_refused(
    client, staff, story, tamper
):
    url = create_link(client, staff["editor"], story)
    token = url.removeprefix("/preview/").rstrip("/")
    response = client.get(f"/preview/{tamper(token)}/")
    assert response.status_code == 404
    assert "night-long" not in response.text
    assert "This preview link does not work" in response.text


def test_a_contributor_cannot_share_someone_elses_page(client, staff, story):
    contributor = staff["contributor"]
    with pytest.raises(PermissionDenied):
        services.create_preview_link(page=story, user=contributor)
    client.force_login(contributor)
    admin_url = reverse("previews_admin:page", args=[story.pk])
    assert client.get(admin_url).status_code == 403
    assert client.post(admin_url, {"days": 7}).status_code == 403
    assert not PreviewLink.objects.exists()


def test_a_lifetime_outside_the_choices_is_refused(client, staff, story):
    with pytest.raises(ValueError):
        services.create_preview_link(page=story, user=staff["editor"], days=365)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("previews_admin:page", args=[story.pk]), {"days": 365}
    )
    assert response.status_code == 200
    assert not PreviewLink.objects.exists()


def test_only_a_hash_of_the_secret_is_stored(client, staff, story):
    url = create_link(client, staff["editor"], story)
    secret = url.removeprefix("/preview/").split(".")[0]
    link = PreviewLink.objects.get()
    assert secret not in link.token_hash
    assert link.token_hash == services.hash_secret(secret)


def test_the_page_header_menu_offers_a_preview_link_to_editors(client, staff, story):
    client.force_login(staff["editor"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert reverse("previews_admin:page", args=[story.pk]) in response.text
