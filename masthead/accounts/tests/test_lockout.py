"""A lockout an attacker cannot turn against the owner (issue 17).

Failed passwords count per IP, per (account, IP) and, more slowly, per account from
every IP together. A browser that signed in to the account before carries a signed
"known device" cookie and is not held by the per-account count.
"""

from django.conf import settings
from django.test import Client

from .conftest import READER_PASSWORD

WRONG = "wrong guess 1234"


def attempt(client, email, password, ip):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def is_locked(response) -> bool:
    return b"Too many failed attempts" in response.content


def attack_from_many_addresses(email: str) -> None:
    """Thirty guesses, five from each of six addresses: never more than a single
    address may try, yet the account's own hourly budget is spent."""
    for n in range(6):
        attacker = Client()
        for _guess in range(5):
            response = attempt(attacker, email, WRONG, f"198.51.100.{n + 1}")
            assert not is_locked(response)
    assert is_locked(attempt(Client(), email, WRONG, "198.51.100.99"))


def test_one_address_guessing_cannot_lock_the_owner_out_elsewhere(client, make_reader):
    reader = make_reader()
    attacker = Client()
    for _guess in range(10):
        attempt(attacker, reader.email, WRONG, "198.51.100.7")
    assert is_locked(attempt(attacker, reader.email, READER_PASSWORD, "198.51.100.7"))

    owner = attempt(client, reader.email, READER_PASSWORD, "203.0.113.5")

    assert owner.status_code == 302
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_an_attack_from_many_addresses_holds_a_new_browser_back(make_reader):
    reader = make_reader()
    attack_from_many_addresses(reader.email)

    stranger_browser = Client()
    response = attempt(stranger_browser, reader.email, READER_PASSWORD, "203.0.113.5")

    assert is_locked(response)
    assert "_auth_user_id" not in stranger_browser.session


def test_the_owners_known_browser_still_gets_in_during_the_attack(make_reader):
    reader = make_reader()
    owners_browser = Client()
    assert attempt(owners_browser, reader.email, READER_PASSWORD, "203.0.113.5")
    cookie = owners_browser.cookies[settings.MASTHEAD_KNOWN_DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    owners_browser.post("/accounts/logout/")

    attack_from_many_addresses(reader.email)
    response = attempt(owners_browser, reader.email, READER_PASSWORD, "203.0.113.5")

    assert response.status_code == 302
    assert owners_browser.session["_auth_user_id"] == str(reader.pk)


def test_a_known_device_cookie_for_another_account_or_forged_does_not_help(
    make_reader,
):
    reader = make_reader()
    other = make_reader("other@example.com")
    others_browser = Client()
    attempt(others_browser, other.email, READER_PASSWORD, "203.0.113.6")
    others_browser.post("/accounts/logout/")
    attack_from_many_addresses(reader.email)

    forged = Client()
    forged.cookies[settings.MASTHEAD_KNOWN_DEVICE_COOKIE] = f"{reader.pk}:forged:sig"

    for browser in (others_browser, forged):
        response = attempt(browser, reader.email, READER_PASSWORD, "203.0.113.5")
        assert is_locked(response)
