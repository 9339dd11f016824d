""" "Send me a copy" in the contact box, in Chromium (issue 17: no mail relay).

The box sits on pages cached for everyone, so the option is hidden in the HTML and
shown by the script only when /contact/state/ names a signed-in reader's verified
address; the copy goes there, whatever address was typed.
"""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.contact.models import OutgoingEmail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]


def verified_reader():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="ada", email="ada.verified@example.org", password="x" * 20
    )
    EmailAddress.objects.create(
        user=user, email="ada.verified@example.org", primary=True, verified=True
    )
    return user


def open_offline_box(page, url):
    page.goto(url + "/")
    page.get_by_role("link", name="Contact us").click()
    box = page.get_by_role("dialog", name="Contact us")
    box.locator(".contact-box__lead", has_text="We're not around").wait_for()
    return box


def test_an_anonymous_reader_is_not_offered_a_copy(asgi_server, newsroom, new_page):
    page = new_page(width=375, height=800)
    box = open_offline_box(page, asgi_server.url)
    assert box.locator("#cb-copy").is_hidden()
    assert box.get_by_text("Send me a copy").count() == 0 or (
        box.get_by_text("Send me a copy").is_hidden()
    )


def test_a_signed_in_reader_gets_the_copy_at_their_verified_address(
    asgi_server, newsroom, new_page, screenshot
):
    client = Client()
    client.force_login(verified_reader())
    page = new_page(width=1280, height=800)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": asgi_server.url,
            },
            {"name": "mh_signed_in", "value": "1", "url": asgi_server.url},
        ]
    )
    box = open_offline_box(page, asgi_server.url)
    label = box.get_by_text("Send me a copy (to ada.verified@example.org)")
    label.wait_for()
    box.locator("#cb-name").fill("Ada Reader")
    box.locator("#cb-email").fill("someone.else@example.net")
    box.locator("#cb-message").fill("A tip about the bridge.")
    box.locator("#cb-copy").check()
    screenshot(page, "contact-copy-verified", full_page=False)
    box.get_by_role("button", name="Send").click()
    box.get_by_text("your message is on its way").wait_for()

    copy = OutgoingEmail.objects.get(purpose=OutgoingEmail.Purpose.COPY_TO_READER)
    assert copy.to == "ada.verified@example.org"
