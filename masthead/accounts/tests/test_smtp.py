"""The reset email through a real SMTP server (aiosmtpd on 127.0.0.1, the root
conftest's ``smtp`` fixture)."""


def test_reset_email_reaches_an_smtp_server_with_text_and_html_parts(
    client, home_page, make_reader, smtp
):
    reader = make_reader("smtp-reader@example.com")

    response = client.post("/accounts/password/reset/", {"email": reader.email})

    assert response.status_code == 302
    [message] = smtp.messages
    assert message["To"] == "smtp-reader@example.com"
    assert message["Subject"] == "[Test Courier] Choose a new password"
    assert message["From"].addresses[0].display_name == "Test Courier"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "/accounts/password/reset/key/" in text
    assert "/accounts/password/reset/key/" in html
    assert "<a href=" in html
