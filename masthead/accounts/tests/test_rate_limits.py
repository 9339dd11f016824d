"""allauth's rate limits, as configured for Masthead, with a clear answer when hit."""

from django.core import mail

from .conftest import READER_PASSWORD


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(
    client, make_reader
):
    reader = make_reader()
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/", {"login": reader.email, "password": "wrong guess"}
        )
        assert b"not correct" in response.content

    locked = client.post(
        "/accounts/login/", {"login": reader.email, "password": READER_PASSWORD}
    )

    assert locked.status_code == 200
    assert b"Too many failed attempts to log in" in locked.content
    assert "_auth_user_id" not in client.session


def test_failed_logins_on_one_account_do_not_lock_another(client, make_reader):
    victim = make_reader("victim@example.com")
    other = make_reader("other@example.com")
    for _attempt in range(6):
        client.post(
            "/accounts/login/", {"login": victim.email, "password": "wrong guess"}
        )

    response = client.post(
        "/accounts/login/", {"login": other.email, "password": READER_PASSWORD}
    )

    assert response.status_code == 302


def test_reset_requests_for_one_address_are_limited_per_account(
    client, home_page, make_reader
):
    reader = make_reader()
    for _attempt in range(3):
        response = client.post("/accounts/password/reset/", {"email": reader.email})
        assert response.status_code == 302

    limited = client.post("/accounts/password/reset/", {"email": reader.email})

    assert limited.status_code == 429
    assert b"Too many attempts" in limited.content
    assert len(mail.outbox) == 3


def test_signups_from_one_address_are_limited_per_ip_with_a_site_page(
    client, home_page
):
    for n in range(10):
        client.post(
            "/accounts/signup/",
            {
                "email": f"bulk{n}@example.com",
                "password1": READER_PASSWORD,
                "password2": READER_PASSWORD,
            },
        )

    limited = client.post(
        "/accounts/signup/",
        {
            "email": "one-too-many@example.com",
            "password1": READER_PASSWORD,
            "password2": READER_PASSWORD,
        },
    )

    assert limited.status_code == 429
    html = limited.content.decode()
    assert "Too many attempts" in html
    assert "Test Courier" in html  # the site's own layout, not a bare error
