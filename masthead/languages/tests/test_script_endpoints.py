"""The endpoints a page's scripts call answer in the page's language (``?lang=``).

They live outside the language prefix (/accounts/, /contact/, /comments/,
/fragments/...), so the page names its language in their URLs; the page cache keeps
each language's fragment apart.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from masthead.languages import services
from masthead.pagecache.lookup import cache_key_for_request

pytestmark = pytest.mark.django_db

AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}
PASSWORD = "correct horse battery 42"
# allauth's own message for a wrong password, in its Arabic catalogue.
WRONG_PASSWORD_AR = "كلمة المرور غير صحيحة"
WRONG_PASSWORD_EN = "password you specified are not correct"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    # allauth counts login attempts in the cache, which outlives a test.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def story(make_article):
    return make_article(headline="Floods close the coast road")


@pytest.fixture
def reader(db):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        username="reader",
        email="reader@example.com",
        password=PASSWORD,
        first_name="Ada",
    )
    # Old enough to comment.
    user.date_joined = timezone.now() - timedelta(days=2)
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def failed_login_errors(client, query=""):
    response = client.post(
        f"/accounts/login/{query}",
        {"login": "reader@example.com", "password": "nope", "next": "/ar/"},
        **AJAX,
    )
    assert response.status_code == 400
    return " ".join(
        " ".join(field["errors"])
        for field in response.json()["form"]["fields"].values()
    ) + " ".join(response.json()["form"]["errors"])


def count_url(story, query=""):
    return f"/fragments/comments/{story.pk}/count/{query}"


def test_account_state_takes_the_language_from_the_query(client):
    response = client.get("/accounts/state/?lang=ar")
    assert response.status_code == 200
    assert response["Content-Language"] == "ar"
    assert response.json()["authenticated"] is False
    assert not client.get("/accounts/state/").has_header("Content-Language")


def test_failed_popup_login_answers_in_the_pages_language(client, reader):
    arabic = failed_login_errors(client, "?lang=ar")
    english = failed_login_errors(client)
    assert WRONG_PASSWORD_AR in arabic, arabic
    assert WRONG_PASSWORD_EN in english, english
    # As <html lang> spells it: any case.
    assert WRONG_PASSWORD_AR in failed_login_errors(client, "?lang=AR")


def test_comment_count_fragment_answers_in_the_pages_language(client, story):
    arabic = client.get(count_url(story, "?lang=ar")).content.decode()
    english = client.get(count_url(story)).content.decode()
    assert "لا تعليقات" in arabic
    assert "0 comments" in english
    assert "0 comments" in client.get(count_url(story, "?lang=en-gb")).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?lang=xx",
        "?lang=",
        "?lang=ar%0D%0Aevil",
        "?lang=%3Cscript%3E",
        "?lang=" + "a" * 5000,
        "?lang=عربي",
        "?lang=ar&lang=fr",
    ],
)
def test_unknown_languages_get_the_default(client, story, query):
    response = client.get(count_url(story, query))
    assert response.status_code == 200
    assert "0 comments" in response.content.decode()
    assert not response.has_header("Content-Language")


def test_lang_is_ignored_outside_the_script_endpoints(client, story):
    html = client.get(f"{story.url}?lang=ar").content.decode()
    assert '<html lang="en-GB" dir="ltr">' in html


def test_page_cache_keeps_each_languages_fragment_apart(client, story):
    first = client.get(count_url(story))
    assert first["X-Cache"] == "MISS"
    arabic = client.get(count_url(story, "?lang=ar"))
    assert arabic["X-Cache"] == "MISS"  # not the English entry
    assert "لا تعليقات" in arabic.content.decode()
    again_ar = client.get(count_url(story, "?lang=ar"))
    again_en = client.get(count_url(story))
    assert again_ar["X-Cache"] == "HIT"
    assert again_en["X-Cache"] == "HIT"
    assert "لا تعليقات" in again_ar.content.decode()
    assert "0 comments" in again_en.content.decode()
    assert "لا تعليقات" not in again_en.content.decode()


def test_cache_key_keeps_lang_and_bypasses_unknown_codes():
    def key(query):
        return cache_key_for_request(
            method="GET",
            host="localhost",
            path="/fragments/most-read/",
            query_string=query,
            cookie_header="",
            has_authorization=False,
            is_secure=False,
            generation=1,
        )

    assert key("lang=ar") is not None and key("") is not None
    assert key("lang=ar") != key("")
    assert key("lang=ar") != key("lang=en-gb")
    assert key("lang=ar&utm_source=x") == key("lang=ar")
    # Unknown or ambiguous values cannot mint cache entries: Django answers them.
    for query in ("lang=xx", "lang=AR", "lang=", "lang=ar&lang=en-gb"):
        assert key(query) is None


def test_arabic_page_gives_its_scripts_lang_urls(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arabic = services.translate_page(story, "ar", title="الفيضانات")
    html = client.get(arabic.url).content.decode()
    assert 'data-state-url="/accounts/state/?lang=ar"' in html
    assert 'data-most-read-url="/fragments/most-read/?lang=ar"' in html
    assert (
        f'data-comments-count-url="/fragments/comments/{arabic.pk}/count/?lang=ar"'
        in html
    )
    assert 'action="/accounts/login/?lang=ar"' in html
    assert "/accounts/login/?lang=ar&amp;next=" in html
    assert 'data-send-url="/contact/send/?lang=ar"' in html
    # The default language's page is as it was.
    english = client.get(story.url).content.decode()
    assert 'data-state-url="/accounts/state/"' in english
    assert "?lang=" not in english


def test_with_language_adds_lang_only_in_other_languages():
    with translation.override("ar"):
        assert (
            services.with_language("/comments/1/?done=x")
            == "/comments/1/?done=x&lang=ar"
        )
        assert services.with_language("/a/#c-1") == "/a/?lang=ar#c-1"
    with translation.override("en-gb"):
        assert services.with_language("/a/") == "/a/"


def test_full_login_page_keeps_the_language_for_its_next_try(client, reader):
    html = client.get("/accounts/login/?lang=ar&next=/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'action="/accounts/login/?lang=ar"' in html
    wrong = client.post(
        "/accounts/login/?lang=ar",
        {"login": reader.email, "password": "nope", "next": "/ar/"},
    ).content.decode()
    assert WRONG_PASSWORD_AR in wrong
    assert 'name="next" value="/ar/"' in wrong


def test_comment_posted_without_script_comes_back_in_the_pages_language(
    client, story, reader
):
    from masthead.comments.models import Comment

    client.force_login(reader)
    response = client.post(
        f"/comments/{story.pk}/post/?lang=ar", {"body": "مرحبا", "name": "Ada"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"/comments/{story.pk}/?done=published&lang=ar#comment-{comment.pk}"
    )
    thread = client.get(response["Location"].split("#")[0]).content.decode()
    assert '<html lang="ar" dir="rtl">' in thread
    assert f'action="/comments/{story.pk}/post/?lang=ar"' in thread
