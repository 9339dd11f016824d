"""The admin Import screen through Django's test client (a browser test clicks it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.articles.models import ArticlePage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "seed-page.txt"
pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def test_pasted_text_is_previewed_with_the_dropped_lines_marked(editor, section):
    text = SEED.read_text(encoding="utf-8")
    response = editor.post(
        "/admin/import/", {"text": text, "section": section.pk, "action": "preview"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trump calls Putin" in html
    assert html.count('class="ingest-dropped"') == 3
    assert "Log in with your credentials</del>" in html
    assert "BRENDAN SMIALOWSKI/Getty" in html
    assert ArticlePage.objects.count() == 0  # a preview creates nothing

    token = html.split('name="token" value="')[1].split('"')[0]
    created = editor.post(
        "/admin/import/", {"action": "create", "token": token, "section": section.pk}
    )
    assert created.status_code == 302
    assert created["Location"] == f"/admin/pages/{section.pk}/"
    article = ArticlePage.objects.get()
    assert not article.live
    assert article.get_parent().pk == section.pk


def test_an_uploaded_binary_file_gets_a_clear_message(editor, section):
    upload = SimpleUploadedFile("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00" * 50)
    response = editor.post(
        "/admin/import/", {"file": upload, "section": section.pk, "action": "preview"}
    )
    assert "binary file" in response.content.decode()


def test_exactly_one_source_must_be_given(editor, section):
    response = editor.post("/admin/import/", {"section": section.pk})
    assert "Give exactly one of" in response.content.decode()


def test_a_tampered_token_creates_nothing(editor, section):
    response = editor.post(
        "/admin/import/",
        {"action": "create", "token": "../../etc/passwd", "section": section.pk},
    )
    assert response.status_code == 302
    assert ArticlePage.objects.count() == 0


def test_the_import_screen_needs_an_admin_login(client):
    response = client.get("/admin/import/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_feed_subscriptions_are_listed_in_the_admin(editor, section):
    from masthead.ingest.models import FeedSubscription

    FeedSubscription.objects.create(
        name="Coastwire", url="https://coastwire.example/feed", section=section
    )
    response = editor.get("/admin/snippets/ingest/feedsubscription/")
    assert response.status_code == 200
    assert "Coastwire" in response.content.decode()


# -- who may import -----------------------------------------------------------------


def login_as(client, role: str, username: str):
    ensure_newsroom()
    client.force_login(make_staff(role, username))
    return client


def import_menu_is_shown(client) -> bool:
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    return "/admin/import/" in dashboard.content.decode()


def test_a_photo_editor_cannot_import_and_sees_no_import_menu_item(client, section):
    login_as(client, roles.PHOTO_EDITOR, "pia")
    assert client.get("/admin/import/").status_code == 403
    text = SEED.read_text(encoding="utf-8")
    response = client.post(
        "/admin/import/", {"text": text, "section": section.pk, "action": "preview"}
    )
    assert response.status_code == 403
    assert not import_menu_is_shown(client)
    assert ArticlePage.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "username"), [(roles.CONTRIBUTOR, "casey"), (roles.EDITOR, "eddie")]
)
def test_contributors_and_editors_can_import_drafts(client, section, role, username):
    login_as(client, role, username)
    assert import_menu_is_shown(client)
    text = SEED.read_text(encoding="utf-8")
    response = client.post(
        "/admin/import/", {"text": text, "section": section.pk, "action": "preview"}
    )
    assert response.status_code == 200
    token = response.content.decode().split('name="token" value="')[1].split('"')[0]
    created = client.post(
        "/admin/import/", {"action": "create", "token": token, "section": section.pk}
    )
    assert created.status_code == 302
    article = ArticlePage.objects.get()
    assert not article.live
    assert article.get_parent().pk == section.pk


def test_the_superuser_sees_the_import_menu_item(editor, section):
    assert import_menu_is_shown(editor)
