"""The page cache through Django: hits, misses, bypasses, 304s, encodings, purges."""

import gzip
import re

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article):
    return make_article(headline="Harbour plan agreed", paragraphs=["Text " * 300])


def get(client, url, **headers):
    return client.get(url, **{f"HTTP_{k.upper()}": v for k, v in headers.items()})


def test_second_anonymous_read_is_a_hit_without_any_query(client, article):
    first = get(client, article.url)
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, article.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_hit_carries_http_caching_headers(client, article):
    get(client, article.url)
    hit = get(client, article.url)
    control = hit["Cache-Control"]
    assert "public" in control and "s-maxage=" in control
    assert "stale-while-revalidate=" in control
    assert hit["Vary"] == "Accept-Encoding"
    assert hit["ETag"].startswith('"') and hit["Last-Modified"].endswith("GMT")
    assert hit["Content-Type"].startswith("text/html")


def test_etag_and_last_modified_give_304s(client, article):
    etag = get(client, article.url)["ETag"]
    not_modified = get(client, article.url, if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    since = get(client, article.url)["Last-Modified"]
    assert get(client, article.url, if_modified_since=since).status_code == 304
    assert get(client, article.url, if_none_match='"other"').status_code == 200
    assert get(client, article.url, if_modified_since="garbage").status_code == 200


def test_compressed_forms_are_prepared_once_and_negotiated(client, article):
    plain = get(client, article.url).content
    br = get(client, article.url, accept_encoding="gzip, br")
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == plain
    gz = get(client, article.url, accept_encoding="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain
    assert int(gz["Content-Length"]) == len(gz.content) < len(plain)


def test_head_never_stores_an_entry_that_a_get_then_serves(client, article):
    head = client.head(article.url)
    assert head.status_code == 200
    first_get = get(client, article.url)
    assert first_get["X-Cache"] == "MISS"
    assert b"Harbour plan agreed" in first_get.content
    head_hit = client.head(article.url)
    assert head_hit["X-Cache"] == "HIT" and head_hit.content == b""


def test_what_is_rendered_for_a_logged_in_reader_is_never_stored(
    client, article, django_user_model
):
    reader = django_user_model.objects.create_user(
        "reader", "reader@example.org", "pw", first_name="Zelda"
    )
    client.force_login(reader)
    personal = get(client, article.url)
    assert personal["X-Cache"] == "BYPASS"
    client.logout()
    client.cookies.clear()
    anonymous = get(client, article.url)
    assert anonymous["X-Cache"] == "MISS"
    assert b"Zelda" not in anonymous.content
    # The login dialog has an empty token field that its script fills in.
    assert not re.search(
        rb'name="csrfmiddlewaretoken" value="[^"]+"', anonymous.content
    )


def test_a_logged_in_reader_is_served_the_cached_page(
    client, article, django_user_model
):
    """Pages are the same for every reader (names and tokens come from
    /accounts/state/), so readers who log in keep static-file speed."""
    get(client, article.url)  # an anonymous reader fills the cache
    reader = django_user_model.objects.create_user(
        "reader", "reader@example.org", "pw", first_name="Zelda"
    )
    client.force_login(reader)
    assert get(client, article.url)["X-Cache"] == "HIT"
    state = client.get("/accounts/state/").json()
    assert state["authenticated"] is True  # their name still reaches the page


def test_a_flash_message_bypasses_the_cache(client, article):
    get(client, article.url)
    client.cookies["messages"] = "something-for-one-reader"
    assert "X-Cache" not in get(client, article.url)


@pytest.mark.parametrize(
    "query", ["?foo=1", "?page=abc", "?page=1&page=2", "?q=" + "x" * 10_000]
)
def test_unknown_or_bad_query_parameters_bypass_the_cache(client, article, query):
    response = get(client, article.url + query)
    assert "X-Cache" not in response


def test_tracking_parameters_share_the_cached_page(client, article):
    get(client, article.url)
    assert get(client, article.url + "?utm_source=newsletter")["X-Cache"] == "HIT"


def test_forwarded_host_headers_cannot_poison_the_cache(client, article):
    get(client, article.url, x_forwarded_host="evil.example", forwarded="host=evil")
    hit = get(client, article.url)
    assert hit["X-Cache"] == "HIT"
    assert b"evil.example" not in hit.content


def test_unknown_host_is_refused_and_not_stored(client, article):
    response = client.get(article.url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert get(client, article.url)["X-Cache"] == "MISS"


@pytest.mark.parametrize("path", ["/admin/login/", "/accounts/login/"])
def test_admin_and_account_pages_are_never_cached(client, path):
    client.get(path)
    assert "X-Cache" not in client.get(path)


def test_posts_are_never_cached(client, article):
    client.post(article.url, {"x": "1"})
    assert get(client, article.url)["X-Cache"] == "MISS"


def test_missing_pages_are_not_stored(client, section):
    assert client.get("/world/no-such-story/").status_code == 404
    again = client.get("/world/no-such-story/")
    assert again.status_code == 404 and again["X-Cache"] == "BYPASS"


def test_cache_backend_down_degrades_to_a_normal_render(client, article, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pagecache": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        },
    }
    from django.core.cache import caches

    caches._settings = caches.settings = settings.CACHES
    try:
        del caches["pagecache"]
    except AttributeError:
        pass
    from masthead.core import generation

    generation._memo.update(read_at=-1e9)
    response = get(client, article.url)
    assert response.status_code == 200
    assert b"Harbour plan agreed" in response.content
