"""allauth's full pages in the site's layout, working without script."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from .conftest import READER_PASSWORD, find_link


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/password/reset/key/1-bogus/",
    ],
)
def test_entrance_pages_use_the_site_layout(client, home_page, url):
    response = client.get(url, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "account-page" in html
    assert "Test Courier" in html


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/delete/",
    ],
)
def test_manage_pages_work_for_a_signed_in_reader(client, home_page, make_reader, url):
    client.force_login(make_reader())

    response = client.get(url)

    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()


def test_login_page_carries_the_popup_wording(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert "Log in with your credentials" in html
    assert "Forgot your details?" in html


def test_changing_the_address_is_verified_before_it_replaces_the_old_one(
    client, home_page, make_reader
):
    reader = make_reader("old@example.com")
    client.force_login(reader)

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new@example.com"}
    )

    assert response.status_code == 302
    assert (
        EmailAddress.objects.get(user=reader, primary=True).email == "old@example.com"
    )
    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    assert message.alternatives  # HTML part too
    link = find_link(message.body, "/accounts/confirm-email/")

    client.post(link.replace("http://testserver", ""))

    addresses = list(EmailAddress.objects.filter(user=reader).values_list("email"))
    assert addresses == [("new@example.com",)]
    reader.refresh_from_db()
    assert reader.email == "new@example.com"


def test_password_change_keeps_the_reader_signed_in(client, home_page, make_reader):
    reader = make_reader()
    client.force_login(reader)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": READER_PASSWORD,
            "password1": "another passphrase 99",
            "password2": "another passphrase 99",
        },
    )

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password("another passphrase 99")
    assert client.get("/accounts/state/").json()["authenticated"] is True
