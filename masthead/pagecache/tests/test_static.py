"""Static files are answered in the event loop, never by Django (issue 14)."""

import gzip

import pytest

from masthead.pagecache.static import StaticFilesApp

from .test_asgi import CountingApp, request

CSS = b"body { color: #222; }\n" * 200


class Refuse:
    """Stands for Django: a request that reaches it is counted and answered 404."""

    def __init__(self):
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture
def collected(settings, tmp_path):
    """A collected static folder, as ``collectstatic`` leaves it (with a gzip)."""
    (tmp_path / "masthead").mkdir()
    (tmp_path / "masthead" / "site.css").write_bytes(CSS)
    (tmp_path / "masthead" / "site.css.gz").write_bytes(gzip.compress(CSS))
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = False
    return tmp_path


def test_a_collected_file_is_sent_with_cache_and_security_headers(collected):
    django = Refuse()
    app = StaticFilesApp(django)
    status, headers, body = request(app, "/static/masthead/site.css")
    assert (status, body) == (200, CSS)
    assert headers[b"content-type"].startswith(b"text/css")
    assert b"max-age=" in headers[b"cache-control"]
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert b"default-src" in headers[b"content-security-policy"]
    assert django.calls == 0


def test_compressed_variants_and_revalidation_work_as_with_whitenoise(collected):
    app = StaticFilesApp(Refuse())
    status, headers, body = request(
        app, "/static/masthead/site.css", headers=[(b"accept-encoding", b"gzip")]
    )
    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == CSS
    etag = headers[b"etag"]
    status, headers, body = request(
        app, "/static/masthead/site.css", headers=[(b"if-none-match", etag)]
    )
    assert (status, body) == (304, b"")
    status, headers, body = request(app, "/static/masthead/site.css", method="HEAD")
    assert (status, body) == (200, b"")
    assert int(headers[b"content-length"]) == len(CSS)


def test_a_range_request_gets_its_slice(collected):
    app = StaticFilesApp(Refuse())
    status, headers, body = request(
        app, "/static/masthead/site.css", headers=[(b"range", b"bytes=0-3")]
    )
    assert (status, body) == (206, CSS[:4])
    # ...and the whole file is still whole afterwards.
    assert request(app, "/static/masthead/site.css")[2] == CSS


def test_unknown_files_and_other_paths_go_on_to_django(collected):
    django = Refuse()
    app = StaticFilesApp(django)
    for path in ("/static/missing.css", "/static/../settings.py", "/story/", "/static"):
        assert request(app, path)[0] == 404
    status, _, _ = request(app, "/static/masthead/site.css", method="POST")
    assert status == 404
    assert django.calls == 5


def test_the_site_application_serves_static_files_before_django(collected):
    from masthead import asgi

    inner = CountingApp(asgi.django_application)
    app = StaticFilesApp(inner)
    assert request(app, "/static/masthead/site.css")[0] == 200
    assert inner.calls == 0
    assert isinstance(asgi.application.application_mapping["http"], StaticFilesApp)
