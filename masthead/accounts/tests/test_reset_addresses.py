"""The "no account" reset mail and addresses with non-ASCII local parts (issue 17):
refused with a form error, never sent with an invalid To: header."""

from django.core import mail


def test_a_non_ascii_local_part_is_a_form_error_and_sends_nothing(client, home_page):
    response = client.post("/accounts/password/reset/", {"email": "jöhn@example.com"})

    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert mail.outbox == []


def test_an_unknown_address_with_a_non_ascii_domain_gets_a_valid_to_header(
    client, home_page, smtp
):
    # Allowed: the domain has an ASCII form (IDNA), which the mail carries.
    response = client.post("/accounts/password/reset/", {"email": "john@exämple.com"})

    assert response.status_code == 302
    [message] = smtp.messages
    assert message["To"] == "john@xn--exmple-cua.com"
    assert str(message["To"]).isascii()
    assert "/accounts/password/reset/key/" not in message.get_body().get_content()
