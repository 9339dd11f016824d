"""An anonymous reader's page view never reaches Django uncached (issue 14)."""

from urllib.parse import urlsplit

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

EMAIL = "hint.reader@example.com"
PASSWORD = "a passphrase for the hint"


@pytest.fixture
def article(page_root, make_article):
    return make_article(
        headline="Bridge reopens after repairs",
        paragraphs=("Traffic resumed at dawn.", "The works took a year."),
    )


def record_answers(page):
    """Every response the page gets: (path, X-Cache or None)."""
    answers = []
    page.on(
        "response",
        lambda response: answers.append(
            (urlsplit(response.url).path, response.headers.get("x-cache"))
        ),
    )
    return answers


def test_an_anonymous_page_view_is_the_cached_page_and_static_files_only(
    article, live_server, new_page, screenshot
):
    url = live_server.url + article.url
    first = new_page()
    first.goto(url)  # the first reader renders and stores it (and the fragments)
    first.wait_for_load_state("networkidle")

    page = new_page(width=1280, height=900)
    answers = record_answers(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    screenshot(page, "page-view-anonymous", full_page=False)

    assert page.get_by_role("banner").get_by_role("link", name="Log in").is_visible()
    assert answers[0] == (article.url, "HIT")
    for path, cache in answers[1:]:
        assert path.startswith(("/static/", "/media/")) or cache == "HIT", path
    assert not [
        path for path, _ in answers if path.startswith(("/accounts/", "/contact/"))
    ]


def test_a_signed_in_reader_still_sees_their_name_on_the_cached_page(
    article, live_server, new_page, screenshot
):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="hint", email=EMAIL, password=PASSWORD, first_name="Hana"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    url = live_server.url + article.url
    page = new_page(width=1280, height=900)
    page.goto(url)
    page.get_by_role("banner").get_by_role("link", name="Log in").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Email").fill(EMAIL)
    dialog.get_by_label("Password").fill(PASSWORD)
    dialog.get_by_role("button", name="Log in").click()
    page.wait_for_url(url)
    area = page.locator("[data-account-area]")
    area.get_by_role("link", name="Your account: Hana").wait_for()
    assert any(c["name"] == "mh_signed_in" for c in page.context.cookies())

    answers = record_answers(page)
    response = page.reload()
    assert response.headers["x-cache"] == "HIT"
    area.get_by_role("link", name="Your account: Hana").wait_for()
    assert ("/accounts/state/", None) in answers  # asked because of the hint
    screenshot(page, "page-view-signed-in", full_page=False)

    area.get_by_role("button", name="Log out").click()
    area.get_by_role("link", name="Log in").wait_for()
    assert not any(c["name"] == "mh_signed_in" for c in page.context.cookies())
