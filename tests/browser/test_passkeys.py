"""Passkeys (issue 17): a reader registers one with Chromium's virtual authenticator
(CDP WebAuthn domain), and later signs in with it alone, while an attack from many
addresses keeps password logins to the account shut.

http://localhost is a secure context for Chromium, and the relying party id is the
request's host ("localhost"), which fido2 accepts over plain http for localhost.
"""

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "pat.reader@example.com"
PASSWORD = "passphrase for pat 9"


@pytest.fixture
def reader(home_page):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    cache.clear()
    user = get_user_model().objects.create_user(
        username="pat", email=EMAIL, password=PASSWORD, first_name="Pat"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    yield user
    cache.clear()


def add_virtual_authenticator(page) -> str:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    answer = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page._masthead_cdp = cdp  # kept alive with the page
    return answer["authenticatorId"]


def watch_for_trouble(page) -> list[str]:
    """Console errors and CSP violations (h-headers' policy: no inline script)."""
    trouble: list[str] = []
    page.on(
        "console",
        lambda message: (
            trouble.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: trouble.append(str(error)))
    return trouble


def attack_from_many_addresses() -> None:
    for n in range(6):
        attacker = Client()
        for _guess in range(5):
            attacker.post(
                "/accounts/login/",
                {"login": EMAIL, "password": "wrong guess 1234"},
                REMOTE_ADDR=f"198.51.100.{n + 1}",
            )


def test_a_reader_registers_a_passkey_and_signs_in_with_it_during_an_attack(
    reader, live_server, new_page, screenshot
):
    from allauth.mfa.models import Authenticator

    base = live_server.url
    assert base.startswith("http://localhost:")
    page = new_page(width=1280, height=900)
    trouble = watch_for_trouble(page)
    authenticator_id = add_virtual_authenticator(page)

    # Log in with the password, then add a passkey from the account page.
    page.goto(base + "/accounts/login/")
    main = page.locator("main")
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")
    page.goto(base + "/accounts/")
    page.get_by_role("link", name="Passkeys and two-step login").click()
    page.wait_for_url(base + "/accounts/2fa/")
    page.goto(base + "/accounts/2fa/webauthn/add/")
    # Adding a factor asks for the password again.
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Confirm").click()
    page.wait_for_url(base + "/accounts/2fa/webauthn/add/")
    main.get_by_label("Passwordless").check()
    screenshot(page, "passkeys-add")
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(base + "/accounts/2fa/recovery-codes/")
    passkey = Authenticator.objects.get(user=reader, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless
    cdp = page._masthead_cdp
    [credential] = cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator_id}
    )["credentials"]
    assert credential["isResidentCredential"] and credential["rpId"] == "localhost"

    # Forget this browser entirely (session and known-device cookie); an attacker
    # spends the account's password budget from six addresses.
    page.context.clear_cookies()
    attack_from_many_addresses()

    page.goto(base + "/accounts/login/")
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Log in").click()
    main.get_by_text("Too many failed attempts").wait_for()
    screenshot(page, "passkeys-login-locked")

    # The passkey alone still gets the owner in.
    main.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(base + "/")
    state = page.evaluate(
        "() => fetch('/accounts/state/', {cache: 'no-store'}).then(r => r.json())"
    )
    assert state["authenticated"] is True and state["name"] == "Pat"
    page.goto(base + "/accounts/")
    account_area = page.locator("[data-account-area]")
    account_area.get_by_role("link", name="Your account: Pat").wait_for()
    screenshot(page, "passkeys-signed-in")
    assert trouble == []


def test_staff_sign_in_at_the_newsroom_door_and_land_on_the_admin(
    home_page, live_server, new_page, screenshot
):
    from tests.factories import PASSWORD, make_staff

    cache.clear()
    make_staff(username="chief")
    base = live_server.url
    page = new_page(width=1280, height=900)
    trouble = watch_for_trouble(page)

    page.goto(base + "/admin/pages/")
    page.wait_for_url(base + "/admin/login/?next=/admin/pages/")
    assert page.get_by_role("button", name="Use a passkey").is_visible()
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    screenshot(page, "passkeys-admin-door")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/**")
    assert trouble == []
    cache.clear()
