"""The reset email through a real SMTP server (aiosmtpd on 127.0.0.1)."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class CollectingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def find_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=find_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield handler
    controller.stop()


def test_reset_email_reaches_an_smtp_server_with_text_and_html_parts(
    client, home_page, make_reader, smtp_server
):
    reader = make_reader("smtp-reader@example.com")

    response = client.post("/accounts/password/reset/", {"email": reader.email})

    assert response.status_code == 302
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["smtp-reader@example.com"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "[Test Courier] Choose a new password"
    assert message["From"].addresses[0].display_name == "Test Courier"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "/accounts/password/reset/key/" in text
    assert "/accounts/password/reset/key/" in html
    assert "<a href=" in html
