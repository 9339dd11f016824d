"""Readers never reach the newsroom's admin; staff still log in there by username."""

from django.contrib.auth import get_user_model

from .conftest import READER_PASSWORD


def test_a_signed_in_reader_is_refused_by_the_admin(client, make_reader):
    reader = make_reader()
    assert not reader.is_staff
    client.force_login(reader)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    dashboard = client.get("/admin/", follow=True)
    assert b"Dashboard" not in dashboard.content


def test_a_reader_cannot_log_into_the_admin_with_their_password(client, make_reader):
    reader = make_reader()

    client.post(
        "/admin/login/", {"username": reader.username, "password": READER_PASSWORD}
    )

    assert client.get("/admin/").status_code == 302


def test_staff_log_into_the_admin_with_their_username(client, home_page):
    get_user_model().objects.create_superuser(
        username="editor", email="editor@example.com", password=READER_PASSWORD
    )

    response = client.post(
        "/admin/login/", {"username": "editor", "password": READER_PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
