"""The offline form end to end without a browser: POST → stored + queued in one
transaction → the worker emails it, retrying while SMTP is down."""

import pytest
from django.db import transaction

from masthead.contact.models import Conversation, DeliveryAttempt, OutgoingEmail
from masthead.contact.services.delivery import deliver_email
from masthead.contact.services.outbox import record_message
from masthead.contact.services.presence import record_heartbeat

from .conftest import run_worker

pytestmark = pytest.mark.django_db
# The worker takes and releases its own transactions and connections (as in
# production), so the tests that run it cannot sit inside a test transaction.
with_worker = pytest.mark.django_db(transaction=True)

GOOD = {"name": "Ada Reader", "email": "ada@example.org", "message": "A tip for you."}


def send(client, data=None, **extra):
    return client.post(
        "/contact/send/", data or GOOD, HTTP_ACCEPT="application/json", **extra
    )


def queued_task_count() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


def test_a_message_is_stored_and_its_email_queued(client, newsroom):
    response = send(client)

    assert response.status_code == 200
    assert response.json()["ok"] is True
    conversation = Conversation.objects.get()
    assert conversation.lines.get().body == "A tip for you."
    outgoing = conversation.emails.get()
    assert outgoing.to == "desk@courier.example"
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert queued_task_count() == 1


def test_storing_and_queueing_are_one_transaction(newsroom):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_message(name="Ada", email="ada@example.org", message="hi")
        raise RuntimeError("the request died after the message was stored")
    assert Conversation.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert queued_task_count() == 0


@with_worker
def test_the_worker_sends_the_email_with_the_reader_as_reply_to(client, newsroom, smtp):
    send(client, {**GOOD, "message": "<script>alert(1)</script> & <b>bold</b>"})

    run_worker()

    [message] = smtp.messages
    assert message["To"] == "desk@courier.example"
    assert message["Reply-To"] == "Ada Reader <ada@example.org>"
    assert message["Subject"] == "Reader message from Ada Reader"
    assert message.get_content_type() == "text/plain"
    assert "<script>alert(1)</script> & <b>bold</b>" in message.get_content()
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert outgoing.delivery_attempts.get().succeeded


def make_reader(email="ada.verified@example.org", *, verified=True):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="x" * 20
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def copies() -> list[str]:
    return list(
        OutgoingEmail.objects.filter(
            purpose=OutgoingEmail.Purpose.COPY_TO_READER
        ).values_list("to", flat=True)
    )


@with_worker
def test_a_copy_goes_to_a_verified_reader_when_asked(client, newsroom, smtp):
    client.force_login(make_reader())
    send(client, {**GOOD, "wants_copy": "on"})
    run_worker()
    assert sorted(m["To"] for m in smtp.messages) == [
        "ada.verified@example.org",
        "desk@courier.example",
    ]


def test_no_copy_for_an_anonymous_reader_whatever_they_post(client, newsroom):
    """Otherwise the form mails any stranger a text of the sender's choosing."""
    response = send(client, {**GOOD, "email": "victim@example.net", "wants_copy": "on"})
    assert response.json()["ok"] is True
    assert copies() == []
    assert Conversation.objects.get().wants_copy is False


def test_no_copy_for_a_reader_whose_address_is_unverified(client, newsroom):
    client.force_login(make_reader("unsure@example.org", verified=False))
    send(client, {**GOOD, "email": "unsure@example.org", "wants_copy": "on"})
    assert copies() == []


def test_the_copy_goes_to_the_verified_address_not_the_typed_one(client, newsroom):
    client.force_login(make_reader())
    send(client, {**GOOD, "email": "victim@example.net", "wants_copy": "on"})
    assert copies() == ["ada.verified@example.org"]
    # The newsroom still sees (and answers) the address the reader typed.
    to_newsroom = OutgoingEmail.objects.get(purpose=OutgoingEmail.Purpose.TO_NEWSROOM)
    assert to_newsroom.reply_to == "victim@example.net"


def test_no_copy_unless_asked(client, newsroom):
    client.force_login(make_reader())
    send(client)
    assert copies() == []


def test_the_copy_option_is_offered_only_with_a_verified_address(client, newsroom):
    assert client.get("/contact/state/").json()["copy_to"] == ""
    assert "id_wants_copy" not in client.get("/contact/").content.decode()

    client.force_login(make_reader())
    assert client.get("/contact/state/").json()["copy_to"] == (
        "ada.verified@example.org"
    )
    page = client.get("/contact/").content.decode()
    assert "id_wants_copy" in page
    assert "Send me a copy (to ada.verified@example.org)" in page


@with_worker
def test_smtp_down_keeps_the_message_records_the_attempt_and_retries(
    client, newsroom, smtp, settings
):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    settings.CONTACT_EMAIL_RETRY_BASE_SECONDS = 30
    smtp.stop()
    send(client)

    run_worker()

    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    [attempt] = outgoing.delivery_attempts.all()
    assert not attempt.succeeded
    assert "Connection" in attempt.error or "refused" in attempt.error.lower()
    # The retry waits its backoff: running the worker again now sends nothing.
    run_worker()
    assert outgoing.delivery_attempts.count() == 1

    smtp.start()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31)):
        run_worker()

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert [a.succeeded for a in outgoing.delivery_attempts.all()] == [False, True]
    assert len(smtp.messages) == 1


@with_worker
def test_delivery_gives_up_after_the_last_attempt(client, newsroom, smtp, settings):
    settings.CONTACT_EMAIL_MAX_ATTEMPTS = 2
    settings.CONTACT_EMAIL_RETRY_BASE_SECONDS = 0
    smtp.stop()
    send(client)

    run_worker()

    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.FAILED
    assert DeliveryAttempt.objects.count() == 2
    assert Conversation.objects.get().lines.count() == 1


@with_worker
def test_a_repeated_task_run_sends_nothing_twice(client, newsroom, smtp):
    send(client)
    run_worker()
    deliver_email(email_id=OutgoingEmail.objects.get().pk)
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Please tell us your name."),
        ("name", "Eve\r\nBcc: victim@example.org", "one line"),
        ("name", "x" * 101, "the limit is 100"),
        ("email", "not-an-address", "doesn't look like an email"),
        ("email", "eve@example.org\r\nBcc: victim@example.org", "one line"),
        ("email", "a@example.org, b@example.org", "look like an email"),
        ("message", "   ", "Please write a message."),
        ("message", "x" * 5001, "5,001 characters long; the limit is 5,000"),
        ("website", "http://spam.example", "looked automated"),
    ],
)
def test_bad_input_is_refused_with_the_reason(client, newsroom, field, value, error):
    response = send(client, {**GOOD, field: value})

    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert error in " ".join(body["errors"][field])
    assert Conversation.objects.count() == 0


@with_worker
def test_unicode_names_and_messages_arrive_intact(client, newsroom, smtp):
    send(client, {**GOOD, "name": "Zoë Łukasz 山田", "message": "Grüße 🌍"})
    run_worker()
    [message] = smtp.messages
    assert "Zoë Łukasz 山田" in message["Reply-To"]
    assert "Grüße 🌍" in message.get_content()


def test_too_many_messages_from_one_address_are_refused_with_the_reason(
    client, newsroom, settings
):
    settings.CONTACT_MESSAGES_PER_WINDOW = 2
    statuses = [send(client).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "wait a few minutes" in send(client).json()["error"]
    assert Conversation.objects.count() == 2
    other = send(client, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_the_state_endpoint_is_never_cached_and_says_who_is_around(
    client, newsroom, staff
):
    response = client.get("/contact/state/")
    assert "no-store" in response["Cache-Control"]
    assert response.json()["around"] is False
    assert response.json()["csrf"]
    record_heartbeat(user=staff)
    assert client.get("/contact/state/").json()["around"] is True


def test_the_no_script_page_sends_and_confirms(newsroom):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get("/contact/")
    assert "We're not around right now." in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = client.post("/contact/send/", {**GOOD, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "your message is on its way" in response.content.decode()
    assert Conversation.objects.count() == 1


def test_the_no_script_page_shows_errors_and_keeps_the_text(client, newsroom):
    response = client.post("/contact/send/", {**GOOD, "email": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "doesn&#x27;t look like an email address" in html
    assert "A tip for you." in html


def test_a_post_without_a_csrf_token_is_refused(newsroom):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/contact/send/", GOOD)
    assert response.status_code == 403


def test_an_address_with_a_non_ascii_local_part_is_refused_with_a_form_error(
    client, newsroom
):
    response = send(client, {**GOOD, "email": "jörg@example.org"})
    assert response.status_code == 400
    [error] = response.json()["errors"]["email"]
    assert "before the @" in error
    assert Conversation.objects.count() == 0


def test_an_encoded_word_name_is_stored_decoded_and_on_one_line(client, newsroom):
    from masthead.contact.services.delivery import build_email_message

    send(client, {**GOOD, "name": "=?utf-8?q?Eve=0D=0ABcc:_x@y?="})
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.reply_to_name == "Eve Bcc: x@y"
    message = build_email_message(outgoing).message()
    assert message["Bcc"] is None
    assert "\r" not in message["Reply-To"] and "\n" not in message["Reply-To"]
