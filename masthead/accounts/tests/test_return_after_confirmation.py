"""A new reader who signs up from a story returns to it once they confirm their
email, through the real signup form and the link in the email; emails are signed
in the newsroom's name without "The The"."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from masthead.accounts.services import local_path, sign_off

from .conftest import READER_PASSWORD, find_link


def sign_up(client, next_url):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "New Reader",
            "email": "new@example.com",
            "password1": READER_PASSWORD,
            "password2": READER_PASSWORD,
            "next": next_url,
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    return find_link(message.body, "/accounts/confirm-email/").replace(
        "http://testserver", ""
    )


def confirm(client, link):
    """Open the emailed link, then press the page's confirm button (its form)."""
    page = client.get(link)
    assert page.status_code == 200
    next_field = page.context["redirect_field"]
    data = {}
    if next_field:
        value = next_field.split('value="', 1)[1].split('"', 1)[0]
        data["next"] = value.replace("&#x2F;", "/")
    return client.post(link.split("?", 1)[0], data)


@pytest.mark.django_db
def test_confirming_in_the_same_browser_signs_in_and_returns_to_the_story(
    client, make_article
):
    story = make_article("Council approves the new tram line")
    link = sign_up(client, story.url)
    assert link.endswith("?next=" + story.url.replace("/", "%2F"))

    response = confirm(client, link)

    assert response.status_code == 302
    assert response["Location"] == story.url
    state = client.get("/accounts/state/").json()
    assert state["authenticated"] is True


@pytest.mark.django_db
def test_confirming_from_another_browser_still_returns_to_the_story(
    client, make_article
):
    story = make_article("Council approves the new tram line")
    link = sign_up(client, story.url)

    response = confirm(type(client)(), link)

    assert response.status_code == 302
    assert response["Location"] == story.url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"],
)
def test_an_unsafe_next_is_dropped_from_the_email_link(client, home_page, next_url):
    link = sign_up(client, next_url)
    assert "next=" not in link
    response = confirm(client, link)
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert get_user_model().objects.get(email="new@example.com")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/world/story/?page=2", "/world/story/?page=2"),
        ("/", "/"),
        ("", None),
        (None, None),
        ("world/story/", None),
        ("//evil.example/x", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("/a b", None),
        ("/a\nb", None),
    ],
)
def test_only_local_paths_are_carried(url, expected):
    assert local_path(url) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Masthead", "The Masthead newsroom"),
        ("The Masthead Courier", "The Masthead Courier newsroom"),
        ("the Daily Example", "the Daily Example newsroom"),
        ("Theatre Weekly", "The Theatre Weekly newsroom"),
    ],
)
def test_emails_are_signed_without_a_doubled_the(name, expected):
    assert sign_off(name) == expected


@pytest.mark.django_db
def test_the_signup_email_is_signed_the_masthead_courier_newsroom(client, home_page):
    home_page.get_site().__class__.objects.update(site_name="The Masthead Courier")
    sign_up(client, "/")
    [message] = mail.outbox
    assert "The Masthead Courier newsroom" in message.body
    assert "The The" not in message.body
    [(html, _mime)] = message.alternatives
    assert "The Masthead Courier newsroom" in html
    assert "The The" not in html
