"""Content-Security-Policy on every kind of response, and the report endpoint."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import path

from masthead.operations import csp
from masthead.pagecache.tests.test_asgi import request as asgi_request
from masthead.pagecache.tests.test_asgi import stack  # noqa: F401  (fixture)
from tests.factories import PASSWORD, make_staff


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


# Pure: the policies themselves ---------------------------------------------------


def test_reader_policy_is_strict():
    policy = directives(csp.policy_for("reader"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert policy["report-to"] == ["csp"]
    # Exactly the embed providers' players (articles/blocks/providers.py).
    assert policy["frame-src"] == ["'self'", *csp.EMBED_FRAME_SOURCES]


def test_every_embed_provider_src_is_allowed_by_frame_src():
    from masthead.articles.blocks.providers import parse_embed_url

    allowed = set(directives(csp.policy_for("reader"))["frame-src"])
    urls = [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://x.com/someone/status/1234567890",
        "https://www.instagram.com/p/CxYz12345/",
        "https://bsky.app/profile/someone.bsky.social/post/3kabc12345",
        "https://www.openstreetmap.org/?mlat=51.5&mlon=-0.1#map=15/51.5/-0.1",
    ]
    for url in urls:
        embed = parse_embed_url(url)
        assert embed is not None, url
        assert csp.origin_of(embed.src) in allowed, embed.src


def test_mastodon_instances_are_allowed_only_when_listed(settings):
    settings.MASTHEAD_CSP_FRAME_HOSTS = ["mastodon.social"]
    frames = directives(csp.policy_for("reader"))["frame-src"]
    assert "https://mastodon.social" in frames
    assert "https:" not in frames


def test_admin_policy_allows_inline_styles_but_never_inline_script():
    reader = directives(csp.policy_for("reader"))
    admin = directives(csp.policy_for("admin"))
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["script-src"] == ["'self'"]
    assert "'unsafe-eval'" not in csp.policy_for("admin")
    for name in ("default-src", "object-src", "base-uri", "form-action"):
        assert admin[name] == reader[name]


def test_media_on_s3_adds_its_origins_to_img_src(settings):
    settings.AWS_STORAGE_BUCKET_NAME = "courier-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "masthead.core.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": "courier-media",
                "region_name": "eu-west-1",
                "custom_domain": "media.courier.example",
                "access_key": "testing",
                "secret_key": "testing",
            },
        },
    }
    images = directives(csp.policy_for("reader"))["img-src"]
    # Renditions from the CDN; the admin's signed originals straight from S3.
    assert images[:3] == ["'self'", "data:", "https://media.courier.example"]
    assert len(images) == 4 and "courier-media" in images[3], images
    assert images[3].startswith("https://")


def test_the_503_page_is_allowed_its_own_styles_by_hash():
    from masthead.operations.outages import database_unavailable_response

    response = database_unavailable_response()
    styles = directives(response["Content-Security-Policy"])["style-src"]
    assert styles[0] == "'self'" and styles[1].startswith("'sha256-")
    assert "'unsafe-inline'" not in styles


# Every kind of response carries it ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/feeds/rss/",
        "/feeds/json/",
        "/sitemap.xml",
        "/robots.txt",
        "/search/?q=harbour",
        "/accounts/login/",
        "/accounts/state/",
        "/contact/state/",
        "/no-such-page/",
        "/healthz",
        "/readyz",
        "/media/original_images/x.jpg",
    ],
)
def test_reader_responses_carry_the_reader_policy(client, home_page, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == csp.policy_for("reader"), (
        response.status_code
    )
    assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'


@pytest.mark.django_db
def test_a_story_miss_and_hit_carry_the_same_policy(client, make_article):
    article = make_article(headline="Policy on a cached page")
    miss = client.get(article.url)
    hit = client.get(article.url)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    assert miss["Content-Security-Policy"] == csp.policy_for("reader")


@pytest.mark.django_db(transaction=True)
def test_an_asgi_fast_path_hit_and_304_carry_the_policy_of_the_miss(
    page_root,
    make_article,
    stack,  # noqa: F811
):
    app, django_app = stack
    article = make_article(headline="Fast and strict", paragraphs=["Words " * 100])
    _, miss, _ = asgi_request(app, article.url)
    _, hit, _ = asgi_request(app, article.url)
    status, not_modified, _ = asgi_request(
        app, article.url, headers=[(b"if-none-match", hit[b"etag"])]
    )
    assert (miss[b"x-cache"], hit[b"x-cache"], status) == (b"MISS", b"HIT", 304)
    assert django_app.calls == 1
    policy = csp.policy_for("reader").encode()
    for answer in (miss, hit, not_modified):
        assert answer[b"content-security-policy"] == policy
        assert answer[b"reporting-endpoints"] == b'csp="/csp-report/"'


def broken_view(request):
    raise RuntimeError("a bug")


# This module is also the URLconf of the error test: one view that fails.
urlpatterns = [path("broken/", broken_view)]
handler500 = "masthead.operations.views.server_error"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_carries_the_policy(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert response["Content-Security-Policy"] == csp.policy_for("reader")


@pytest.mark.django_db
def test_an_https_redirect_carries_the_policy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/feeds/rss/")
    assert response.status_code == 301
    assert response["Content-Security-Policy"] == csp.policy_for("reader")


@pytest.mark.django_db
def test_admin_pages_carry_the_admin_policy(client, page_root):
    from masthead.newsroom.roles import EDITOR
    from masthead.newsroom.services import ensure_newsroom

    ensure_newsroom()
    make_staff(role=EDITOR, username="desk")
    assert client.login(username="desk", password=PASSWORD)
    for url in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/no-such/"):
        response = client.get(url)
        assert response["Content-Security-Policy"] == csp.policy_for("admin"), url
    anonymous = Client().get("/admin/login/")
    assert anonymous["Content-Security-Policy"] == csp.policy_for("admin")


@pytest.mark.django_db
def test_report_only_mode_sends_the_report_only_header(client, home_page, settings):
    settings.MASTHEAD_CSP_REPORT_ONLY = True
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == csp.policy_for("reader")


# The report endpoint --------------------------------------------------------------

CLASSIC_REPORT = {
    "csp-report": {
        "document-uri": "https://news.example/story/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js\r\nInjected: yes",
        "line-number": 12,
    }
}
REPORTING_API_REPORT = [
    {
        "type": "csp-violation",
        "url": "https://news.example/",
        "body": {
            "documentURL": "https://news.example/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example/p.gif",
        },
    }
]


@pytest.fixture
def reports(db):
    cache.clear()
    yield Client()
    cache.clear()


def post_report(client, payload, content_type="application/csp-report", **extra):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.generic(
        "POST", "/csp-report/", body, content_type=content_type, **extra
    )


def test_a_report_is_logged_on_one_line(reports, caplog):
    with caplog.at_level(logging.WARNING, logger="masthead.csp"):
        response = post_report(reports, CLASSIC_REPORT)
        response_api = post_report(
            reports, REPORTING_API_REPORT, content_type="application/reports+json"
        )
    assert (response.status_code, response_api.status_code) == (204, 204)
    lines = [r.getMessage() for r in caplog.records if r.name == "masthead.csp"]
    assert lines == [
        "CSP violation: script-src-elem blocked https://evil.example/x.js  "
        "Injected: yes on https://news.example/story/",
        "CSP violation: img-src blocked https://tracker.example/p.gif "
        "on https://news.example/",
    ]
    assert all("\n" not in line and "\r" not in line for line in lines)


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"{not json", "application/csp-report", 400),
        (b"\xff\xfe\x00", "application/csp-report", 400),
        (b"[1, 2, 3]", "application/reports+json", 204),
        (b'{"csp-report": "text"}', "application/csp-report", 204),
        (b"{}", "text/plain", 415),
        (b"x" * (csp.MAX_REPORT_BYTES + 1), "application/csp-report", 413),
    ],
)
def test_hostile_reports_get_a_4xx_never_a_500(reports, body, content_type, status):
    assert post_report(reports, body, content_type=content_type).status_code == status


def test_reports_are_rate_limited_per_address(reports):
    statuses = [
        post_report(reports, CLASSIC_REPORT).status_code
        for _ in range(csp.REPORTS_PER_MINUTE_PER_IP + 1)
    ]
    assert statuses[:-1] == [204] * csp.REPORTS_PER_MINUTE_PER_IP
    assert statuses[-1] == 429
    other = post_report(reports, CLASSIC_REPORT, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 204


def test_reports_need_no_csrf_token_and_only_take_posts(reports):
    strict = Client(enforce_csrf_checks=True)
    assert post_report(strict, CLASSIC_REPORT).status_code == 204
    assert reports.get("/csp-report/").status_code == 405
