"""The contact box in Chromium, against a real ASGI server (uvicorn, WebSockets).

Offline: the exact sentence, a message sent, seen in the admin inbox and delivered by
the worker, even when the SMTP server was down. Around: a reader and a staff member
chat over real sockets, the transcript lands in the inbox, and the box falls back to
the email form, keeping the reader's words, when the staff member leaves.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from masthead.contact.models import Conversation, OutgoingEmail
from masthead.contact.services.presence import is_newsroom_around_now
from masthead.contact.tests.conftest import run_worker
from masthead.contact.tests.helpers import LocalSMTP
from tests.factories import make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]

OFFLINE = (
    "We're not around right now. But you can send us an email and we'll get back "
    "to you, asap."
)


def staff_page(new_page, server, user, **size):
    """A browser logged in to the admin as ``user`` (session cookie from Django)."""
    client = Client()
    client.force_login(user)
    page = new_page(**size)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": server.url,
            }
        ]
    )
    return page


def open_box(page):
    page.get_by_role("link", name="Contact us").click()
    return page.get_by_role("dialog", name="Contact us")


def fill_offline_form(box, *, name="Ada Reader", email="ada@example.org", text=""):
    box.locator("#cb-name").fill(name)
    box.locator("#cb-email").fill(email)
    box.locator("#cb-message").fill(text)


def wait_until(predicate, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.parametrize("width", [375, 1280])
def test_offline_box_says_so_and_sends_a_message_to_inbox_and_outbox(
    asgi_server, newsroom, outbox, new_page, screenshot, width
):
    page = new_page(width=width, height=800)
    page.goto(asgi_server.url + "/")

    box = open_box(page)
    lead = box.locator(".contact-box__lead", has_text="We're not around")
    lead.wait_for()
    assert lead.inner_text() == OFFLINE
    fill_offline_form(box, text="Your bridge story has the wrong date. <b>Hi</b>")
    screenshot(page, f"contact-offline-{width}", full_page=False)
    box.get_by_role("button", name="Send").click()

    box.get_by_text("your message is on its way").wait_for()
    screenshot(page, f"contact-sent-{width}", full_page=False)
    conversation = Conversation.objects.get()
    assert conversation.name == "Ada Reader"
    assert conversation.emails.get().status == OutgoingEmail.Status.QUEUED

    run_worker()

    [written] = list(outbox.iterdir())
    mail_text = written.read_text()
    assert "To: desk@courier.example" in mail_text
    assert "Reply-To: Ada Reader <ada@example.org>" in mail_text
    assert "Your bridge story has the wrong date. <b>Hi</b>" in mail_text

    if width == 1280:
        admin = staff_page(new_page, asgi_server, make_staff(answer=True))
        admin.goto(asgi_server.url + "/admin/contact/")
        row = admin.locator(f"[data-conversation='{conversation.pk}']")
        assert "Ada Reader" in row.inner_text()
        assert "unread" in row.inner_text().lower()
        assert "Reader messages (1)" in admin.locator("#wagtail-sidebar").inner_text()
        screenshot(admin, "contact-admin-inbox")
        row.get_by_role("link", name="Ada Reader").click()
        body = admin.locator(".contact-admin__body").first
        # Markup a reader typed is shown as the characters they typed.
        assert body.inner_text() == "Your bridge story has the wrong date. <b>Hi</b>"
        assert admin.locator(".contact-admin__body b").count() == 0
        assert (
            "Sent after 1 attempt" in admin.locator("[data-email-status]").inner_text()
        )
        screenshot(admin, "contact-admin-message")


def test_a_message_sent_while_smtp_is_down_is_kept_and_delivered_later(
    asgi_server, newsroom, new_page, settings
):
    smtp = LocalSMTP()
    smtp.use_in(settings)  # the server is not started: connections are refused
    settings.CONTACT_EMAIL_RETRY_BASE_SECONDS = 60
    page = new_page()
    page.goto(asgi_server.url + "/")
    box = open_box(page)
    fill_offline_form(box, text="Sent while the mail server was down.")
    box.get_by_role("button", name="Send").click()
    box.get_by_text("your message is on its way").wait_for()

    run_worker()

    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    [failed] = outgoing.delivery_attempts.all()
    assert not failed.succeeded and failed.error
    admin = staff_page(new_page, asgi_server, make_staff(answer=True))
    admin.goto(f"{asgi_server.url}/admin/contact/{outgoing.conversation_id}/")
    status = admin.locator("[data-email-status]").inner_text()
    assert "Queued after 1 attempt" in status
    assert "Attempt 1" in status

    smtp.start()
    try:
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
            run_worker()
    finally:
        smtp.stop()

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert [a.succeeded for a in outgoing.delivery_attempts.all()] == [False, True]
    [message] = smtp.messages
    assert "Sent while the mail server was down." in message.get_content()


def start_reader_chat(asgi_server, new_page, staff, *, width=1280):
    """Staff in the admin, a reader who opened a chat; returns both pages."""
    admin = staff_page(new_page, asgi_server, staff)
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.goto(asgi_server.url + "/admin/")
    assert is_newsroom_around_now()

    reader = new_page(width=width, height=800)
    reader.goto(asgi_server.url + "/")
    box = open_box(reader)
    box.get_by_text("We're here right now.").wait_for()
    box.locator("#cb-chat-name").fill("Ada Reader")
    box.locator("#cb-chat-first").fill("Is the bridge closed tomorrow?")
    box.get_by_role("button", name="Start chat").click()
    box.locator(".contact-chat__line--reader", has_text="Is the bridge").wait_for()
    return admin, reader, box


def test_a_reader_and_a_staff_member_chat_live_and_the_transcript_is_kept(
    asgi_server, newsroom, new_page, screenshot
):
    staff = make_staff(answer=True)
    admin, reader, box = start_reader_chat(asgi_server, new_page, staff)
    assert box.locator("#cb-chat-input").input_value() == ""

    # Staff get a notice on their next heartbeat, and answer from the chat view.
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.reload()
    admin.get_by_role("link", name="Answer now").click()
    admin.get_by_role("link", name="answer live").click()
    admin.locator(".contact-chat__line--reader", has_text="Is the bridge").wait_for()
    admin.get_by_label("Your answer").fill("Yes, from 6am. <i>Details</i> follow.")
    admin.get_by_role("button", name="Send").click()

    box.locator(".contact-chat__line--staff", has_text="Yes, from 6am.").wait_for()
    assert box.locator(".contact-chat__line--staff i").count() == 0
    box.locator("#cb-chat-input").fill("Thank you!")
    box.locator("#cb-chat-input").press("Enter")
    admin.locator(".contact-chat__line--reader", has_text="Thank you!").wait_for()
    screenshot(reader, "contact-chat-reader", full_page=False)
    screenshot(admin, "contact-chat-staff", full_page=False)

    conversation = Conversation.objects.get()
    assert conversation.kind == Conversation.Kind.CHAT
    assert conversation.status == Conversation.Status.ANSWERED
    assert [(line.author, line.body) for line in conversation.lines.all()] == [
        ("reader", "Is the bridge closed tomorrow?"),
        ("staff", "Yes, from 6am. <i>Details</i> follow."),
        ("reader", "Thank you!"),
    ]
    admin.goto(f"{asgi_server.url}/admin/contact/{conversation.pk}/")
    transcript = admin.locator(".contact-admin__lines").inner_text()
    assert "Is the bridge closed tomorrow?" in transcript
    assert "Yes, from 6am. <i>Details</i> follow." in transcript
    screenshot(admin, "contact-admin-transcript")


def test_the_box_falls_back_to_the_form_keeping_the_text_when_staff_leave(
    asgi_server, newsroom, outbox, new_page, screenshot
):
    staff = make_staff(answer=True)
    admin, reader, box = start_reader_chat(asgi_server, new_page, staff, width=375)
    box.locator("#cb-chat-input").fill("Also, which buses run instead?")

    admin.goto(asgi_server.url + "/admin/contact/")
    admin.get_by_role("button", name="Go away").click()

    lead = box.locator(".contact-box__lead", has_text="We're not around")
    lead.wait_for()
    assert lead.inner_text() == OFFLINE
    assert "left the chat" in box.locator("[data-contact-note]").inner_text()
    assert box.locator("#cb-name").input_value() == "Ada Reader"
    assert box.locator("#cb-message").input_value() == (
        "Also, which buses run instead?"
    )
    screenshot(reader, "contact-fallback-375", full_page=False)
    box.locator("#cb-email").fill("ada@example.org")
    box.get_by_role("button", name="Send").click()
    box.get_by_text("your message is on its way").wait_for()

    message = Conversation.objects.get(kind=Conversation.Kind.MESSAGE)
    assert message.lines.get().body == "Also, which buses run instead?"
    # The chat so far stays in the inbox as its own conversation.
    chat = Conversation.objects.get(kind=Conversation.Kind.CHAT)
    assert chat.lines.get().body == "Is the bridge closed tomorrow?"


def test_the_box_falls_back_when_the_socket_cannot_connect(
    asgi_server, newsroom, new_page
):
    staff = make_staff(answer=True)
    admin = staff_page(new_page, asgi_server, staff)
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.goto(asgi_server.url + "/admin/")
    reader = new_page()
    reader.route_web_socket("**/ws/contact/chat/", lambda socket: socket.close())
    reader.goto(asgi_server.url + "/")
    box = open_box(reader)
    box.get_by_text("We're here right now.").wait_for()
    box.locator("#cb-chat-name").fill("Ada Reader")
    box.locator("#cb-chat-first").fill("Can you hear me?")
    box.get_by_role("button", name="Start chat").click()

    box.locator(".contact-box__lead", has_text="We're not around").wait_for()
    assert box.locator("#cb-message").input_value() == "Can you hear me?"
    assert box.locator("#cb-name").input_value() == "Ada Reader"


def test_bad_input_in_the_box_is_explained_and_kept(asgi_server, newsroom, new_page):
    page = new_page(width=375, height=800)
    page.goto(asgi_server.url + "/")
    box = open_box(page)
    fill_offline_form(box, email="not an address", text="x" * 5001)
    box.get_by_role("button", name="Send").click()

    box.get_by_text("doesn't look like an email address").wait_for()
    assert "5,001 characters long; the limit is 5,000" in box.inner_text()
    assert box.locator("#cb-message").input_value() == "x" * 5001
    assert Conversation.objects.count() == 0
