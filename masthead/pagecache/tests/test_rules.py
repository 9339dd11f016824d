import pytest

from masthead.pagecache import rules


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("page=2", "page=2"),
        ("utm_source=x&page=3&fbclid=y", "page=3"),
        ("utm_campaign=spring", ""),
        ("page=abc", None),
        ("page=0", None),
        ("page=99999", None),
        ("page=1&page=2", None),
        ("q=putin", None),
        ("foo=1", None),
        ("page=2&x=" + "a" * 5000, None),
    ],
)
def test_only_known_query_parameters_make_a_cache_key(query, expected):
    assert rules.canonical_query(query) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/",
        "/accounts/login/",
        "/contact/send/",
        "/media/x.jpg",
        "/static/site.css",
        "/healthz",
        "/documents/1/file.pdf",
    ],
)
def test_private_paths_are_never_cached(path):
    assert rules.is_private_path(path)


@pytest.mark.parametrize("path", ["/", "/world/", "/world/story/", "/feeds/rss/"])
def test_public_paths_may_be_cached(path):
    assert not rules.is_private_path(path)


def test_session_cookie_marks_a_private_request():
    names = ("sessionid", "messages")
    assert rules.has_private_cookie("csrftoken=abc; sessionid=xyz", names)
    assert rules.has_private_cookie("messages=hello", names)
    assert not rules.has_private_cookie("csrftoken=abc; theme=dark", names)
    assert not rules.has_private_cookie("", names)
    assert not rules.has_private_cookie("xsessionid=1", names)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", "identity"),
        ("", "identity"),
        ("*", "br"),
        ("GZIP", "gzip"),
    ],
)
def test_best_accepted_encoding_is_chosen(accept, expected):
    assert rules.choose_encoding(accept, {"identity", "gzip", "br"}) == expected


def test_small_pages_without_compressed_forms_are_sent_as_they_are():
    assert rules.choose_encoding("br, gzip", {"identity"}) == "identity"


def storable(**overrides):
    values = {
        "status": 200,
        "cache_control": "",
        "vary": "",
        "sets_cookie": False,
        "content_length": 1000,
        "max_size": 10_000,
    }
    values.update(overrides)
    return rules.is_storable_response(**values)


def test_plain_public_page_is_storable():
    assert storable()
    assert storable(vary="Accept-Encoding")


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": 404},
        {"status": 302},
        {"status": 500},
        {"sets_cookie": True},
        {"vary": "Cookie"},
        {"vary": "Accept-Encoding, Cookie"},
        {"cache_control": "private"},
        {"cache_control": "no-cache, no-store, must-revalidate, private"},
        {"cache_control": "max-age=0, no-store"},
        {"content_length": 20_000},
    ],
)
def test_personal_or_unusual_responses_are_never_stored(overrides):
    assert not storable(**overrides)


def test_key_holds_generation_host_path_and_query():
    key = rules.cache_key(generation=7, host="news.example", path="/a/", query="page=2")
    assert key == "masthead:page2:7:news.example:/a/?page=2"


def test_recent_pages_stay_within_their_byte_budget():
    from masthead.pagecache.store import CachedPage, RecentPages

    def page(size):
        return CachedPage(status=200, headers=(), bodies={"identity": b"x" * size})

    recent = RecentPages(max_bytes=1000)
    recent.put("a", page(400))
    recent.put("b", page(400))
    assert recent.get("a") is not None  # a is now the most recently used
    recent.put("c", page(400))
    assert recent.get("b") is None and recent.get("a") and recent.get("c")
    assert recent.size <= 1000
    recent.put("huge", page(5000))
    assert recent.get("huge") is None
