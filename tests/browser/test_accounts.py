"""A reader signs up, confirms, forgets, resets and logs in from the popup."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

EMAIL = "ada.reader@example.com"
FIRST_PASSWORD = "first passphrase 4 news"
NEW_PASSWORD = "second passphrase 5 news"
POPUP_TITLE = "Log in with your credentials"


def link_in_last_email(fragment: str) -> str:
    body = mail.outbox[-1].body
    for url in re.findall(r"https?://[^\s<>\"]+", body):
        if fragment in url:
            return url
    raise AssertionError(f"no {fragment!r} link in {body!r}")


def to_live(url: str, live_server) -> str:
    """Emails name the newsroom's host; the test's server listens elsewhere."""
    path = re.sub(r"^https?://[^/]+", "", url)
    return live_server.url + path


def open_popup(page):
    page.get_by_role("banner").get_by_role("link", name="Log in").click()
    dialog = page.get_by_role("dialog", name=POPUP_TITLE)
    dialog.wait_for()
    return dialog


def log_out_from_header(page):
    page.locator("[data-account-area]").get_by_role("button", name="Log out").click()
    page.locator("[data-account-area]").get_by_role("link", name="Log in").wait_for()


@pytest.fixture
def article(page_root, make_article, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    cache.clear()
    yield make_article(
        headline="Council approves the new river crossing",
        paragraphs=("The vote was close.", "Work starts in spring."),
    )
    cache.clear()


def test_reader_signs_up_resets_and_logs_in_from_the_popup_on_an_article(
    article, live_server, new_page, screenshot
):
    article_url = live_server.url + article.url
    page = new_page(width=1280, height=900)

    # Sign up from the popup's link, then confirm from the email.
    page.goto(article_url)
    dialog = open_popup(page)
    screenshot(page, "accounts-popup-1280", full_page=False)
    dialog.get_by_role("link", name="Create an account").click()
    main = page.locator("main")
    main.get_by_label("Your name").fill("Ada Reader")
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_label("Password", exact=True).fill(FIRST_PASSWORD)
    main.get_by_label("Password (again)").fill(FIRST_PASSWORD)
    screenshot(page, "accounts-signup-page")
    main.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert mail.outbox[-1].to == [EMAIL]

    page.goto(to_live(link_in_last_email("/accounts/confirm-email/"), live_server))
    page.get_by_role("button", name="Confirm my address").click()
    page.wait_for_url(article_url)  # back on the story they signed up from
    account_area = page.locator("[data-account-area]")
    account_area.get_by_role("link", name="Your account: Ada Reader").wait_for()
    screenshot(page, "accounts-signed-in-header", full_page=False)

    # Log out, then forget the password.
    log_out_from_header(page)
    page.goto(article_url)
    dialog = open_popup(page)
    dialog.get_by_role("link", name="Forgot your details?").click()
    page.get_by_role("heading", name="Forgot your details?").wait_for()
    screenshot(page, "accounts-reset-page")
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_role("button", name="Send me a reset link").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    reset_link = to_live(
        link_in_last_email("/accounts/password/reset/key/"), live_server
    )
    page.goto(reset_link)
    main.get_by_label("New Password", exact=True).fill(NEW_PASSWORD)
    main.get_by_label("New Password (again)").fill(NEW_PASSWORD)
    main.get_by_role("button", name="Save new password").click()
    # The new password signs the reader straight in.
    account_area.get_by_role("link", name="Your account: Ada Reader").wait_for()
    log_out_from_header(page)

    # The used link now says so and offers a new one.
    page.goto(reset_link)
    page.get_by_role(
        "heading", name=re.compile("expired or was already used")
    ).wait_for()
    assert page.get_by_role("link", name="Send me a new link").is_visible()
    screenshot(page, "accounts-reset-link-used")

    # Log in from the popup on the article and land back on it.
    page.goto(article_url)
    dialog = open_popup(page)
    dialog.get_by_label("Email").fill(EMAIL)
    dialog.get_by_label("Password").fill(NEW_PASSWORD)
    dialog.get_by_role("button", name="Log in").click()
    page.wait_for_url(article_url)
    account_area.get_by_role("link", name="Your account: Ada Reader").wait_for()
    assert page.locator("h1").inner_text() == "Council approves the new river crossing"
    screenshot(page, "accounts-back-on-article", full_page=False)

    # What the signed-in reader's script knows never reaches a cached page.
    state = page.evaluate(
        "() => fetch('/accounts/state/', {cache: 'no-store'}).then(r => r.json())"
    )
    assert state["authenticated"] is True
    anonymous_html = Client().get(article.url).content.decode()
    assert "Ada Reader" not in anonymous_html
    assert EMAIL not in anonymous_html
    assert state["csrfToken"] not in anonymous_html
    assert page.context.cookies()  # the reader really holds a session

    # Logged in, the reader still gets the shared cached page, and the header
    # still shows who they are (filled in from /accounts/state/).
    response = page.reload()
    assert response.headers["x-cache"] == "HIT"
    account_area.get_by_role("link", name="Your account: Ada Reader").wait_for()
    screenshot(page, "accounts-signed-in-cached-page", full_page=False)


def test_popup_shows_a_wrong_password_inside_the_dialog(article, live_server, new_page):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="known", email=EMAIL, password=FIRST_PASSWORD
    )
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    page = new_page(width=1280, height=900)
    page.goto(live_server.url + article.url)

    dialog = open_popup(page)
    dialog.get_by_label("Email").fill(EMAIL)
    dialog.get_by_label("Password").fill("not the password")
    dialog.get_by_role("button", name="Log in").click()

    alert = dialog.get_by_role("alert")
    alert.wait_for()
    assert "not correct" in alert.inner_text()
    assert page.url == live_server.url + article.url


def test_popup_on_a_phone_traps_focus_and_escape_returns_it(
    article, live_server, new_page, screenshot
):
    page = new_page(width=375, height=740)
    page.goto(live_server.url + article.url)

    dialog = open_popup(page)
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert dialog.get_by_label("Email").evaluate("el => el === document.activeElement")
    screenshot(page, "accounts-popup-375", full_page=False)

    for _step in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.querySelector('[data-login-dialog]')"
            ".contains(document.activeElement)"
        )
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(
        "() => document.querySelector('[data-login-dialog]')"
        ".contains(document.activeElement)"
    )

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("() => document.activeElement.matches('[data-login-open]')")


def test_without_script_log_in_is_a_working_link_to_the_full_page(
    article, live_server, browser
):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="known", email=EMAIL, password=FIRST_PASSWORD, first_name="Ada"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.url)
        page.get_by_role("banner").get_by_role("link", name="Log in").click()
        page.get_by_role("heading", name=POPUP_TITLE).wait_for()
        main = page.locator("main")
        main.get_by_label("Email").fill(EMAIL)
        main.get_by_label("Password").fill(FIRST_PASSWORD)
        main.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server.url + article.url)
    finally:
        context.close()


def test_reader_manages_and_then_deletes_their_account(
    article, live_server, new_page, screenshot
):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="leaving", email=EMAIL, password=FIRST_PASSWORD, first_name="Ada"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    page = new_page(width=375, height=800)
    page.goto(live_server.url + "/accounts/login/?next=/accounts/")
    main = page.locator("main")
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_label("Password").fill(FIRST_PASSWORD)
    main.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your account").wait_for()
    screenshot(page, "accounts-overview-375")

    main.get_by_role("link", name="Change your email address").click()
    page.get_by_role("heading", name=re.compile("Email")).first.wait_for()
    screenshot(page, "accounts-email-375")

    page.goto(live_server.url + "/accounts/delete/")
    main.get_by_label("Your password").fill(FIRST_PASSWORD)
    main.get_by_label("I understand").check()
    screenshot(page, "accounts-delete-375")
    main.get_by_role("button", name="Delete my account").click()
    page.get_by_role("heading", name="Your account has been deleted").wait_for()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    page.locator("[data-account-area]").get_by_role("link", name="Log in").wait_for()
