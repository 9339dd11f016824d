"""Bad requests over HTTP: always JSON, never a 500, and the limit named."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, status, code",
    [
        ("/api/v1/stories/?limit=500", 400, "limit_too_large"),
        ("/api/v1/stories/?offset=1000000", 400, "unknown_parameter"),
        ("/api/v1/stories/?cursor=%00%01", 400, "invalid_cursor"),
        ("/api/v1/stories/?tag=%3Cscript%3E", 400, "invalid_parameter"),
        ("/api/v1/stories/?published_after=%0D%0A", 400, "invalid_parameter"),
        ("/api/v1/stories/1/?fields=body", 400, "unknown_parameter"),
        ("/api/v1/sections/?limit=5", 400, "unknown_parameter"),
        ("/api/v1/stories/99999999999999999999/", 404, "not_found"),
        ("/api/v1/stories/-1/", 404, "not_found"),
        ("/api/v1/authors/%C3%A9/", 404, "not_found"),
        ("/api/v2/stories/", 404, "not_found"),
        ("/api/v1/stories", 404, "not_found"),
    ],
)
def test_bad_requests_are_answered_in_json(api, section, path, status, code):
    response = api(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.data["error"]["code"] == code
    assert response.data["error"]["message"]
    assert "no-store" in response["Cache-Control"]


def test_a_huge_page_size_names_the_limit(api, section):
    error = api("/api/v1/stories/?limit=100000").data["error"]
    assert error["max_limit"] == 50
    assert "50" in error["message"]


def test_unicode_and_markup_in_stories_come_back_as_data(api, make_article):
    story = make_article(
        "Café <script>alert(1)</script> \u202e",
        paragraphs=[
            "<img src=x onerror=alert(1)> \u0645\u0631\u062d\u0628\u0627\r\nnext"
        ],
    )
    data = api(f"/api/v1/stories/{story.pk}/").data
    assert data["title"] == "Café <script>alert(1)</script> \u202e"
    html = data["body"][0]["value"]["html"]
    assert "<img" not in html and "&lt;img" in html
    assert "\u0645\u0631\u062d\u0628\u0627" in html
