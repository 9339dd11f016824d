import re

import pytest
from django.core import mail

from masthead.newsletters.models import (
    ConsentRecord,
    Subscriber,
    Subscription,
    Suppression,
)
from masthead.newsletters.services import tokens

from .conftest import run_worker, subscribe_confirmed

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def signup(client, lists, home_page, django_capture_on_commit_callbacks):
    def post(email, *, chosen=("daily",), ip="203.0.113.5", **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/newsletters/subscribe/",
                {"email": email, "lists": list(chosen)},
                REMOTE_ADDR=ip,
                **{**JSON, **headers},
            )

    return post


def confirm_link(message) -> str:
    return re.search(r"http://\S+/newsletters/confirm/\S+/", message.body).group(0)


def test_double_opt_in_subscribes_only_after_the_link_is_followed(signup, client):
    response = signup(
        "Ann@Example.org",
        chosen=("daily", "breaking"),
        HTTP_REFERER="http://testserver/world/story/",
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert not Subscription.objects.exists()

    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Ann@example.org"]
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    link = confirm_link(message).removeprefix("http://testserver")

    page = client.get(link)  # a link scanner's visit confirms nothing
    assert page.status_code == 200
    assert b"Yes, subscribe me" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    done = client.post(link)
    assert done.status_code == 200
    assert b"You are subscribed" in done.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert set(subscriber.lists.values_list("slug", flat=True)) == {"daily", "breaking"}
    requested, confirmed = subscriber.consents.all()
    assert requested.action == ConsentRecord.Action.REQUESTED
    assert requested.source == "http://testserver/world/story/"
    assert requested.ip_address == "203.0.113.5"
    assert "unsubscribe at any time" in requested.consent_text
    assert confirmed.action == ConsentRecord.Action.CONFIRMED


def test_without_script_the_answer_is_a_page(client, lists, home_page):
    response = client.post(
        "/newsletters/subscribe/", {"email": "ann@example.org", "lists": ["daily"]}
    )
    assert response.status_code == 200
    assert b"Almost done" in response.content
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("ann@example.org\r\nBcc: x@example.org", "line breaks"),
        ("ann@gmial.com", "ann@gmail.com"),
        ("jörg@example.org", "plain letters"),
        ("postmaster@example.org", "role addresses"),
        ("x@yopmail.com", "throwaway"),
        ("<script>alert(1)</script>", "whole email address"),
        ("", "enter your email"),
    ],
)
def test_bad_addresses_get_a_clear_error_and_no_mail(signup, email, words):
    response = signup(email)
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert not Subscriber.objects.exists()


def test_the_error_page_escapes_what_was_typed(client, lists, home_page):
    response = client.post(
        "/newsletters/subscribe/", {"email": '"><script>alert(1)</script>'}
    )
    assert response.status_code == 400
    assert b"<script>alert(1)" not in response.content


def test_the_hidden_field_catches_bots(client, lists):
    response = client.post(
        "/newsletters/subscribe/",
        {"email": "ann@example.org", "website": "http://spam.example"},
        **JSON,
    )
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_another_site_cannot_post_the_form(signup):
    response = signup("ann@example.org", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_a_thousand_signups_from_one_ip_are_refused_after_the_limit(
    client, lists, settings
):
    settings.MASTHEAD_NEWSLETTER_SIGNUPS_PER_IP_HOUR = 20
    codes = [
        client.post(
            "/newsletters/subscribe/",
            {"email": f"reader{n}@example.org"},
            REMOTE_ADDR="198.51.100.7",
            **JSON,
        ).status_code
        for n in range(1000)
    ]
    assert codes.count(200) == 20
    assert codes.count(429) == 980
    assert Subscriber.objects.count() == 20
    last = client.post(
        "/newsletters/subscribe/",
        {"email": "one.more@example.org"},
        REMOTE_ADDR="198.51.100.7",
        **JSON,
    )
    assert "Too many signups" in last.json()["error"]
    # Another network is not held back by that one.
    other = client.post(
        "/newsletters/subscribe/",
        {"email": "else@example.org"},
        REMOTE_ADDR="198.51.100.8",
        **JSON,
    )
    assert other.status_code == 200


def test_one_address_gets_a_few_confirmation_mails_a_day_at_most(signup):
    codes = [signup("ann@example.org", ip=f"192.0.2.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_an_expired_link_says_so_and_sends_a_new_one(
    client, lists, settings, django_capture_on_commit_callbacks
):
    import datetime

    import time_machine

    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=10)
    with time_machine.travel(past, tick=False):
        token = tokens.make_confirm_token("ann@example.org", ["daily"])
    page = client.get(f"/newsletters/confirm/{token}/")
    assert page.status_code == 410
    assert b"This link has expired" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"/newsletters/confirm/{token}/", {"resend": "1"})
    assert b"A new link is on its way" in resent.content
    run_worker()
    assert mail.outbox[-1].to == ["ann@example.org"]
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("token", ["garbage", "a" * 300, "x:y:z"])
def test_a_broken_link_gets_a_clear_page(client, lists, token):
    assert client.get(f"/newsletters/confirm/{token}/").status_code == 400
    assert client.get(f"/newsletters/unsubscribe/{token}/").status_code == 400
    assert client.post(f"/newsletters/unsubscribe/{token}/").status_code == 400


def test_rfc8058_one_click_post_unsubscribes_without_cookies(lists, suppression_file):
    from django.test import Client

    subscribe_confirmed("ann@example.org", lists["daily"], lists["breaking"])
    token = tokens.make_unsubscribe_token("ann@example.org", "daily")
    no_cookies = Client(enforce_csrf_checks=True)
    looked = no_cookies.get(f"/newsletters/unsubscribe/{token}/")
    assert looked.status_code == 200
    assert Subscription.objects.count() == 2  # a GET changes nothing

    response = no_cookies.post(
        f"/newsletters/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert list(Subscription.objects.values_list("newsletter__slug", flat=True)) == [
        "breaking"
    ]
    assert Suppression.objects.get().newsletter == lists["daily"]
    assert suppression_file.read_text().count("\tdaily\t") == 1
    record = ConsentRecord.objects.get(action=ConsentRecord.Action.UNSUBSCRIBED)
    assert record.method == ConsentRecord.Method.ONE_CLICK


def test_unsubscribing_from_everything(client, lists):
    subscribe_confirmed("ann@example.org", lists["daily"], lists["breaking"])
    token = tokens.make_unsubscribe_token("ann@example.org", "daily")
    response = client.post(f"/newsletters/unsubscribe/{token}/", {"scope": "all"})
    assert b"You are unsubscribed" in response.content
    assert not Subscription.objects.exists()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.get().newsletter is None


def test_confirming_again_after_unsubscribing_is_fresh_consent(lists):
    from masthead.newsletters.services import signup as service
    from masthead.newsletters.services.suppression import is_suppressed

    subscribe_confirmed("ann@example.org", lists["daily"])
    service.unsubscribe(email="ann@example.org")
    assert is_suppressed("ann@example.org", lists["daily"])
    service.confirm_subscription(email="ann@example.org", list_slugs=["daily"])
    assert not is_suppressed("ann@example.org", lists["daily"])


def test_the_box_on_a_cached_story_carries_no_token(client, make_article, lists):
    story = make_article(headline="A story with a box")
    html = client.get(story.url).content.decode()
    boxes = re.findall(r'<section class="newsletter-box".*?</section>', html, re.S)
    assert len(boxes) == 2  # in the story and in the footer
    for box in boxes:
        assert 'action="/newsletters/subscribe/"' in box
        assert "csrf" not in box
    assert "newsletters/signup.js" in html


def test_a_signed_in_reader_manages_their_lists(client, lists):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="ann", email="ann@example.org", password="a long password 1"
    )
    EmailAddress.objects.create(
        user=user, email="ann@example.org", verified=True, primary=True
    )
    assert client.get("/newsletters/manage/").status_code == 302
    client.force_login(user)
    page = client.get("/newsletters/manage/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    client.post("/newsletters/manage/", {"lists": ["daily", "breaking"]})
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.user == user
    client.post("/newsletters/manage/", {"lists": ["breaking"]})
    assert list(subscriber.lists.values_list("slug", flat=True)) == ["breaking"]
    assert Suppression.objects.get().newsletter == lists["daily"]
