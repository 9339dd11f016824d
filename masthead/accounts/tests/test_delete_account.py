"""A reader deletes their own account; staff accounts are left to administrators."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from .conftest import READER_PASSWORD


def test_apps_holding_copies_of_the_address_are_told_before_deletion(
    client, make_reader
):
    from masthead.accounts.services import reader_account_deleted

    reader = make_reader("leaving@example.com")
    heard = []

    def receiver(sender, user, emails, **kwargs):
        heard.append(
            (user.pk, emails, get_user_model().objects.filter(pk=user.pk).exists())
        )

    reader_account_deleted.connect(receiver)
    try:
        client.force_login(reader)
        client.post("/accounts/delete/", {"password": READER_PASSWORD, "confirm": "on"})
    finally:
        reader_account_deleted.disconnect(receiver)

    assert heard == [(reader.pk, ["leaving@example.com"], True)]


def test_deleting_needs_the_right_password(client, make_reader):
    reader = make_reader()
    client.force_login(reader)

    response = client.post(
        "/accounts/delete/", {"password": "not mine", "confirm": "on"}
    )

    assert response.status_code == 200
    assert b"That password is not correct" in response.content
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_a_reader_deletes_their_account_and_is_logged_out(client, make_reader):
    reader = make_reader()
    client.force_login(reader)
    assert client.get("/accounts/delete/").status_code == 200

    response = client.post(
        "/accounts/delete/", {"password": READER_PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/deleted/"
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not EmailAddress.objects.filter(email=reader.email).exists()
    assert client.get("/accounts/state/").json()["authenticated"] is False
    assert b"has been deleted" in client.get("/accounts/deleted/").content


def test_staff_cannot_delete_their_account_here(client, db):
    editor = get_user_model().objects.create_user(
        username="editor", password=READER_PASSWORD, is_staff=True
    )
    client.force_login(editor)

    response = client.post(
        "/accounts/delete/", {"password": READER_PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_the_delete_page_needs_a_login(client, db):
    response = client.get("/accounts/delete/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
