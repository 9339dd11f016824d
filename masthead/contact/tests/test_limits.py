"""Oversized or malformed posts to the contact endpoints get the JSON error the box
shows, with the limit stated, never Django's bare HTML 400 (issue 17)."""

import pytest
from django.test import Client

from masthead.contact.models import Conversation
from masthead.contact.services import safety

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/contact/send/", "/contact/chat/start/"]
GOOD = {"name": "Ada Reader", "email": "ada@example.org", "message": "A tip."}


@pytest.fixture
def browser_client(newsroom):
    """CSRF enforced, as for a real browser: the CSRF check reads the body first."""
    client = Client(enforce_csrf_checks=True)
    token = client.get("/contact/state/").json()["csrf"]
    client.defaults.update(HTTP_X_CSRFTOKEN=token, HTTP_ACCEPT="application/json")
    return client


def assert_json_error(response, status, *fragments):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["ok"] is False
    for fragment in fragments:
        assert fragment in payload["error"]
    return payload


def test_the_settings_are_what_the_limits_assume(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440  # Django's default
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 10_000
    assert safety.POST_MAX_BYTES < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_3_mb_body_is_a_json_413_stating_the_limit(browser_client, url):
    response = browser_client.post(url, {**GOOD, "message": "x" * 3_000_000})
    assert_json_error(response, 413, "limit of 128 KB")
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("url", ENDPOINTS)
def test_2000_fields_are_a_json_400_stating_the_limit(browser_client, url):
    body = "&".join(f"f{n}=1" for n in range(2000))
    response = browser_client.post(
        url, body, content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 400, "limit of 20 fields")
    assert Conversation.objects.count() == 0


def test_django_refusing_too_many_fields_is_caught_too(browser_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    response = browser_client.post("/contact/send/", {**GOOD, "website": ""})
    assert_json_error(response, 400, "limit of 3 fields")


def test_django_refusing_a_body_too_big_is_caught_too(browser_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    response = browser_client.post("/contact/send/", {**GOOD, "message": "x" * 20_000})
    assert_json_error(response, 413, "limit of 10 KB")


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_malformed_multipart_body_is_a_json_400(browser_client, url):
    response = browser_client.post(
        url,
        b"--x\r\nContent-Disposition: form-data; name=\r\n\r\nbroken",
        content_type="multipart/form-data; boundary=",
    )
    assert_json_error(response, 400, "malformed")


def test_the_csrf_check_still_applies(newsroom):
    client = Client(enforce_csrf_checks=True)
    client.get("/contact/state/")
    response = client.post("/contact/send/", GOOD, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert Conversation.objects.count() == 0


def test_a_normal_post_with_its_token_is_sent(browser_client):
    response = browser_client.post("/contact/send/", GOOD)
    assert response.status_code == 200
    assert response.json()["ok"] is True
