"""Account pages are never kept by a browser or a proxy (issue 17)."""

import pytest
from django.urls import reverse

ACCOUNT_PAGES = [
    "accounts:overview",
    "accounts:delete",
    "account_email",
    "account_change_password",
    "account_reset_password",
    "account_login",
    "account_signup",
]


def assert_no_store(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]


@pytest.mark.parametrize("url_name", ACCOUNT_PAGES)
def test_signed_in_account_pages_are_private_and_not_stored(
    client, make_reader, url_name
):
    client.force_login(make_reader())
    response = client.get(reverse(url_name))
    # allauth sends a signed-in reader on from the login and signup pages.
    assert response.status_code in (200, 302)
    assert_no_store(response)


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_reset_password"]
)
def test_anonymous_account_pages_are_private_and_not_stored(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_no_store(response)


def test_a_refused_login_post_is_not_stored_either(client, db):
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert_no_store(response)
