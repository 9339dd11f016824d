"""Reader accounts through the Django client: state endpoint, signup, reset, login."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from .conftest import READER_PASSWORD, find_link

NEW_PASSWORD = "a brand new passphrase 7"


def test_account_state_for_an_anonymous_reader_is_uncached_and_carries_a_token(
    client, db
):
    response = client.get("/accounts/state/")

    assert response.status_code == 200
    data = response.json()
    assert data["authenticated"] is False
    assert data["name"] is None
    assert len(data["csrfToken"]) >= 32
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control
    assert "Cookie" in response["Vary"]


def test_account_state_names_the_signed_in_reader(client, make_reader):
    client.force_login(make_reader(name="Ada Reader"))

    data = client.get("/accounts/state/").json()

    assert data == {
        "authenticated": True,
        "name": "Ada Reader",
        "csrfToken": data["csrfToken"],
    }


def test_account_state_is_cheap(client, make_reader, django_assert_max_num_queries):
    # The first request of a site generation looks up the site once per process
    # (core.sitecache); every later one is free.
    client.get("/accounts/state/")
    with django_assert_max_num_queries(0):
        client.get("/accounts/state/")
    client.force_login(make_reader())
    with django_assert_max_num_queries(2):  # session (cached_db) and user
        client.get("/accounts/state/")


def test_account_state_refuses_a_post(client, db):
    assert client.post("/accounts/state/").status_code in {403, 405}


def test_article_html_holds_no_reader_name_and_no_csrf_token(
    client, make_article, make_reader
):
    article = make_article(headline="A story for everyone")
    reader = make_reader(name="Zebedee Privateperson")
    client.force_login(reader)
    token = client.get("/accounts/state/").json()["csrfToken"]

    signed_in_html = client.get(article.url).content.decode()
    anonymous_html = type(client)().get(article.url).content.decode()

    for html in (signed_in_html, anonymous_html):
        assert "Log in with your credentials" in html
        assert "Zebedee" not in html
        assert reader.email not in html
        assert token not in html
        assert 'name="csrfmiddlewaretoken" value=""' in html


def test_signup_sends_a_newsroom_email_in_text_and_html(client, home_page, settings):
    from masthead.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    response = client.post(
        "/accounts/signup/",
        {
            "name": "New Reader",
            "email": "new@example.com",
            "password1": READER_PASSWORD,
            "password2": READER_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="new@example.com")
    assert user.password.startswith("argon2")
    assert not user.is_staff and not user.is_superuser
    assert user.first_name == "New Reader"
    [message] = mail.outbox
    assert message.subject == "[Test Courier] Confirm your email address"
    assert message.from_email.startswith("Test Courier <")
    assert "Hello from Test Courier" in message.body
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    assert "Test Courier" in html
    link = find_link(message.body, "/accounts/confirm-email/")
    assert link in html

    confirm = client.post(link.replace("http://testserver", ""))

    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified


def test_signup_with_a_taken_address_answers_like_a_new_one(
    client, home_page, make_reader
):
    make_reader("taken@example.com")
    answers = []
    for email in ("taken@example.com", "fresh@example.com"):
        response = type(client)().post(
            "/accounts/signup/",
            {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        answers.append((response.status_code, response.get("Location")))

    assert answers[0] == answers[1] == (302, "/accounts/confirm-email/")
    assert get_user_model().objects.filter(email="taken@example.com").count() == 1
    # Only the mailbox owner learns the address already had an account.
    taken, fresh = mail.outbox
    assert taken.to == ["taken@example.com"]
    assert "/accounts/password/reset/" in taken.body
    assert "/accounts/confirm-email/" in fresh.body


def test_reset_answers_the_same_for_a_known_and_an_unknown_address(
    client, home_page, make_reader
):
    make_reader("known@example.com")
    pages = []
    for email in ("known@example.com", "nobody@example.com"):
        response = client.post("/accounts/password/reset/", {"email": email})
        assert response.status_code == 302
        pages.append(client.get(response["Location"]).content)

    assert pages[0] == pages[1]
    assert [m.to for m in mail.outbox] == [
        ["known@example.com"],
        ["nobody@example.com"],
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_reset_link_works_once_then_says_so_and_offers_a_new_one(
    client, home_page, make_reader
):
    reader = make_reader("forgetful@example.com")
    client.post("/accounts/password/reset/", {"email": reader.email})
    [message] = mail.outbox
    assert message.subject == "[Test Courier] Choose a new password"
    [(html, _mime)] = message.alternatives
    link = find_link(message.body, "/accounts/password/reset/key/")
    assert link in html
    path = link.replace("http://testserver", "")

    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)

    again = type(client)().get(path, follow=True).content.decode()
    assert "expired or was already used" in again
    assert 'href="/accounts/password/reset/"' in again


@pytest.mark.parametrize(
    "next_url", ["//evil.example", "https://evil.example/", "/\\evil.example"]
)
def test_login_never_redirects_off_site(client, make_reader, next_url):
    reader = make_reader()

    response = client.post(
        "/accounts/login/",
        {"login": reader.email, "password": READER_PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_returns_the_reader_to_the_page_they_were_reading(client, make_reader):
    reader = make_reader()

    response = client.post(
        "/accounts/login/?next=/world/some-story/",
        {"login": reader.email, "password": READER_PASSWORD},
    )

    assert response["Location"] == "/world/some-story/"


def test_popup_login_gets_json_with_the_next_location(client, make_reader):
    reader = make_reader()
    ajax = {
        "HTTP_X_REQUESTED_WITH": "XMLHttpRequest",
        "HTTP_ACCEPT": "application/json",
    }

    wrong = client.post(
        "/accounts/login/",
        {"login": reader.email, "password": "nope", "next": "/world/"},
        **ajax,
    )
    right = client.post(
        "/accounts/login/",
        {"login": reader.email, "password": READER_PASSWORD, "next": "/world/"},
        **ajax,
    )

    assert wrong.status_code == 400
    assert wrong.json()["form"]["errors"]
    assert right.status_code == 200
    assert right.json()["location"] == "/world/"


def test_logout_needs_a_post(client, make_reader):
    client.force_login(make_reader())

    client.get("/accounts/logout/")
    assert client.get("/accounts/state/").json()["authenticated"] is True

    client.post("/accounts/logout/")
    assert client.get("/accounts/state/").json()["authenticated"] is False


NASTY_EMAILS = [
    "a" * 10_000 + "@example.com",
    "reader\x00@example.com",
    "reаder@example.com",  # Cyrillic "а"
    "reader@example.com\r\nBcc: victim@example.com",
    "<script>alert(1)</script>@example.com",
    "",
]


@pytest.mark.parametrize("email", NASTY_EMAILS)
@pytest.mark.parametrize(
    ("url", "extra"),
    [
        ("/accounts/login/", {"password": "whatever"}),
        ("/accounts/signup/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
        ("/accounts/password/reset/", {}),
    ],
)
def test_malformed_email_gets_a_form_error_never_a_500(
    client, home_page, make_reader, url, extra, email
):
    make_reader()
    field = "login" if url == "/accounts/login/" else "email"

    response = client.post(url, {field: email, **extra})

    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert b"<script>alert(1)</script>" not in response.content
    assert mail.outbox == []


def test_nul_bytes_in_a_password_are_a_form_error(client, make_reader):
    reader = make_reader()

    response = client.post(
        "/accounts/login/", {"login": reader.email, "password": "pass\x00word"}
    )

    assert response.status_code == 200
    assert b"errorlist" in response.content
