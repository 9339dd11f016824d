"""The live chat in Chromium when things go wrong: nobody answers, a reader floods,
a connection drops, a staff member goes away and comes back.

Same real ASGI server (uvicorn, WebSockets) as ``test_contact.py``.
"""

from __future__ import annotations

import pytest

from masthead.contact.models import Conversation, OutgoingEmail
from masthead.contact.tests.conftest import run_worker
from tests.browser.test_contact import (
    OFFLINE,
    open_box,
    staff_page,
    start_reader_chat,
)
from tests.factories import make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]


def test_an_unanswered_chat_turns_into_the_email_form_keeping_the_text(
    asgi_server, newsroom, outbox, new_page, screenshot, settings
):
    settings.CONTACT_CHAT_ANSWER_WITHIN_SECONDS = 4
    staff = make_staff(answer=True)
    admin, reader, box = start_reader_chat(asgi_server, new_page, staff, width=375)
    status = box.locator("[data-chat-status]")
    assert status.inner_text() == "Waiting for someone in the newsroom to answer…"
    box.locator("#cb-chat-input").fill("And which buses run instead?")
    screenshot(reader, "chat-waiting-375", full_page=False)

    lead = box.locator(".contact-box__lead", has_text="We're not around")
    lead.wait_for(timeout=10_000)
    assert lead.inner_text() == OFFLINE
    assert "Nobody in the newsroom has answered yet" in (
        box.locator("[data-contact-note]").inner_text()
    )
    assert box.locator("#cb-name").input_value() == "Ada Reader"
    assert box.locator("#cb-message").input_value() == (
        "Is the bridge closed tomorrow?\n\nAnd which buses run instead?"
    )
    screenshot(reader, "chat-unanswered-email-form-375", full_page=False)

    box.locator("#cb-email").fill("ada@example.org")
    box.get_by_role("button", name="Send").click()
    box.get_by_text("your message is on its way").wait_for()
    message = Conversation.objects.get(kind=Conversation.Kind.MESSAGE)
    assert message.email == "ada@example.org"
    assert message.lines.get().body.startswith("Is the bridge closed tomorrow?")
    assert message.emails.get().status == OutgoingEmail.Status.QUEUED
    run_worker()
    [written] = list(outbox.iterdir())
    assert "And which buses run instead?" in written.read_text()
    # The chat nobody answered no longer waits for an answer in the inbox.
    chat = Conversation.objects.get(kind=Conversation.Kind.CHAT)
    assert chat.status == Conversation.Status.CLOSED


def test_an_answer_in_time_stops_the_clock(asgi_server, newsroom, new_page, settings):
    settings.CONTACT_CHAT_ANSWER_WITHIN_SECONDS = 4
    staff = make_staff(answer=True)
    admin, reader, box = start_reader_chat(asgi_server, new_page, staff)
    conversation = Conversation.objects.get()
    admin.goto(f"{asgi_server.url}/admin/contact/{conversation.pk}/chat/")
    admin.get_by_label("Your answer").fill("Yes, from 6am.")
    admin.get_by_role("button", name="Send").click()
    box.locator(".contact-chat__line--staff", has_text="Yes, from 6am.").wait_for()
    assert (
        box.locator("[data-chat-status]").inner_text()
        == "You're chatting with the newsroom."
    )
    reader.wait_for_timeout(5_000)
    assert box.locator("[data-chat-form]").is_visible()


def test_a_flood_of_lines_shows_the_reader_why_and_keeps_the_text(
    asgi_server, newsroom, new_page, screenshot, settings
):
    settings.CONTACT_CHAT_LINES_PER_MINUTE = 2
    staff = make_staff(answer=True)
    admin, reader, box = start_reader_chat(asgi_server, new_page, staff)
    chat_input = box.locator("#cb-chat-input")
    chat_input.fill("Second line")
    chat_input.press("Enter")
    box.locator(".contact-chat__line--reader", has_text="Second line").wait_for()
    chat_input.fill("Third line, too soon")
    chat_input.press("Enter")

    error = box.locator("[data-chat-error]")
    error.get_by_text("You're sending messages too fast; wait a few seconds").wait_for()
    assert chat_input.input_value() == "Third line, too soon"
    screenshot(reader, "chat-flood-limited", full_page=False)
    assert Conversation.objects.get().lines.count() == 2


def test_dropped_sockets_reconnect_and_keep_what_was_being_typed(
    asgi_server, newsroom, new_page, screenshot
):
    staff = make_staff(answer=True)
    admin = staff_page(new_page, asgi_server, staff)
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.goto(asgi_server.url + "/admin/")
    reader = new_page(width=375, height=800)
    routes = []

    def through_to_server(route):
        routes.append(route)
        route.connect_to_server()

    reader.route_web_socket("**/ws/contact/chat/", through_to_server)
    opened = []
    reader.on("websocket", lambda socket: opened.append(socket.url))
    reader.goto(asgi_server.url + "/")
    box = open_box(reader)
    box.get_by_text("We're here right now.").wait_for()
    box.locator("#cb-chat-name").fill("Ada Reader")
    box.locator("#cb-chat-first").fill("Is the bridge closed tomorrow?")
    box.get_by_role("button", name="Start chat").click()
    box.locator(".contact-chat__line--reader", has_text="Is the bridge").wait_for()
    conversation = Conversation.objects.get()
    admin.goto(f"{asgi_server.url}/admin/contact/{conversation.pk}/chat/")
    admin.get_by_text("Connected.").wait_for()

    box.locator("#cb-chat-input").fill("Half a thought, still typing")
    # The reader's connection drops (a proxy restart, a flaky network) ...
    routes[0].close(code=1012)
    status = box.locator("[data-chat-status]")
    status.get_by_text("Reconnecting").wait_for()
    screenshot(reader, "chat-reconnecting-375", full_page=False)
    # ... and comes back by itself, with the history and the unsent text.
    status.get_by_text("Waiting for someone").wait_for()
    assert len(routes) == 2 and len(opened) == 2
    assert box.locator("#cb-chat-input").input_value() == (
        "Half a thought, still typing"
    )
    assert box.locator(".contact-chat__line--reader").count() == 1

    box.locator("#cb-chat-input").press("Enter")
    admin.locator(".contact-chat__line--reader", has_text="Half a thought").wait_for()
    assert box.locator("#cb-chat-input").input_value() == ""


def test_the_staff_chat_reconnects_keeping_the_answer(asgi_server, newsroom, new_page):
    staff = make_staff(answer=True)
    admin, reader, box = start_reader_chat(asgi_server, new_page, staff)
    conversation = Conversation.objects.get()
    routes = []

    def through_to_server(route):
        routes.append(route)
        route.connect_to_server()

    admin.route_web_socket("**/ws/contact/staff/**", through_to_server)
    admin.goto(f"{asgi_server.url}/admin/contact/{conversation.pk}/chat/")
    admin.get_by_text("Connected.").wait_for()
    answer = admin.get_by_label("Your answer")
    answer.fill("Yes, from 6am.")
    routes[0].close(code=1012)
    admin.get_by_text("Reconnecting").wait_for()
    admin.get_by_text("Connected.").wait_for()
    assert len(routes) == 2
    assert answer.input_value() == "Yes, from 6am."
    admin.get_by_role("button", name="Send").click()
    box.locator(".contact-chat__line--staff", has_text="Yes, from 6am.").wait_for()
    assert answer.input_value() == ""


def test_go_away_lasts_until_be_available(asgi_server, newsroom, new_page, screenshot):
    staff = make_staff(answer=True)
    admin = staff_page(new_page, asgi_server, staff)
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.goto(asgi_server.url + "/admin/contact/")
    # The inbox "Go away" lands on sends a heartbeat of its own: it must not count.
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.get_by_role("button", name="Go away").click()
    admin.get_by_text("You're away.").wait_for()
    screenshot(admin, "contact-admin-away")

    reader = new_page(width=375, height=800)
    reader.goto(asgi_server.url + "/")
    box = open_box(reader)
    lead = box.locator(".contact-box__lead", has_text="We're not around")
    lead.wait_for()
    screenshot(reader, "contact-away-reader-375", full_page=False)

    admin.get_by_role("button", name="Be available").click()
    admin.get_by_role("button", name="Go away").wait_for()
    reader.reload()
    box = open_box(reader)
    box.get_by_text("We're here right now.").wait_for()
